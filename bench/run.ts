/**
 * `pnpm bench`: the whole load bench, measured against this machine's own
 * limits. Every figure comes with a baseline taken in the same run on the
 * same machine (see bench/README.md). Targets only 127.0.0.1; every loop is
 * bounded in count and time; the whole run stops itself after 6 minutes.
 *
 *   pnpm bench                       a throw-away embedded PostgreSQL
 *   DATABASE_URL=postgres://... pnpm bench   an existing PostgreSQL (bench_* databases, dropped after)
 *   BENCH_CPU_PROF=1 pnpm bench      also write V8 CPU profiles of the servers to bench/results/tmp/
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { addDays, localDate } from '../server/test/bench-deps.ts';
import { type Cluster, openCluster, pgbenchInit, pgbenchRun, pgbenchVersion } from './lib/cluster.ts';
import { type BenchUser, freeSlots, makeCustomers, makeSalon, type SlotRef, sqlPool } from './lib/fixtures.ts';
import { markdownTable, type Row, ratio, textTable } from './lib/report.ts';
import { type BenchServer, startServer, stopServer } from './lib/servers.ts';
import { type CpuShare, clock, cpuMeter, round } from './lib/stats.ts';
import { availability } from './scenarios/availability.ts';
import { connections } from './scenarios/connections.ts';
import { contention } from './scenarios/contention.ts';
import { deploy } from './scenarios/deploy.ts';
import { fanout, wsBaseline } from './scenarios/fanout.ts';
import { throughput } from './scenarios/throughput.ts';

const RESULTS = resolve(import.meta.dirname, 'results');
/** BENCH_QUICK=1: a scaled-down run for working on the bench itself (its figures mean little). */
const QUICK = Boolean(process.env.BENCH_QUICK);
/** BENCH_ONLY=availability,fanout: run only these scenarios. */
const ONLY = process.env.BENCH_ONLY?.split(',').filter(Boolean);
const N = {
  customers: QUICK ? 200 : 1000,
  watchers: QUICK ? 300 : 2000,
  holds: QUICK ? 20 : 100,
  sockets: QUICK ? 1000 : 10_000,
  seconds: QUICK ? 3 : 10,
};
/** Worker processes per server to compare (WORKERS): one, two, and the default for this machine's cores. */
const WORKER_COUNTS = [...new Set([1, 2, Math.min(os.availableParallelism(), 8)])];
const BUDGET_MS = 6 * 60_000;
const WANT_FDS = 65536;

/** Re-runs this script under a raised open-files limit (10,000 sockets need 10,000 descriptors per side). */
function ensureFileLimit(): void {
  if (process.env.BENCH_FDS_RAISED) return;
  const script = `ulimit -n ${WANT_FDS} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"`;
  const r = spawnSync('bash', ['-c', script, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_FDS_RAISED: '1' },
  });
  process.exit(r.status ?? 1);
}

/** pgbench comes with Debian's postgresql-client; install it when missing (root only). */
async function ensurePgbench(): Promise<string | undefined> {
  const have = await pgbenchVersion();
  if (have || process.getuid?.() !== 0) return have;
  console.log('installing postgresql-client for pgbench ...');
  spawnSync('apt-get', ['install', '-y', '-q', 'postgresql-client'], { stdio: 'ignore', timeout: 120_000 });
  return pgbenchVersion();
}

function fdLimit(): string {
  return spawnSync('bash', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim();
}

const log = (m: string) => console.log(`[${((clock() - started) / 1000).toFixed(1)}s] ${m}`);
const started = clock();

interface Results {
  [scenario: string]: unknown;
}

async function main(): Promise<void> {
  ensureFileLimit();
  const watchdog = setTimeout(() => {
    console.error('bench: over the 6-minute budget; stopping');
    for (const s of servers) s.proc.kill('SIGKILL');
    void Promise.race([cleanup?.(), new Promise((r) => setTimeout(r, 15_000))]).finally(() => process.exit(2));
  }, BUDGET_MS);
  watchdog.unref();
  let cleanup: (() => Promise<void>) | undefined;

  const pgbench = await ensurePgbench();
  const profDir = process.env.BENCH_CPU_PROF ? resolve(RESULTS, 'tmp', `prof-${Date.now()}`) : undefined;
  if (profDir) mkdirSync(profDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  const results: Results = {};
  const rows: Row[] = [];
  const servers = new Set<BenchServer>();
  const serve = async (databaseUrl: string, bus: boolean, port?: number, workers = 1) => {
    const s = await startServer({ databaseUrl, authSecret: secret, bus, port, workers, cpuProfDir: profDir });
    servers.add(s);
    return s;
  };
  const stop = async (s: BenchServer | undefined) => {
    if (!s) return;
    await stopServer(s);
    servers.delete(s);
  };
  const roles = () => ({ server: [...servers].map((s) => s.pid) });
  const attempt = async (name: string, fn: () => Promise<void>) => {
    if (ONLY && !ONLY.some((o) => name.startsWith(o))) return;
    log(`${name} ...`);
    try {
      await fn();
    } catch (err) {
      console.error(`${name} failed:`, err);
      // The report is still written; the run says it failed (a missed target is a figure, not a failure).
      process.exitCode = 1;
      results[name] = { error: String((err as Error).stack ?? err) };
      rows.push({ scenario: name, figure: 'FAILED', value: Number.NaN, unit: '', met: false, note: String(err) });
    }
  };

  log(`open files limit ${fdLimit()}; ${pgbench ?? 'pgbench missing: pgbench baselines skipped'}`);
  const cluster: Cluster = await openCluster({ databaseUrl: process.env.DATABASE_URL });
  cleanup = () => cluster.close();
  log(`PostgreSQL ${cluster.serverVersion} (${cluster.source})`);
  const smallUrl = await cluster.createDb('small');
  const bigUrl = await cluster.createDb('big');
  const pgbUrl = await cluster.createDb('pgbench', { empty: true });
  const small = sqlPool(smallUrl);
  const big = sqlPool(bigUrl);

  const six = await makeSalon(small, secret, {
    name: 'Six Chairs',
    staff: 6,
    horizonDays: 21,
    opens: '09:00',
    closes: '17:00',
    breaks: [{ starts: '12:30', ends: '13:30' }],
  });
  const hundred = await makeSalon(big, secret, {
    name: 'Hundred Chairs',
    staff: 100,
    horizonDays: 30,
    opens: '08:00',
    closes: '20:00',
  });
  const deploySalon = await makeSalon(small, secret, {
    name: 'Deploy Chairs',
    staff: QUICK ? 10 : 40,
    horizonDays: 3,
    opens: '07:00',
    closes: '21:00',
  });
  const customers = await makeCustomers(small, secret, N.customers, 'contention');
  const holders = await makeCustomers(small, secret, 200, 'holders');
  const bookers = await makeCustomers(big, secret, 128, 'throughput');
  const today = localDate(new Date(), six.timezone);
  const day = (n: number) => addDays(today, n);
  const pgbenchScale = 16;
  if (pgbench) {
    log(`pgbench -i -s ${pgbenchScale} ...`);
    await pgbenchInit(pgbUrl, pgbenchScale);
  }

  // 1-4 (single instance): contention, availability, fanout.
  let s1: BenchServer | undefined;
  await attempt('contention', async () => {
    s1 = await serve(smallUrl, false);
    const [slot] = await freeSlots(small, six.salonId, { date: day(1), limit: 1 });
    if (!slot) throw new Error('no slot');
    const cpu = cpuMeter(roles);
    const r = await contention(new URL(s1.url), small, six, customers, slot);
    results.contention = { ...r, cpu: cpu.stop() };
    rows.push(
      {
        scenario: 'contention',
        figure: `${r.customers} customers, one slot: p99`,
        value: r.latency.p99,
        unit: 'ms',
        baseline: { what: `GET /health burst p99`, value: r.baseline.p99, unit: 'ms' },
        ratio: ratio(r.latency.p99, r.baseline.p99),
        target: '< 3× /health burst',
        met: r.latency.p99 < 3 * r.baseline.p99,
      },
      {
        scenario: 'contention',
        figure: 'p50',
        value: r.latency.p50,
        unit: 'ms',
        baseline: { what: 'GET /health burst p50', value: r.baseline.p50, unit: 'ms' },
        ratio: ratio(r.latency.p50, r.baseline.p50),
      },
      {
        scenario: 'contention',
        figure: `correct: ${r.created}×201, ${r.conflicts}×409 (${r.conflictsWithAlternatives} with alternatives), ${r.errors} errors, SQL ${r.sql.bookings} booking`,
        value: r.correct ? 1 : 0,
        unit: '',
        target: 'exactly one 201',
        met: r.correct,
      },
    );
  });

  // The same burst against one server of several workers (each has its own single flight per slot).
  for (const workers of WORKER_COUNTS.filter((w) => w > 1)) {
    await attempt(`contention w${workers}`, async () => {
      // Workers talk over the bus (WORKERS > 1 needs EVENT_BUS=true).
      const s = await serve(smallUrl, true, undefined, workers);
      try {
        const [slot] = await freeSlots(small, six.salonId, { date: day(1), limit: 1 });
        if (!slot) throw new Error('no slot');
        const cpu = cpuMeter(roles);
        const r = await contention(new URL(s.url), small, six, customers, slot);
        results[`contention w${workers}`] = { ...r, cpu: cpu.stop() };
        rows.push({
          scenario: 'contention',
          figure: `${workers} workers: p99 (${r.correct ? 'correct' : 'NOT correct'}: ${r.created}×201, ${r.conflicts}×409, ${r.errors} errors)`,
          value: r.latency.p99,
          unit: 'ms',
          baseline: { what: 'GET /health burst p99', value: r.baseline.p99, unit: 'ms' },
          ratio: ratio(r.latency.p99, r.baseline.p99),
          target: '< 3× /health burst',
          met: r.latency.p99 < 3 * r.baseline.p99 && r.correct,
          note: `p50 ${r.latency.p50} ms`,
        });
      } finally {
        await stop(s);
      }
    });
  }

  await attempt('availability', async () => {
    s1 ??= await serve(smallUrl, false);
    const cpu = cpuMeter(roles);
    const r = await availability(
      new URL(s1.url),
      { salonId: six.salonId, date: day(1), serviceId: six.serviceId },
      { connections: 64, seconds: N.seconds, warmupSeconds: 2 },
    );
    const cpuShare = cpu.stop();
    const base = pgbench ? await pgbenchRun(pgbUrl, { clients: 64, seconds: N.seconds, selectOnly: true }) : undefined;
    results.availability = { ...r, cpu: cpuShare, pgbenchSelectOnly: base };
    rows.push(
      {
        scenario: 'availability',
        figure: 'requests/s at 64 clients',
        value: r.requestsPerSecond,
        unit: '/s',
        baseline: base && { what: 'pgbench -S tps, 64 clients', value: base.tps, unit: '/s' },
        ratio: base && ratio(r.requestsPerSecond, base.tps),
      },
      {
        scenario: 'availability',
        figure: 'p99',
        value: r.p99,
        unit: 'ms',
        baseline: base && { what: 'pgbench -S p99', value: base.p99, unit: 'ms' },
        ratio: base && ratio(r.p99, base.p99),
        target: '< 15 ms',
        met: r.p99 < 15 && r.non2xx === 0 && r.errors === 0,
      },
    );
  });

  let bare: Awaited<ReturnType<typeof wsBaseline>> | undefined;
  await attempt('fanout', async () => {
    s1 ??= await serve(smallUrl, false);
    const room = { salonId: six.salonId, date: day(2) };
    const slots = await freeSlots(small, six.salonId, { date: day(2), limit: 100 });
    const r = await fanout({
      watchUrl: s1.url,
      holdUrl: s1.url,
      room,
      procs: 1,
      watchers: N.watchers,
      holders: holders.slice(0, 100),
      slots,
      serviceId: six.serviceId,
      holds: N.holds,
    });
    await stop(s1);
    s1 = undefined;
    bare = await wsBaseline({ procs: 1, watchers: N.watchers, room, holds: N.holds });
    results.fanout = { socketIo: r, bareWs: bare };
    rows.push({
      scenario: 'fanout',
      figure: `${r.watchers} watchers, ack → last receives: p99`,
      value: r.latency.p99,
      unit: 'ms',
      baseline: { what: 'bare ws broadcast p99', value: bare.latency.p99, unit: 'ms' },
      ratio: ratio(r.latency.p99, bare.latency.p99),
      target: '< 50 ms and ≤ 3× bare ws',
      met:
        r.latency.p99 < 50 &&
        r.latency.p99 <= 3 * Math.max(bare.latency.p99, 1) &&
        r.missed === 0 &&
        r.complete === N.holds,
    });
    rows.push({
      scenario: 'fanout',
      figure: 'p50',
      value: r.latency.p50,
      unit: 'ms',
      baseline: { what: 'bare ws p50', value: bare.latency.p50, unit: 'ms' },
      ratio: ratio(r.latency.p50, bare.latency.p50),
    });
  });
  await stop(s1);

  // 2: throughput on distinct slots, bus off (one instance needs none) and on.
  // The server under test materialises the slots at start-up (main.ts), so the pool is read after the first start.
  let slotPool: SlotRef[] = [];
  let offset = 0;
  const tput = async (clients: number, bus: boolean, workers = 1) => {
    const s = await serve(bigUrl, bus || workers > 1, undefined, workers);
    try {
      if (slotPool.length === 0) slotPool = await freeSlots(big, hundred.salonId, { aheadMinutes: 120 });
      const cpu = cpuMeter(roles);
      const { result, used } = await throughput(new URL(s.url), hundred, bookers, slotPool.slice(offset), {
        clients,
        warmupMs: 1000,
        durationMs: N.seconds * 1000,
      });
      offset += used;
      return { ...result, workers, cpu: cpu.stop() };
    } finally {
      await stop(s);
    }
  };
  const pgb = async (clients: number) => {
    if (!pgbench) return undefined;
    const cpu = cpuMeter(roles);
    const r = await pgbenchRun(pgbUrl, { clients, seconds: N.seconds });
    return { ...r, cpu: cpu.stop() };
  };
  const tputRows: Record<string, unknown> = {};
  const pgbRuns = new Map<number, Awaited<ReturnType<typeof pgb>>>();
  for (const workers of WORKER_COUNTS) {
    for (const clients of [32, 128]) {
      await attempt(workers === 1 ? `throughput ${clients}` : `throughput ${clients} w${workers}`, async () => {
        const r = await tput(clients, false, workers);
        // pgbench once per client count, right after the first (one-worker) run at that count.
        if (!pgbRuns.has(clients)) pgbRuns.set(clients, await pgb(clients));
        const base = pgbRuns.get(clients);
        tputRows[workers === 1 ? `c${clients}` : `c${clients}w${workers}`] = {
          http: r,
          pgbenchTpcb: workers === 1 ? base : undefined,
        };
        const who = workers === 1 ? '' : `, ${workers} workers`;
        rows.push({
          scenario: 'throughput',
          figure: `bookings/s at ${clients} clients${who} (${r.failed} not 201)`,
          value: r.perSecond,
          unit: '/s',
          baseline: base && { what: `pgbench TPC-B tps, ${clients} clients`, value: base.tps, unit: '/s' },
          ratio: base && ratio(r.perSecond, base.tps),
          target: '≥ 0.4× pgbench',
          met: base ? r.perSecond >= 0.4 * base.tps && r.failed === 0 : undefined,
        });
        rows.push({
          scenario: 'throughput',
          figure: `p50 / p99 at ${clients} clients${who}`,
          value: r.latency.p99,
          unit: 'ms',
          baseline: base && { what: 'pgbench TPC-B p99', value: base.p99, unit: 'ms' },
          ratio: base && ratio(r.latency.p99, base.p99),
          target: clients === 32 ? '< 50 ms' : undefined,
          met: clients === 32 ? r.latency.p99 < 50 : undefined,
          note: `p50 ${r.latency.p50} ms`,
        });
      });
    }
  }
  results.throughput = tputRows;

  // 5: two instances on one database with the PostgreSQL bus.
  await attempt('crossInstance', async () => {
    const busOn = await tput(32, true);
    const off = (tputRows.c32 as { http: { perSecond: number } } | undefined)?.http.perSecond;
    const a = await serve(smallUrl, true);
    const b = await serve(smallUrl, true);
    try {
      const slots = await freeSlots(small, six.salonId, { date: day(3), limit: 100 });
      const r = await fanout({
        watchUrl: a.url,
        holdUrl: b.url,
        room: { salonId: six.salonId, date: day(3) },
        procs: 1,
        watchers: N.watchers,
        holders: holders.slice(100, 200),
        slots,
        serviceId: six.serviceId,
        holds: N.holds,
      });
      results.crossInstance = { fanout: r, throughputBusOn: busOn, throughputBusOff: off };
      rows.push({
        scenario: 'crossInstance',
        figure: 'watchers on A, holds on B: p99',
        value: r.latency.p99,
        unit: 'ms',
        baseline: bare && { what: 'bare ws broadcast p99', value: bare.latency.p99, unit: 'ms' },
        ratio: bare && ratio(r.latency.p99, bare.latency.p99),
        target: '< 100 ms',
        met: r.latency.p99 < 100 && r.missed === 0 && r.complete === N.holds,
        note: `p50 ${r.latency.p50} ms`,
      });
      rows.push({
        scenario: 'crossInstance',
        figure: 'bookings/s at 32 clients, EVENT_BUS=true',
        value: busOn.perSecond,
        unit: '/s',
        baseline: off === undefined ? undefined : { what: 'EVENT_BUS=false', value: off, unit: '/s' },
        ratio: off === undefined ? undefined : ratio(busOn.perSecond, off),
        note: `p99 ${busOn.latency.p99} ms`,
      });
    } finally {
      await stop(a);
      await stop(b);
    }
  });

  // 7: a rolling restart of one of two instances under steady booking load.
  await attempt('deploy', async () => {
    const port = await (await import('../server/src/db/embedded.ts')).freePort();
    let a = await serve(smallUrl, true, port);
    const b = await serve(smallUrl, true);
    try {
      const slots = await freeSlots(small, deploySalon.salonId, { date: day(1) });
      const cpu = cpuMeter(roles);
      const r = await deploy({
        a,
        b,
        stopA: () => stop(a),
        startA: async () => {
          a = await serve(smallUrl, true, port);
          return a;
        },
        sql: small,
        salon: deploySalon,
        date: day(1),
        customers,
        slots,
        clients: 16,
        watchers: QUICK ? 10 : 50,
        beforeMs: QUICK ? 2000 : 5000,
        afterMs: QUICK ? 2000 : 5000,
        thinkMs: 20,
      });
      results.deploy = { ...r, cpu: cpu.stop() };
      rows.push({
        scenario: 'deploy',
        figure: `restart 1 of 2 under load: ${r.created}×201, ${r.replayed} replays, ${r.retried} resent, ${r.serverErrors} 5xx, ${r.lost} lost, ${r.untold} untold, ${r.wrongViews}/${r.watchers} views wrong`,
        value: r.correct ? 1 : 0,
        unit: '',
        target: 'no booking or view lost',
        met: r.correct,
        note: `SIGTERM to exit ${r.drainMs} ms, to successor /ready ${r.restartMs} ms; ${r.perSecond} bookings/s; p99 ${r.latency.p99} ms`,
      });
    } finally {
      await stop(a);
      await stop(b);
    }
  });

  // 6: 10,000 idle sockets, then a restart.
  await attempt('connections', async () => {
    const port = await (await import('../server/src/db/embedded.ts')).freePort();
    const s = await serve(smallUrl, false, port);
    const rooms = Array.from({ length: 10 }, (_, i) => ({ salonId: six.salonId, date: day(5 + i) }));
    const { result, server } = await connections({
      server: s,
      restart: () => serve(smallUrl, false, port),
      sql: small,
      rooms,
      sockets: N.sockets,
      procs: 2,
      holder: holders[0] as BenchUser,
      serviceId: six.serviceId,
    });
    servers.delete(s);
    await stop(server);
    results.connections = result;
    rows.push(
      {
        scenario: 'connections',
        figure: `${result.connected} idle sockets: server RSS per socket`,
        value: result.perSocketKiB,
        unit: 'KiB',
        baseline: { what: 'server RSS before', value: result.rssBeforeKiB / 1024, unit: 'MiB' },
        target: '≤ 15 KiB',
        met: result.perSocketKiB <= 15,
        note: `connect all: ${result.connectMs} ms; then join all: ${result.joinMs} ms (RSS ${Math.round(result.rssJoinedKiB / 1024)} MiB)`,
      },
      {
        scenario: 'connections',
        figure: `restart → all re-joined with a correct snapshot (${result.wrongViews} wrong, ${result.notLive} not live)`,
        value: result.recoverMs,
        unit: 'ms',
        baseline: { what: 'restart to /ready', value: result.restartMs, unit: 'ms' },
        ratio: ratio(result.recoverMs, result.restartMs),
        target: '< 5 s, 0 wrong',
        met: result.recoverMs < 5000 && result.wrongViews === 0 && result.notLive === 0,
      },
    );
  });

  for (const s of [...servers]) await stop(s);
  await small.end();
  await big.end();
  await cluster.close();
  report(rows, results, { cluster, pgbench, pgbenchScale, profDir });
}

function report(
  rows: Row[],
  results: Results,
  env: { cluster: Cluster; pgbench: string | undefined; pgbenchScale: number; profDir: string | undefined },
): void {
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    postgres: env.cluster.serverVersion,
    postgresSource: env.cluster.source,
    pgbench: env.pgbench,
    pgbenchScale: env.pgbenchScale,
    openFiles: fdLimit(),
  };
  const seconds = round((clock() - started) / 1000, 1);
  const at = new Date().toISOString();
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(
    resolve(RESULTS, 'latest.json'),
    `${JSON.stringify({ at, seconds, machine, rows, results }, null, 2)}\n`,
  );
  const cpuLines = Object.entries(results)
    .flatMap(([name, r]) => cpuOf(name, r))
    .map(
      ([name, c]) =>
        `| ${name} | ${Object.entries(c.cores)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')} |`,
    );
  const md = [
    '# Glamify bench: latest run',
    '',
    `${at}, ${seconds} s. ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, ` +
      `PostgreSQL ${machine.postgres} (${machine.postgresSource}), ${machine.pgbench ?? 'no pgbench'} (scale ${machine.pgbenchScale}).`,
    '',
    'Every baseline was measured in this same run on this same machine. Ratio = figure / baseline.',
    '',
    markdownTable(rows),
    '',
    '## Where the CPU went',
    '',
    'Average busy cores per role while the figure was measured (this machine has ' +
      `${machine.cpus}; load generator, servers and PostgreSQL share them).`,
    '',
    '| measurement | cores |',
    '| --- | --- |',
    ...cpuLines,
    '',
    env.profDir ? `CPU profiles of the servers: ${env.profDir}` : '',
  ].join('\n');
  writeFileSync(resolve(RESULTS, 'latest.md'), `${md}\n`);
  console.log(`\n${textTable(rows)}\n`);
  console.log(`wrote bench/results/latest.json and latest.md (${seconds} s)`);
}

function cpuOf(name: string, r: unknown): Array<[string, CpuShare]> {
  const out: Array<[string, CpuShare]> = [];
  const walk = (label: string, v: unknown) => {
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.cpu && typeof o.cpu === 'object' && 'cores' in (o.cpu as object)) out.push([label, o.cpu as CpuShare]);
    for (const [k, x] of Object.entries(o)) if (k !== 'cpu' && x && typeof x === 'object') walk(`${label} ${k}`, x);
  };
  walk(name, r);
  return out;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
