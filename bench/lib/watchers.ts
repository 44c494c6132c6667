/** The parent's side of watcher child processes (watcher-proc.ts). */
import { type ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import { within } from './stats.ts';

export interface Room {
  salonId: number;
  date: string;
}

export type WatcherCommand =
  | {
      type: 'connect';
      mode: 'sio' | 'ws';
      url: string;
      count: number;
      /** Socket k joins rooms[k % rooms.length]. */
      rooms: Room[];
      /** Reconnect like the PWA does (for the restart scenario). */
      reconnect: boolean;
      /** Join the room at once; false: connect only, join on `joinAll`. */
      join: boolean;
      /** Connections opened at a time. */
      concurrency: number;
    }
  | { type: 'joinAll'; concurrency: number }
  | { type: 'progress'; key: string }
  | { type: 'markDrop' }
  | { type: 'verify'; truth: Record<string, Array<[number, string]>> }
  | { type: 'close' };

export type WatcherReport =
  | { type: 'ready' }
  | { type: 'connected'; ok: number; failed: number; ms: number }
  | { type: 'joined'; ok: number; failed: number; ms: number }
  | { type: 'all'; key: string; count: number; first: number; last: number }
  | { type: 'progress'; key: string; count: number; rejoined: number; disconnects: number }
  | { type: 'marked' }
  | { type: 'rejoined'; count: number; last: number }
  | { type: 'verified'; checked: number; wrong: number; notLive: number; example?: string | undefined };

const ENTRY = resolve(import.meta.dirname, 'watcher-proc.ts');

export interface WatcherProc {
  pid: number;
  send: (c: WatcherCommand) => void;
  /** The next report of a type (optionally matching), within a time limit. */
  next: <T extends WatcherReport['type']>(
    type: T,
    ms: number,
    match?: (r: Extract<WatcherReport, { type: T }>) => boolean,
  ) => Promise<Extract<WatcherReport, { type: T }>>;
  close: () => Promise<void>;
}

export async function startWatcherProc(): Promise<WatcherProc> {
  const child: ChildProcess = fork(ENTRY, [], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const backlog: WatcherReport[] = [];
  const waiters = new Set<(r: WatcherReport) => boolean>();
  child.on('message', (r: WatcherReport) => {
    for (const w of waiters) if (w(r)) return;
    backlog.push(r);
    if (backlog.length > 10_000) backlog.shift();
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const next: WatcherProc['next'] = (type, ms, match) => {
    const fits = (r: WatcherReport) => r.type === type && (!match || match(r as never));
    const i = backlog.findIndex(fits);
    if (i >= 0) return Promise.resolve(backlog.splice(i, 1)[0] as never);
    let waiter: ((r: WatcherReport) => boolean) | undefined;
    const p = new Promise<never>((resolveReport) => {
      waiter = (r) => {
        if (!fits(r)) return false;
        waiters.delete(waiter as never);
        resolveReport(r as never);
        return true;
      };
      waiters.add(waiter);
    });
    return within(p, ms, `watcher report ${type}`).finally(() => waiters.delete(waiter as never));
  };
  const proc: WatcherProc = {
    pid: child.pid as number,
    send: (c) => child.send(c),
    next,
    close: async () => {
      if (child.exitCode !== null) return;
      child.send({ type: 'close' } satisfies WatcherCommand);
      await within(exited, 10_000, 'watcher exit').catch(() => child.kill('SIGKILL'));
    },
  };
  await next('ready', 20_000);
  return proc;
}

/** Connects `count` watchers spread over the processes, all at once; resolves with the slowest report. */
export async function connectWatchers(
  procs: WatcherProc[],
  c: Omit<Extract<WatcherCommand, { type: 'connect' }>, 'type' | 'count'> & { count: number },
  timeoutMs: number,
): Promise<{ ok: number; failed: number; ms: number }> {
  const share = (i: number) => Math.floor(c.count / procs.length) + (i < c.count % procs.length ? 1 : 0);
  for (const [i, p] of procs.entries()) p.send({ type: 'connect', ...c, count: share(i) });
  const reports = await Promise.all(procs.map((p) => p.next('connected', timeoutMs)));
  return {
    ok: reports.reduce((s, r) => s + r.ok, 0),
    failed: reports.reduce((s, r) => s + r.failed, 0),
    ms: Math.max(...reports.map((r) => r.ms)),
  };
}
