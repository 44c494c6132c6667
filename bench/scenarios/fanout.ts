/**
 * Fan-out: watchers (in child processes) sit in one salon-day room; holders
 * take holds one after another over their own sockets. For each hold: the
 * time from its acknowledgement reaching the holder to the LAST watcher
 * receiving `slot:locked`, on the clock every process here shares.
 *
 * The same measurement runs against a bare `ws` server broadcasting the
 * same frame (the baseline), and with watchers and holders on two different
 * instances joined by the PostgreSQL bus (crossInstance).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import { type ClientSocket, ioClient, WebSocket } from '../../server/test/bench-deps.ts';
import type { BenchUser, SlotRef } from '../lib/fixtures.ts';
import { clock, round, type Summary, sleep, summarize, within } from '../lib/stats.ts';
import { connectWatchers, type Room, startWatcherProc, type WatcherProc } from '../lib/watchers.ts';

export interface FanoutResult {
  watchers: number;
  connectMs: number;
  holds: number;
  /** Holds whose event reached every watcher. */
  complete: number;
  /** Ack to the last watcher. */
  latency: Summary;
  /** Sending hold:start to the last watcher. */
  fromRequest: Summary;
  missed: number;
}

/** Waits until every process reports that all its watchers got `key`; returns the last arrival. */
async function lastArrival(procs: WatcherProc[], key: string, timeoutMs: number): Promise<number | undefined> {
  try {
    const all = await Promise.all(procs.map((p) => p.next('all', timeoutMs, (r) => r.key === key)));
    return Math.max(...all.map((r) => r.last));
  } catch {
    return undefined;
  }
}

async function missing(procs: WatcherProc[], key: string, expected: number): Promise<number> {
  let got = 0;
  for (const p of procs) {
    p.send({ type: 'progress', key });
    got += (await p.next('progress', 5000, (r) => r.key === key)).count;
  }
  return expected - got;
}

function holderSocket(url: string, token: string): Promise<ClientSocket> {
  const s = ioClient(url, { transports: ['websocket'], auth: { token, v: 1 }, forceNew: true, reconnection: false });
  return within(
    new Promise<ClientSocket>((ok, fail) => {
      s.once('connect', () => ok(s));
      s.once('connect_error', fail);
    }),
    10_000,
    'holder connect',
  );
}

/** Watchers connect to `watchUrl` and join `room`; holds go to `holdUrl`. */
export async function fanout(o: {
  watchUrl: string;
  holdUrl: string;
  room: Room;
  /** Child processes the watchers are spread over. */
  procs: number;
  watchers: number;
  holders: BenchUser[];
  slots: SlotRef[];
  serviceId: number;
  holds: number;
}): Promise<FanoutResult> {
  const procs = await Promise.all(Array.from({ length: o.procs }, startWatcherProc));
  try {
    return await measureHolds(o, procs);
  } finally {
    await Promise.all(procs.map((p) => p.close()));
  }
}

async function measureHolds(o: Parameters<typeof fanout>[0], procs: WatcherProc[]): Promise<FanoutResult> {
  const conn = await connectWatchers(
    procs,
    {
      mode: 'sio',
      url: o.watchUrl,
      count: o.watchers,
      rooms: [o.room],
      reconnect: false,
      join: true,
      concurrency: 100,
    },
    60_000,
  );
  if (conn.ok !== o.watchers) throw new Error(`only ${conn.ok} of ${o.watchers} watchers joined`);
  const holders = await Promise.all(o.holders.slice(0, o.holds).map((h) => holderSocket(o.holdUrl, h.token)));
  const fromAck: number[] = [];
  const fromRequest: number[] = [];
  let missed = 0;
  try {
    await sleep(500);
    for (let i = 0; i < o.holds; i++) {
      const slot = o.slots[i] as SlotRef;
      const t0 = clock();
      const ack = (await (holders[i] as ClientSocket)
        .timeout(10_000)
        .emitWithAck('hold:start', { slotId: slot.id, serviceId: o.serviceId })) as {
        ok: boolean;
        slotIds?: number[];
        code?: string;
      };
      const tAck = clock();
      if (!ack.ok || !ack.slotIds) throw new Error(`hold ${i} refused: ${ack.code}`);
      const key = ack.slotIds.join(',');
      const last = await lastArrival(procs, key, 5000);
      if (last === undefined) missed += await missing(procs, key, o.watchers);
      else {
        fromAck.push(last - tAck);
        fromRequest.push(last - t0);
      }
      await sleep(10);
    }
  } finally {
    for (const h of holders) h.close();
  }
  return {
    watchers: o.watchers,
    connectMs: round(conn.ms),
    holds: o.holds,
    complete: fromAck.length,
    latency: summarize(fromAck),
    fromRequest: summarize(fromRequest),
    missed,
  };
}

const WS_ENTRY = resolve(import.meta.dirname, '../lib/ws-baseline-proc.ts');

/** The bare-ws baseline: same watcher processes, same frame, same measurement. */
export async function wsBaseline(o: {
  procs: number;
  watchers: number;
  room: Room;
  holds: number;
}): Promise<FanoutResult & { pid: number }> {
  const child: ChildProcess = fork(WS_ENTRY, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await within(
    new Promise<number>((ok) => child.once('message', (m: { port: number }) => ok(m.port))),
    10_000,
    'ws baseline listen',
  );
  const control = new WebSocket(`ws://127.0.0.1:${port}/control`, { perMessageDeflate: false });
  const opened = new Promise((ok, fail) => control.once('open', ok).once('error', fail));
  const procs = await Promise.all(Array.from({ length: o.procs }, startWatcherProc));
  try {
    await within(opened, 10_000, 'control connect');
    const conn = await connectWatchers(
      procs,
      {
        mode: 'ws',
        url: `ws://127.0.0.1:${port}/watch`,
        count: o.watchers,
        rooms: [o.room],
        reconnect: false,
        join: true,
        concurrency: 100,
      },
      60_000,
    );
    if (conn.ok !== o.watchers) throw new Error(`only ${conn.ok} of ${o.watchers} ws watchers connected`);
    await sleep(500);
    const fromAck: number[] = [];
    const fromRequest: number[] = [];
    let missed = 0;
    for (let i = 0; i < o.holds; i++) {
      const id = 1_000_000 + i;
      const t0 = clock();
      const acked = new Promise<void>((ok) => control.once('message', () => ok()));
      control.send(JSON.stringify({ id, ...o.room }));
      await within(acked, 10_000, 'ws ack');
      const tAck = clock();
      const last = await lastArrival(procs, String(id), 5000);
      if (last === undefined) missed += await missing(procs, String(id), o.watchers);
      else {
        fromAck.push(last - tAck);
        fromRequest.push(last - t0);
      }
      await sleep(10);
    }
    return {
      pid: child.pid as number,
      watchers: o.watchers,
      connectMs: round(conn.ms),
      holds: o.holds,
      complete: fromAck.length,
      latency: summarize(fromAck),
      fromRequest: summarize(fromRequest),
      missed,
    };
  } finally {
    await Promise.all(procs.map((p) => p.close()));
    control.terminate();
    child.send({ type: 'close' });
    await within(new Promise((r) => child.once('exit', r)), 5000, 'ws baseline exit').catch(() =>
      child.kill('SIGKILL'),
    );
  }
}
