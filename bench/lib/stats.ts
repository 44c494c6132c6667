/** Percentiles, a shared clock, and where the machine's CPU time went. */
import { readdirSync, readFileSync } from 'node:fs';

/** Milliseconds on a clock every process on this machine shares (epoch, sub-millisecond). */
export function clock(): number {
  return performance.timeOrigin + performance.now();
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an unsorted list (milliseconds in, milliseconds out). */
export function summarize(values: number[]): Summary {
  if (values.length === 0) return { n: 0, p50: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] as number;
  return { n: s.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(s[s.length - 1] as number) };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Rejects when `p` does not settle within `ms`: every wait in the bench is bounded. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

const TICKS_PER_SECOND = 100;

interface Proc {
  comm: string;
  ppid: number;
  /** Own CPU seconds plus those of children it has reaped (pgbench's backends, say). */
  seconds: number;
}

function processes(): Map<number, Proc> {
  const out = new Map<number, Proc>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      out.set(Number(name), { comm, ppid: Number(f[1]), seconds: ticks / TICKS_PER_SECOND });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** Busy and total CPU seconds of the whole machine, all cores. */
function machine(): { busy: number; all: number } {
  const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] as string).trim().split(/\s+/).slice(1).map(Number);
  const all = f.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return { busy: (all - idle) / TICKS_PER_SECOND, all: all / TICKS_PER_SECOND };
}

export interface CpuShare {
  /** Wall-clock seconds of the window. */
  wall: number;
  /**
   * Cores kept busy on average, per role: `server` (the processes under
   * test), `postgres` (the bench's own cluster), `loadgen` (this process and
   * its helpers, pgbench included), `other` (anything else on the machine,
   * e.g. another job sharing it), and `machine` (all of it, from /proc/stat).
   * On 2 cores, machine near 2.0 means the machine set the limit.
   */
  cores: Record<string, number>;
}

/** Measures how busy each role kept the machine during a window. */
export function cpuMeter(roles: () => { server: number[] }) {
  const start = processes();
  const m0 = machine();
  const t0 = clock();
  return {
    stop(): CpuShare {
      const end = processes();
      const m1 = machine();
      const wall = (clock() - t0) / 1000;
      const servers = new Set(roles().server);
      const self = process.pid;
      const roleOf = (pid: number): string => {
        const comm = end.get(pid)?.comm;
        for (let p = pid, depth = 0; p > 1 && depth < 20; depth++) {
          if (servers.has(p)) return 'server';
          if (p === self) return comm === 'postgres' ? 'postgres' : 'loadgen';
          p = end.get(p)?.ppid ?? 0;
        }
        return 'other';
      };
      const cores: Record<string, number> = {};
      for (const [pid, e] of end) {
        const used = e.seconds - (start.get(pid)?.seconds ?? 0);
        if (used <= 0) continue;
        const role = roleOf(pid);
        cores[role] = (cores[role] ?? 0) + used;
      }
      for (const k of Object.keys(cores)) cores[k] = round((cores[k] as number) / wall);
      cores.machine = round((m1.busy - m0.busy) / wall);
      return { wall: round(wall), cores };
    },
  };
}
