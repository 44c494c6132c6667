/**
 * The load bench (bench/, `pnpm bench`) scaled down to seconds and checked
 * for correctness only, so that `pnpm test` keeps its code paths working:
 * the real server as a child process, 50 customers racing for one slot,
 * 50 socket watchers in a child process receiving every hold.
 */
import { spawnSync } from 'node:child_process';
import { addDays, localDate } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchSalon, type BenchUser, freeSlots, makeCustomers, makeSalon } from '../../bench/lib/fixtures.ts';
import { type BenchServer, startServer, stopServer } from '../../bench/lib/servers.ts';
import { contention } from '../../bench/scenarios/contention.ts';
import { deploy } from '../../bench/scenarios/deploy.ts';
import { fanout } from '../../bench/scenarios/fanout.ts';
import { createTestDb, type TestDb } from './db.ts';

const SECRET = 'bench-smoke-key-0d4e8b1f7a2c9e63b5f1';
let db: TestDb;
let server: BenchServer;
let salon: BenchSalon;
let customers: BenchUser[];
const day = (n: number) => addDays(localDate(new Date(), 'Europe/Berlin'), n);

beforeAll(async () => {
  db = await createTestDb();
  salon = await makeSalon(db.sql, SECRET, {
    name: 'Smoke Chairs',
    staff: 6,
    horizonDays: 4,
    opens: '09:00',
    closes: '17:00',
  });
  customers = await makeCustomers(db.sql, SECRET, 60, 'smoke');
  server = await startServer({ databaseUrl: db.url, authSecret: SECRET, bus: false });
});
afterAll(async () => {
  await stopServer(server);
  await db?.drop();
});

describe('bench smoke', () => {
  it('contention: 50 customers on one slot, exactly one 201, the rest 409 with alternatives', async () => {
    const [slot] = await freeSlots(db.sql, salon.salonId, { date: day(1), limit: 1 });
    expect(slot).toBeDefined();
    const r = await contention(new URL(server.url), db.sql, salon, customers.slice(0, 50), slot as never);
    expect(r).toMatchObject({ created: 1, conflicts: 49, conflictsWithAlternatives: 49, errors: 0 });
    expect(r.sql).toEqual({ bookings: 1, bookedSlots: 1, ok: true });
    expect(r.correct).toBe(true);
  });

  it('fanout: 50 watchers in a child process receive every hold', async () => {
    const slots = await freeSlots(db.sql, salon.salonId, { date: day(2), limit: 5 });
    const r = await fanout({
      watchUrl: server.url,
      holdUrl: server.url,
      room: { salonId: salon.salonId, date: day(2) },
      procs: 1,
      watchers: 50,
      holders: customers.slice(50, 55),
      slots,
      serviceId: salon.serviceId,
      holds: 5,
    });
    expect(r).toMatchObject({ watchers: 50, holds: 5, complete: 5, missed: 0 });
    expect(r.latency.n).toBe(5);
  });
});

describe('bench smoke: deploy', () => {
  it('a rolling restart of one of two instances under booking load loses no booking and no view', async () => {
    const slots = await freeSlots(db.sql, salon.salonId, { date: day(3) });
    const serve = (port?: number) => startServer({ databaseUrl: db.url, authSecret: SECRET, bus: true, port });
    let a = await serve();
    const b = await serve();
    try {
      const r = await deploy({
        a,
        b,
        stopA: () => stopServer(a),
        startA: async () => {
          a = await serve(a.port);
          return a;
        },
        sql: db.sql,
        salon,
        date: day(3),
        customers: customers.slice(0, 8),
        slots,
        clients: 4,
        watchers: 5,
        beforeMs: 1500,
        afterMs: 1500,
        thinkMs: 20,
      });
      expect(r, JSON.stringify(r)).toMatchObject({
        serverErrors: 0,
        unanswered: 0,
        other: {},
        lost: 0,
        untold: 0,
        wrongViews: 0,
      });
      expect(r.created).toBeGreaterThan(0);
      expect(r.created + r.replayed).toBe(r.requests);
      expect(r.correct).toBe(true);
    } finally {
      await stopServer(a);
      await stopServer(b);
    }
  }, 120_000);
});

describe('pnpm bench', () => {
  it('exits non-zero when it cannot run', () => {
    const run = spawnSync(process.execPath, ['bench/run.ts'], {
      env: { ...process.env, DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/none' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).not.toBe(0);
    expect(run.status).not.toBeNull();
  });
});
