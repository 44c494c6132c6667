/** Runs the real server entry point (server/src/main.ts) as a child process. */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '../src/db/embedded.ts';

const MAIN = resolve(import.meta.dirname, '../src/main.ts');

export interface ServerProcess {
  url: string;
  port: number;
  proc: ChildProcess;
  output: () => string;
  /** Sends the signal and resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  /** Like a Ctrl-C in a terminal: the signal goes to the whole process group (needs `ownGroup`). */
  interrupt: () => Promise<number | null>;
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  waitReady?: boolean;
  /** Start it as the leader of a process group of its own, as a shell does for a foreground job. */
  ownGroup?: boolean;
}

export async function spawnServer(
  env: Record<string, string>,
  opts: boolean | SpawnOptions = true,
): Promise<ServerProcess> {
  const { waitReady = true, ownGroup = false } = typeof opts === 'boolean' ? { waitReady: opts } : opts;
  const port = Number(env.PORT ?? (await freePort()));
  let out = '';
  const proc = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      JOBS: 'false',
      WORKERS: '1',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: ownGroup,
  });
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const url = `http://127.0.0.1:${port}`;
  if (waitReady) {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`server exited early:\n${out}`);
      try {
        if ((await fetch(`${url}/ready`)).status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`server not ready in time:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    port,
    proc,
    output: () => out,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null) proc.kill(signal);
      return exited;
    },
    interrupt: async () => {
      if (proc.exitCode === null && proc.pid) process.kill(-proc.pid, 'SIGINT');
      return exited;
    },
  };
}
