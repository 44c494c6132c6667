/**
 * The whole working day for screens that draw it (kiosk, owner's calendar):
 * `schedule:join` with `wholeDay` keeps the past and the too-soon free slots
 * that customers' snapshots leave out, and events reach both alike.
 * `time:sync` answers with the server's clock at once.
 */
import type { AddressInfo } from 'node:net';
import type { Slot } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';
import { ask, type Client, connect, next } from '../../../test/sockets.ts';

// 13:05 in Berlin; the salon works 09:00-17:00 with lunch 12:30-13:30 and a notice of 60 minutes.
const clock = manualClock('2030-03-04T12:05:00Z');
const DAY = '2030-03-04';
let t: TestApp;
let url: string;
let s: SalonFixture;
const clients: Client[] = [];

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  s = await makeSalon(t, { staff: 3, minNoticeMinutes: 60 });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

async function join(wholeDay?: boolean) {
  const c = await connect(url);
  clients.push(c);
  const ack = await ask<{ ok: boolean; slots: Slot[] }>(c, 'schedule:join', {
    salonId: s.salonId,
    date: DAY,
    ...(wholeDay === undefined ? {} : { wholeDay }),
  });
  expect(ack.ok).toBe(true);
  return { c, slots: ack.slots };
}

describe('whole-day snapshots', () => {
  it('has every slot of every stylist from opening to closing, past ones included; the default leaves those out', async () => {
    const whole = await join(true);
    // 28 slots per stylist (8 hours less lunch, at 15 minutes), generated from the start of today.
    expect(whole.slots).toHaveLength(3 * 28);
    const first = whole.slots.filter((x) => x.startsAt === '2030-03-04T08:00:00.000Z');
    expect(first.map((x) => x.staffId).sort()).toEqual([...s.staffIds].sort());
    expect(first.every((x) => x.status === 'available')).toBe(true);

    const bookable = await join();
    // Free slots before 14:05 (now + notice) are gone from the customers' picture.
    expect(bookable.slots.every((x) => Date.parse(x.startsAt) >= Date.parse('2030-03-04T13:05:00Z'))).toBe(true);
    expect(bookable.slots.length).toBeLessThan(whole.slots.length);
    expect((await join(false)).slots).toEqual(bookable.slots);
  });

  it('a walk-in booked now reaches whole-day watchers as booked, with its cleanup buffer', async () => {
    const watcher = await join(true);
    // Service 2 is 45 minutes; with a 15-minute buffer it takes 4 slots.
    await t.db.sql.query('update services set buffer_minutes = 15 where id = $1', [s.serviceIds[1]]);
    const slotId = await slotAt(t, s.staffIds[2] as number, `${DAY} 13:30`);
    const booked = next<{ slotIds: number[] }>(watcher.c, 'slot:booked');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: auth(s.ownerToken),
      payload: { slotId, serviceId: s.serviceIds[1], guest: { name: 'Nina Now' } },
    });
    expect(res.statusCode).toBe(201);
    const event = await booked;
    expect(event.slotIds).toHaveLength(4);
    const known = new Set(watcher.slots.map((x) => x.id));
    expect(event.slotIds.every((id) => known.has(id))).toBe(true);
    // The booking ends with the service; the slots run on through the buffer.
    expect(res.json()).toMatchObject({ endsAt: '2030-03-04T13:15:00.000Z', slotIds: event.slotIds });
    const again = await join(true);
    const taken = again.slots.filter((x) => event.slotIds.includes(x.id));
    expect(taken.map((x) => x.status)).toEqual(['booked', 'booked', 'booked', 'booked']);
    expect(taken.at(-1)?.endsAt).toBe('2030-03-04T13:30:00.000Z');
  });

  it('a change of hours tells the day’s watchers to read it again, and the new snapshot has the break', async () => {
    const watcher = await join(true);
    const other = await join(true);
    await ask(other.c, 'schedule:join', { salonId: s.salonId, date: '2030-03-05', wholeDay: true });
    const mondayEvents: string[] = [];
    watcher.c.on('schedule:changed', (e) => mondayEvents.push(e.date));
    const tuesday = next<{ date: string }>(other.c, 'schedule:changed', (e) => e.date === '2030-03-05');
    const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      staffId: weekday === 2 ? (s.staffIds[0] as number) : null,
      opens: '09:00',
      closes: '17:00',
      breaks: weekday === 2 ? [{ starts: '15:00', ends: '16:00' }] : [{ starts: '12:30', ends: '13:30' }],
    }));
    // Tuesday 2030-03-05 gets a salon row too, so the others keep working.
    hours.push({
      weekday: 2,
      staffId: null,
      opens: '09:00',
      closes: '17:00',
      breaks: [{ starts: '12:30', ends: '13:30' }],
    });
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/salons/${s.salonId}/working-hours`,
      headers: auth(s.ownerToken),
      payload: { hours },
    });
    expect(res.statusCode).toBe(200);
    // Stylist 1's Tuesdays lost 15:00-16:00 and got 12:30-13:30 back; today (a Monday) did not change.
    expect((await tuesday).date).toBe('2030-03-05');
    await new Promise((r) => setTimeout(r, 200));
    expect(mondayEvents).toEqual([]);
    const fresh = await ask<{ slots: Slot[] }>(other.c, 'schedule:join', {
      salonId: s.salonId,
      date: '2030-03-05',
      wholeDay: true,
    });
    const mine = fresh.slots.filter((x) => x.staffId === s.staffIds[0]);
    expect(mine.some((x) => x.startsAt === '2030-03-05T14:00:00.000Z')).toBe(false);
    expect(mine.some((x) => x.startsAt === '2030-03-05T11:30:00.000Z')).toBe(true);
  });

  it('refuses a malformed wholeDay, naming the field', async () => {
    const c = await connect(url);
    clients.push(c);
    const ack = await ask<{ ok: boolean; field?: string }>(c, 'schedule:join', {
      salonId: s.salonId,
      date: DAY,
      wholeDay: 'yes',
    });
    expect(ack).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', field: 'wholeDay' });
  });
});

describe('time:sync', () => {
  it("answers with the server's clock, to anyone connected", async () => {
    const c = await connect(url);
    clients.push(c);
    expect(await ask(c, 'time:sync', {})).toEqual({ ok: true, now: clock.now().toISOString() });
    expect(await ask(c, 'time:sync', { extra: 1 })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
  });
});
