/**
 * The waitlist across two server instances on one database (A in this
 * process, B a spawned server): concurrent freeing on both gives each freed
 * time to exactly one waiter, the first ones in line, never one time twice,
 * and the offer reaches the waiter's socket on whichever instance it is.
 */
import type { AddressInfo } from 'node:net';
import { addDays, localDate, type WaitlistOffer } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth } from '../../../test/fixtures.ts';
import { type ServerProcess, spawnServer } from '../../../test/process.ts';
import { ask, type Client, connect, record } from '../../../test/sockets.ts';
import { api, eventually, fullDay, mailSettled, type Waiter, waiter } from '../../../test/waitlist.ts';

let a: TestApp;
let aUrl: string;
let b: ServerProcess;
const clients: Client[] = [];
const DAY = addDays(localDate(new Date(), 'Europe/Berlin'), 9);

beforeAll(async () => {
  a = await createTestApp({ bus: true });
  await a.app.listen({ port: 0, host: '127.0.0.1' });
  aUrl = `http://127.0.0.1:${(a.app.server.address() as AddressInfo).port}`;
  b = await spawnServer({ DATABASE_URL: a.db.url, EVENT_BUS: 'true', LOG_LEVEL: 'warn' });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await b?.stop('SIGTERM');
  await mailSettled(a);
  await a.close();
});

/** Sends a request to instance B over HTTP. */
const onB = (method: string, path: string, token: string, body?: object) =>
  fetch(`${b.url}/api/v1${path}`, {
    method,
    headers: { ...auth(token), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

describe('waitlist on two instances', () => {
  it('20 waiters, 5 concurrent cancellations on both instances: 5 offers to the first 5, no time twice', async () => {
    const http = api(a);
    const s = await fullDay(a, DAY, { times: 5 });
    const waiters: Waiter[] = [];
    for (let i = 0; i < 20; i++) waiters.push(await waiter(a, i % 2 === 0 ? aUrl : b.url, clients, `Waiter ${i + 1}`));
    const entries: number[] = [];
    for (const w of waiters) {
      const res = await http.join(w.token, { salonId: s.salonId, serviceId: s.serviceId, date: DAY });
      expect(res.statusCode, res.body).toBe(201);
      entries.push(res.json().id);
    }
    const watchers = [await connect(aUrl), await connect(b.url)];
    clients.push(...watchers);
    for (const w of watchers) await ask(w, 'schedule:join', { salonId: s.salonId, date: DAY });
    const seen = watchers.map((w) => record(w, ['slot:locked']));

    const results = await Promise.all(
      s.bookings.map((bk, i) =>
        i % 2 === 0
          ? http.cancel(bk.customerToken, bk.id).then((r) => r.statusCode)
          : onB('POST', `/bookings/${bk.id}/cancel`, bk.customerToken, {}).then((r) => r.status),
      ),
    );
    expect(results).toEqual([200, 200, 200, 200, 200]);

    const offered = () => waiters.flatMap((w) => w.offers);
    await eventually(() => expect(offered()).toHaveLength(5), 10_000);
    // Give any stray second offer time to show up before counting.
    await new Promise((r) => setTimeout(r, 1500));
    expect(waiters.slice(0, 5).map((w) => w.offers.length)).toEqual([1, 1, 1, 1, 1]);
    expect(waiters.slice(5).every((w) => w.offers.length === 0)).toBe(true);
    const starts = offered().map((o: WaitlistOffer) => o.slotIds[0]);
    expect(new Set(starts).size).toBe(5);
    expect(new Set(starts)).toEqual(new Set(s.bookings.map((bk) => bk.slotId)));

    const rows = (
      await a.db.sql.query(
        `select o.entry_id, o.slot_id, o.status from waitlist_offers o join waitlist_entries e on e.id = o.entry_id
         where e.salon_id = $1`,
        [s.salonId],
      )
    ).rows as { entry_id: number; slot_id: number; status: string }[];
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.entry_id))).toEqual(new Set(entries.slice(0, 5)));
    expect(rows.every((r) => r.status === 'open')).toBe(true);
    // Watchers on both instances saw every offered time as held.
    for (const log of seen) {
      await eventually(() => {
        const held = new Set(log.flatMap(([, p]) => p.slotIds as number[]));
        for (const id of starts) expect(held.has(id as number)).toBe(true);
      });
    }

    // The five leave at once, on both instances: the next five in line get the times.
    const left = await Promise.all(
      waiters
        .slice(0, 5)
        .map((w, i) =>
          i % 2 === 0
            ? http.leave(w.token, entries[i] as number).then((r) => r.statusCode)
            : onB('DELETE', `/waitlist/${entries[i]}`, w.token).then((r) => r.status),
        ),
    );
    expect(left).toEqual([204, 204, 204, 204, 204]);
    await eventually(() => expect(waiters.slice(5, 10).every((w) => w.offers.length === 1)).toBe(true), 10_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(waiters.slice(10).every((w) => w.offers.length === 0)).toBe(true);
    expect(waiters.slice(0, 5).every((w) => w.offers.length === 1)).toBe(true);
    const second = waiters.slice(5, 10).map((w) => w.offers[0]?.slotIds[0]);
    expect(new Set(second)).toEqual(new Set(starts));
  });
});
