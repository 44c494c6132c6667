/**
 * Deploy: a rolling restart of one of two instances (EVENT_BUS=true, one
 * database) under steady booking load, as an operator deploys: instance A
 * gets SIGTERM, drains, and a new process takes its port; B serves
 * throughout. Customers book distinct slots of one day on both instances,
 * each request with its idempotency key; a request that meets a refused or
 * reset connection is sent again with the same key (to the other instance,
 * as a load balancer would), so a booking whose answer was lost comes back
 * as a replay, never as a second booking. Watchers of that day on both
 * instances keep a view from the join snapshot and the deltas, and come
 * back the way the PWA does when their instance goes away.
 *
 * Correct when: no 5xx; every request answered (201, or 200 for a replay);
 * every booking a customer was told of is live in SQL and SQL has none that
 * nobody was told of; every watcher's view of the day equals SQL at the end.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { type ClientSocket, ioClient } from '../../server/test/bench-deps.ts';
import type { BenchSalon, BenchUser, SlotRef, Sql } from '../lib/fixtures.ts';
import { type Answer, customerAgent, send } from '../lib/http.ts';
import type { BenchServer } from '../lib/servers.ts';
import { clock, type Summary, summarize } from '../lib/stats.ts';

export interface DeployOptions {
  a: BenchServer;
  b: BenchServer;
  /** Stops A (SIGTERM: it drains its requests and exits). */
  stopA: () => Promise<void>;
  /** Starts A's successor on the same port; resolves once it answers /ready. */
  startA: () => Promise<BenchServer>;
  sql: Sql;
  salon: BenchSalon;
  date: string;
  customers: BenchUser[];
  /** Free slots of `date`, each booked at most once. */
  slots: SlotRef[];
  clients: number;
  /** Watchers per instance. */
  watchers: number;
  /** Steady load before the restart and after A is back. */
  beforeMs: number;
  afterMs: number;
  /** Pause between a client's bookings: steady load, not a saturating one. */
  thinkMs: number;
}

export interface DeployResult {
  requests: number;
  created: number;
  replayed: number;
  /** 5xx answers: none allowed. */
  serverErrors: number;
  /** Refused or reset connections, each sent again (same key). */
  retried: number;
  /** Requests still without an answer after every retry. */
  unanswered: number;
  /** Other statuses, by status (a 409 would mean a retry lost its booking). */
  other: Record<string, number>;
  /** Bookings a customer was told of that are not live in SQL. */
  lost: number;
  /** Live bookings of the run's slots that no customer was told of. */
  untold: number;
  watchers: number;
  wrongViews: number;
  /** Watchers not connected and joined at the end (counted among the wrong ones too). */
  notLive: number;
  /** Per wrong view: slots it misses (positive) or has too many (negative). */
  viewGaps: number[];
  /** The first 5xx or unexpected answer, for the report. */
  firstError: string | undefined;
  /** SIGTERM to A until its successor answers /ready. */
  restartMs: number;
  /** SIGTERM to A until it exited. */
  drainMs: number;
  perSecond: number;
  latency: Summary;
  correct: boolean;
}

const RETRIES = 40;

interface View {
  booked: Set<number>;
  live: boolean;
  close: () => void;
}

function watch(url: string, room: { salonId: number; date: string }): View {
  const s: ClientSocket = ioClient(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
    timeout: 10_000,
  });
  const v: View = { booked: new Set(), live: false, close: () => s.close() };
  // As the PWA's schedule view does: deltas that arrive while a join is under way are kept
  // and applied on top of its snapshot (the server takes the snapshot after joining the room,
  // so an event may overtake the acknowledgement that carries it).
  const buffers = new Set<Array<[boolean, number[]]>>();
  let latest = 0;
  const apply = (booked: boolean, ids: number[]) => {
    for (const id of ids) booked ? v.booked.add(id) : v.booked.delete(id);
  };
  const join = async () => {
    const mine: Array<[boolean, number[]]> = [];
    const generation = ++latest;
    buffers.add(mine);
    try {
      const r = (await s.timeout(15_000).emitWithAck('schedule:join', room)) as {
        ok: boolean;
        slots?: { id: number; status: string }[];
      };
      // An older join answering late must not replace a newer snapshot.
      if (!r.ok || !r.slots || generation !== latest) return;
      v.booked = new Set(r.slots.filter((x) => x.status === 'booked').map((x) => x.id));
      for (const [booked, ids] of mine) apply(booked, ids);
      v.live = true;
    } catch {
      // The instance went away meanwhile: the next connect joins again.
    } finally {
      buffers.delete(mine);
    }
  };
  const delta = (booked: boolean) => (e: { slotIds: number[] }) => {
    for (const b of buffers) b.push([booked, e.slotIds]);
    apply(booked, e.slotIds);
  };
  s.on('connect', () => void join());
  s.on('slot:booked', delta(true));
  s.on('slot:released', delta(false));
  s.on('disconnect', (reason) => {
    v.live = false;
    // As the PWA does: a server that sent us away (a restart) is called back by hand.
    if (reason === 'io server disconnect') setTimeout(() => s.connect(), 500 + Math.random() * 500);
  });
  return v;
}

export async function deploy(o: DeployOptions): Promise<DeployResult> {
  const urls = [new URL(o.a.url), new URL(o.b.url)];
  const room = { salonId: o.salon.salonId, date: o.date };
  const views = urls.flatMap((u) => Array.from({ length: o.watchers }, () => watch(u.href, room)));
  const agents = Array.from({ length: o.clients }, () => urls.map(() => customerAgent()));
  const told = new Set<number>();
  const tried: number[] = [];
  const latencies: number[] = [];
  const other: Record<string, number> = {};
  let created = 0;
  let replayed = 0;
  let serverErrors = 0;
  let retried = 0;
  let unanswered = 0;
  let next = 0;
  let stopAt = Number.POSITIVE_INFINITY;
  let restartMs = 0;
  let drainMs = 0;
  let firstError: string | undefined;
  try {
    await until(() => views.every((v) => v.live), 30_000);
    const t0 = clock();

    const bookOne = async (client: number, slot: SlotRef): Promise<Answer | undefined> => {
      const customer = o.customers[client % o.customers.length] as BenchUser;
      const body = {
        slotId: slot.id,
        serviceIds: [o.salon.serviceId],
        staffId: slot.staffId,
        idempotencyKey: randomUUID(),
      };
      for (let i = 0; i <= RETRIES; i++) {
        // Half the clients start on A, half on B; a retry goes to the other one.
        const which = (client + i) % 2;
        const a = await send(urls[which] as URL, agents[client]?.[which] as http.Agent, {
          method: 'POST',
          path: '/api/v1/bookings',
          token: customer.token,
          body,
        });
        if (a.status !== 0) return a;
        retried++;
        await sleep(50 * Math.min(i + 1, 10));
      }
      return undefined;
    };
    const loop = async (client: number) => {
      for (;;) {
        if (clock() >= stopAt) return;
        const slot = o.slots[next++];
        if (!slot) return;
        tried.push(slot.id);
        const started = clock();
        const a = await bookOne(client, slot);
        latencies.push(clock() - started);
        if (!a) unanswered++;
        else if (a.status === 201 || a.status === 200) {
          if (a.status === 201) created++;
          else replayed++;
          told.add((JSON.parse(a.body) as { id: number }).id);
        } else if (a.status >= 500) serverErrors++;
        else other[a.status] = (other[a.status] ?? 0) + 1;
        await sleep(o.thinkMs);
      }
    };
    const load = Promise.all(Array.from({ length: o.clients }, (_, i) => loop(i)));
    await sleep(o.beforeMs);
    const r0 = clock();
    await o.stopA();
    drainMs = clock() - r0;
    await o.startA();
    restartMs = clock() - r0;
    stopAt = clock() + o.afterMs;
    await load;
    const seconds = (clock() - t0) / 1000;

    const { rows } = await o.sql.query<{ id: number }>(
      `select distinct b.id from bookings b join slots sl on sl.booking_id = b.id
       where sl.id = any($1::int[]) and b.status in ('PENDING', 'CONFIRMED')`,
      [tried],
    );
    const live = new Set(rows.map((r) => r.id));
    const lost = [...told].filter((id) => !live.has(id)).length;
    const untold = [...live].filter((id) => !told.has(id)).length;
    const truth = async () =>
      new Set(
        (
          await o.sql.query<{ id: number }>(
            `select sl.id from slots sl join salons s on s.id = sl.salon_id
             where sl.salon_id = $1 and (sl.starts_at at time zone s.timezone)::date = $2::date and sl.is_booked`,
            [o.salon.salonId, o.date],
          )
        ).rows.map((r) => r.id),
      );
    // Events of the last bookings may still be on their way: give every view a moment to settle.
    const want = await truth();
    const same = (v: View) => v.live && v.booked.size === want.size && [...want].every((id) => v.booked.has(id));
    await until(() => views.every(same), 20_000).catch(() => undefined);
    const wrongViews = views.filter((v) => !same(v)).length;
    const requests = tried.length;
    return {
      requests,
      created,
      replayed,
      serverErrors,
      retried,
      unanswered,
      other,
      lost,
      untold,
      watchers: views.length,
      wrongViews,
      notLive: views.filter((v) => !v.live).length,
      viewGaps: views
        .filter((v) => !same(v))
        .map(
          (v) =>
            [...want].filter((id) => !v.booked.has(id)).length - [...v.booked].filter((id) => !want.has(id)).length,
        ),
      firstError,
      restartMs: Math.round(restartMs),
      drainMs: Math.round(drainMs),
      perSecond: Math.round(((created + replayed) / seconds) * 10) / 10,
      latency: summarize(latencies),
      correct:
        serverErrors === 0 &&
        unanswered === 0 &&
        Object.keys(other).length === 0 &&
        lost === 0 &&
        untold === 0 &&
        wrongViews === 0 &&
        created + replayed === requests,
    };
  } finally {
    for (const v of views) v.close();
    for (const pair of agents) for (const a of pair) a.destroy();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(ok: () => boolean, ms: number): Promise<void> {
  const deadline = clock() + ms;
  while (!ok()) {
    if (clock() > deadline) throw new Error(`not within ${ms} ms`);
    await sleep(50);
  }
}
