/**
 * Connections: many idle watchers (socket.io-client, websocket transport,
 * the PWA's reconnect settings) on one instance, spread over several
 * salon-days. Measures the server's resident memory per socket and the time
 * to connect and join them all; then restarts the server (SIGTERM, as a
 * deploy does: it sends every socket away) and measures the time until every
 * client has reconnected, re-joined and holds a snapshot equal to the truth
 * in SQL. While the server is down, holds appear in the database (taken on
 * another instance, say), so a client that kept its old view would be wrong.
 */
import { randomUUID } from 'node:crypto';
import type { BenchUser, Sql } from '../lib/fixtures.ts';
import { truthOfDay } from '../lib/fixtures.ts';
import { type BenchServer, rssKiB, stopServer } from '../lib/servers.ts';
import { clock, round, sleep } from '../lib/stats.ts';
import { connectWatchers, type Room, startWatcherProc } from '../lib/watchers.ts';

export interface ConnectionsResult {
  sockets: number;
  connected: number;
  connectMs: number;
  rssBeforeKiB: number;
  /** Connected, not yet watching a day. */
  rssAfterKiB: number;
  perSocketKiB: number;
  /** Every socket then joins its day: how long, and the RSS after (V8 heap high-water included). */
  joined: number;
  joinMs: number;
  rssJoinedKiB: number;
  /** SIGTERM sent to every client re-joined with a snapshot. */
  recoverMs: number;
  /** Of which: SIGTERM sent to the new server answering /ready. */
  restartMs: number;
  rejoined: number;
  wrongViews: number;
  notLive: number;
  example: string | undefined;
  serverPid: number;
}

export async function connections(o: {
  server: BenchServer;
  restart: () => Promise<BenchServer>;
  sql: Sql;
  rooms: Room[];
  sockets: number;
  procs: number;
  holder: BenchUser;
  serviceId: number;
}): Promise<{ result: ConnectionsResult; server: BenchServer }> {
  let server = o.server;
  const procs = await Promise.all(Array.from({ length: o.procs }, startWatcherProc));
  try {
    await sleep(1000);
    const rssBeforeKiB = rssKiB(server.pid);
    const conn = await connectWatchers(
      procs,
      {
        mode: 'sio',
        url: server.url,
        count: o.sockets,
        rooms: o.rooms,
        reconnect: true,
        join: false,
        concurrency: 200,
      },
      120_000,
    );
    await sleep(2000);
    const rssAfterKiB = rssKiB(server.pid);
    // Now every socket watches its day (a snapshot each), as kiosks and open day views do.
    for (const p of procs) p.send({ type: 'joinAll', concurrency: 200 });
    const joins = await Promise.all(procs.map((p) => p.next('joined', 120_000)));
    const joined = joins.reduce((s, j) => s + j.ok, 0);
    const joinMs = Math.max(...joins.map((j) => j.ms));
    const rssJoinedKiB = rssKiB(server.pid);

    for (const p of procs) p.send({ type: 'markDrop' });
    await Promise.all(procs.map((p) => p.next('marked', 5000)));
    const t0 = clock();
    await stopServer(server);
    await holdBehindTheirBacks(o.sql, o.rooms, o.holder, o.serviceId);
    server = await o.restart();
    const restartMs = clock() - t0;
    const rejoined = await Promise.all(procs.map((p) => p.next('rejoined', 60_000).catch(() => undefined)));
    const recoverMs = rejoined.every(Boolean)
      ? Math.max(...rejoined.map((r) => (r?.last ?? 0) - t0))
      : Number.POSITIVE_INFINITY;
    let count = 0;
    for (const [i, p] of procs.entries()) {
      if (rejoined[i]) count += rejoined[i]?.count ?? 0;
      else {
        p.send({ type: 'progress', key: '' });
        count += (await p.next('progress', 5000)).rejoined;
      }
    }

    const truth: Record<string, Array<[number, string]>> = {};
    for (const r of o.rooms) truth[`${r.salonId}:${r.date}`] = [...(await truthOfDay(o.sql, r.salonId, r.date))];
    for (const p of procs) p.send({ type: 'verify', truth });
    const verdicts = await Promise.all(procs.map((p) => p.next('verified', 30_000)));
    return {
      server,
      result: {
        sockets: o.sockets,
        connected: conn.ok,
        connectMs: round(conn.ms),
        rssBeforeKiB,
        rssAfterKiB,
        perSocketKiB: round((rssAfterKiB - rssBeforeKiB) / conn.ok),
        joined,
        joinMs: round(joinMs),
        rssJoinedKiB,
        recoverMs: round(recoverMs),
        restartMs: round(restartMs),
        rejoined: count,
        wrongViews: verdicts.reduce((s, v) => s + v.wrong, 0),
        notLive: verdicts.reduce((s, v) => s + v.notLive, 0),
        example: verdicts.find((v) => v.example)?.example,
        serverPid: server.pid,
      },
    };
  } finally {
    await Promise.all(procs.map((p) => p.close()));
  }
}

/** Two holds per watched day, written straight into the database while no server runs. */
async function holdBehindTheirBacks(sql: Sql, rooms: Room[], holder: BenchUser, serviceId: number): Promise<void> {
  for (const r of rooms) {
    await sql.query(
      `insert into slot_locks (slot_id, holder_id, service_id, token, expires_at, hold_started_at)
       select sl.id, $3, $4, $5, now() + interval '10 minutes', now()
       from slots sl join salons s on s.id = sl.salon_id
       where sl.salon_id = $1 and (sl.starts_at at time zone s.timezone)::date = $2::date and not sl.is_booked
         and not exists (select 1 from slot_locks l where l.slot_id = sl.id)
       order by sl.starts_at desc limit 2`,
      [r.salonId, r.date, holder.id, serviceId, randomUUID()],
    );
  }
}
