/**
 * Web Push against a local HTTPS stand-in for a push service: what arrives
 * is encrypted for the device and decrypts with its keys, carries a VAPID
 * signature by the server's key, goes out only after commit (never for a
 * rollback), once per device even when the record is retried, and a 410
 * removes the subscription.
 */
import type { PushMessage } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';
import { startPushService, type TestPushService, verifyVapid } from '../../../test/push-service.ts';
import { inTransaction } from '../../lib/tx.ts';

const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;
let push: TestPushService;
let s: SalonFixture;

beforeAll(async () => {
  push = await startPushService();
  t = await createTestApp({ pushAllowLocalEndpoints: true }, { now: clock.now, pushAgent: push.agent });
  s = await makeSalon(t, { staff: 3 });
});
afterAll(async () => {
  await t?.close();
  await push?.close();
});

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 15_000) {
  for (const deadline = Date.now() + ms; !(await check()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const subscribe = (token: string, body: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/v1/push/subscriptions', headers: auth(token), payload: body as object });
const book = (token: string, slotId: number, salon = s) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/bookings',
    headers: auth(token),
    payload: { slotId, serviceId: salon.serviceIds[0] },
  });
const subscriptions = async (userId: number) =>
  (await t.db.sql.query('select endpoint from push_subscriptions where user_id = $1 order by id', [userId])).rows.map(
    (r) => r.endpoint as string,
  );

describe('subscriptions', () => {
  it('answers the public key, and it is the one every instance signs with', async () => {
    const res = await t.app.inject({ url: '/api/v1/push/public-key' });
    expect(res.statusCode).toBe(200);
    const { publicKey } = res.json();
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
    const second = await createTestApp({}, { db: t.db });
    try {
      expect((await second.app.inject({ url: '/api/v1/push/public-key' })).json().publicKey).toBe(publicKey);
    } finally {
      await second.close();
    }
  });

  it('keeps one subscription per device: saved, saved again, moved to who signs in on it, deleted', async () => {
    const [ana, ben] = [await makeUser(t), await makeUser(t)];
    const device = push.device();
    const first = await subscribe(ana.token, { ...device.subscription, expirationTime: null });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ endpoint: device.subscription.endpoint, createdAt: expect.any(String) });
    expect((await subscribe(ana.token, device.subscription)).statusCode).toBe(201);
    expect(await subscriptions(ana.id)).toEqual([device.subscription.endpoint]);
    // The same browser, now signed in as Ben: the device is his.
    expect((await subscribe(ben.token, device.subscription)).statusCode).toBe(201);
    expect(await subscriptions(ana.id)).toEqual([]);
    expect(await subscriptions(ben.id)).toEqual([device.subscription.endpoint]);
    // Ana cannot unsubscribe Ben's device; Ben can.
    const del = (token: string) =>
      t.app.inject({
        method: 'DELETE',
        url: '/api/v1/push/subscriptions',
        headers: auth(token),
        payload: { endpoint: device.subscription.endpoint },
      });
    expect((await del(ana.token)).statusCode).toBe(204);
    expect(await subscriptions(ben.id)).toHaveLength(1);
    expect((await del(ben.token)).statusCode).toBe(204);
    expect(await subscriptions(ben.id)).toEqual([]);
  });

  it('refuses anonymous callers, bad endpoints and bad keys with the field named, saving nothing', async () => {
    const u = await makeUser(t);
    const { subscription } = push.device();
    const anon = await t.app.inject({ method: 'POST', url: '/api/v1/push/subscriptions', payload: subscription });
    expect(anon.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    const cases: Array<[unknown, string]> = [
      [{ ...subscription, endpoint: 'http://push.example.com/x' }, 'endpoint'],
      [{ ...subscription, endpoint: 'not a url' }, 'endpoint'],
      [{ ...subscription, endpoint: 'https://user:pw@push.example.com/x' }, 'endpoint'],
      [{ ...subscription, keys: { ...subscription.keys, p256dh: 'short' } }, 'keys/p256dh'],
      [{ ...subscription, keys: { p256dh: subscription.keys.p256dh } }, 'keys/auth'],
      [{ endpoint: subscription.endpoint }, 'keys'],
      [{ ...subscription, extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await subscribe(u.token, body);
      expect(res.json(), field).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field });
    }
    expect(await subscriptions(u.id)).toEqual([]);
  });

  it('refuses loopback and private endpoints unless a local push service is expected', async () => {
    const strict = await createTestApp({}, { db: t.db });
    try {
      const u = await makeUser(t);
      const token = strict.app.signToken({ id: u.id, role: 'customer' });
      for (const endpoint of [
        'https://127.0.0.1:4443/push/a',
        'https://localhost/push/a',
        'https://10.1.2.3/push/a',
        'https://[::1]/push/a',
        'https://[::ffff:192.168.1.2]/push/a',
      ]) {
        const res = await strict.app.inject({
          method: 'POST',
          url: '/api/v1/push/subscriptions',
          headers: auth(token),
          payload: { ...push.device().subscription, endpoint },
        });
        expect(res.json(), endpoint).toMatchObject({ status: 400, field: 'endpoint' });
      }
    } finally {
      await strict.close();
    }
  });
});

describe('delivery', () => {
  it("pushes a new booking to the owner's devices: encrypted for each device, VAPID-signed, after commit", async () => {
    const [phone, laptop] = [push.device(), push.device()];
    for (const d of [phone, laptop]) expect((await subscribe(s.ownerToken, d.subscription)).statusCode).toBe(201);
    const customer = await makeUser(t, 'customer', 'Pia Push');
    const customerDevice = push.device();
    await subscribe(customer.token, customerDevice.subscription);
    const res = await book(customer.token, await slotAt(t, s.staffIds[0] as number, '2030-03-05 10:00'));
    expect(res.statusCode).toBe(201);
    await waitFor(() => phone.received().length === 1 && laptop.received().length === 1, 'both pushes');
    const message = phone.received()[0] as PushMessage;
    expect(message).toMatchObject({
      v: 1,
      type: 'booking_created',
      title: 'New booking: Pia Push',
      url: `/owner?date=2030-03-05&salon=${s.salonId}`,
      tag: `booking-${res.json().id}-booking_created`,
    });
    expect(message.body).toBe('Service 1 with Stylist 1, 2030-03-05 10:00 (Europe/Berlin)');
    expect(laptop.received()[0]).toEqual(message);
    // A customer's own booking is not pushed to them (only reminders and waitlist offers are).
    expect(customerDevice.received()).toEqual([]);

    const { publicKey } = (await t.app.inject({ url: '/api/v1/push/public-key' })).json();
    const request = push.requests.find((r) => r.device === phone.id);
    expect(request?.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(request?.headers.ttl)).toBeGreaterThan(0);
    expect(request?.headers.urgency).toBe('high');
    const claims = verifyVapid(request?.headers.authorization as string, push.origin, publicKey);
    expect(claims.sub).toBe('mailto:no-reply@glamify.local');
    // The body is ciphertext: nothing of the message is readable on the wire.
    expect(request?.body.includes(Buffer.from('Pia'))).toBe(false);
  });

  it('never pushes for a transaction that rolled back', async () => {
    const owner = await makeUser(t, 'owner');
    const device = push.device();
    await subscribe(owner.token, device.subscription);
    const before = push.requests.length;
    await expect(
      inTransaction(t.app.deps, async (tx) => {
        const ids = await t.app.services.notifications.queue(tx.em, [
          { userId: owner.id, type: 'booking_created', payload: { bookingId: 1, customerName: 'Ghost' } },
        ]);
        expect(ids).toHaveLength(2); // the email and its push twin
        tx.emit({ type: 'notifications:queued', ids });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    // The retry job finds nothing either.
    await t.app.services.notifications.dispatch();
    await new Promise((r) => setTimeout(r, 300));
    expect(push.requests.slice(before).filter((r) => r.device === device.id)).toEqual([]);
    const rows = await t.db.sql.query('select count(*)::int as n from notifications where user_id = $1', [owner.id]);
    expect(rows.rows[0].n).toBe(0);
  });

  it('a 410 from the push service deletes that subscription; the other device still gets its push', async () => {
    const owner = await makeSalon(t, { staff: 1 });
    const [gone, alive] = [push.device(), push.device()];
    gone.answer(410);
    for (const d of [gone, alive]) await subscribe(owner.ownerToken, d.subscription);
    const slotId = await slotAt(t, owner.staffIds[0] as number, '2030-03-05 10:00');
    const res = await book((await makeUser(t)).token, slotId, owner);
    expect(res.statusCode).toBe(201);
    await waitFor(async () => (await subscriptions(owner.ownerId)).length === 1, 'the gone device to be removed');
    expect(await subscriptions(owner.ownerId)).toEqual([alive.subscription.endpoint]);
    await waitFor(() => alive.received().length === 1, 'the live device');
    const record = () =>
      t.db.sql.query(
        "select status from notifications where user_id = $1 and channel = 'push' and type = 'booking_created'",
        [owner.ownerId],
      );
    // A device that is gone is not a failure: the record is done.
    await waitFor(async () => (await record()).rows[0]?.status === 'sent', 'the push record to be sent');
    expect((await record()).rows).toEqual([{ status: 'sent' }]);
  });

  it('a device that failed is retried later, and only it: the other does not get the push twice', async () => {
    const owner = await makeSalon(t, { staff: 1 });
    const [flaky, steady] = [push.device(), push.device()];
    flaky.answer(503);
    for (const d of [flaky, steady]) await subscribe(owner.ownerToken, d.subscription);
    const slotId = await slotAt(t, owner.staffIds[0] as number, '2030-03-05 11:00');
    expect((await book((await makeUser(t)).token, slotId, owner)).statusCode).toBe(201);
    const pushRecord = async () =>
      (
        await t.db.sql.query(
          "select id, status, attempts, last_error from notifications where user_id = $1 and channel = 'push'",
          [owner.ownerId],
        )
      ).rows[0];
    await waitFor(async () => (await pushRecord())?.status === 'failed', 'the first attempt to fail');
    expect(await pushRecord()).toMatchObject({ attempts: 1, last_error: expect.stringContaining('503') });
    expect(steady.received()).toHaveLength(1);
    flaky.answer(201);
    await t.app.services.notifications.dispatch();
    expect(await pushRecord()).toMatchObject({ status: 'sent', attempts: 2 });
    expect(flaky.received()).toHaveLength(1);
    expect(steady.received()).toHaveLength(1);
  });

  it('pushes check-ins to owners and waitlist offers to customers, with words and a place to open', async () => {
    const owner = await makeUser(t, 'owner');
    const customer = await makeUser(t);
    const [ownerDevice, customerDevice] = [push.device(), push.device()];
    await subscribe(owner.token, ownerDevice.subscription);
    await subscribe(customer.token, customerDevice.subscription);
    const facts = {
      bookingId: 77,
      salonId: 5,
      date: '2030-03-06',
      salonName: 'Studio',
      customerName: 'Cleo',
      staffName: 'Mia',
      services: ['Cut'],
      startsAt: '2030-03-06T09:00:00.000Z',
      startsAtLocal: '2030-03-06 10:00 (Europe/Berlin)',
    };
    await inTransaction(t.app.deps, async (tx) => {
      const ids = await t.app.services.notifications.queue(tx.em, [
        { userId: owner.id, type: 'booking_checked_in', payload: facts },
        // Owners do not get waitlist offers pushed, customers do not get check-ins.
        { userId: owner.id, type: 'waitlist_offer', payload: facts },
        { userId: customer.id, type: 'booking_checked_in', payload: facts },
        {
          userId: customer.id,
          type: 'waitlist_offer',
          payload: { ...facts, entryId: 9, expiresAt: '2030-03-04T06:10:00.000Z', url: '/checkout?offer=9' },
        },
      ]);
      expect(ids).toHaveLength(6);
      tx.emit({ type: 'notifications:queued', ids });
    });
    await waitFor(() => ownerDevice.received().length === 1 && customerDevice.received().length === 1, 'pushes');
    expect(ownerDevice.received()[0]).toMatchObject({
      type: 'booking_checked_in',
      title: 'Arrived: Cleo',
      url: '/owner?date=2030-03-06&salon=5',
    });
    expect(customerDevice.received()[0]).toMatchObject({
      type: 'waitlist_offer',
      title: 'A time you wanted is free: Studio',
      url: '/checkout?offer=9',
      tag: 'waitlist-9',
    });
  });
});
