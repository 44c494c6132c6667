/**
 * Shutting down while mail is on its way: closing the app waits for the
 * sends under way, so closing the pool afterwards never hangs on a send
 * that reaches for a connection of a pool going away.
 */
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, slotAt } from '../../../test/fixtures.ts';
import { startSmtp } from '../../../test/smtp.ts';

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

describe('shutdown with mail in flight', () => {
  it('app.close() waits for the send, then the pool closes promptly', async () => {
    const smtp = await startSmtp();
    const clock = manualClock('2030-03-04T06:00:00Z');
    const t = await createTestApp({ smtpUrl: smtp.url }, { now: clock.now });
    try {
      const s = await makeSalon(t, { staff: 1 });
      const customer = await makeUser(t);
      smtp.stall();
      const slotId = await slotAt(t, s.staffIds[0] as number, '2030-03-05 09:00');
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/bookings',
        headers: auth(customer.token),
        payload: { slotId, serviceId: s.serviceIds[0] },
      });
      expect(res.statusCode).toBe(201);
      // A message is at the mail server, waiting for its answer.
      for (const deadline = Date.now() + 10_000; smtp.stalled() === 0; ) {
        if (Date.now() > deadline) throw new Error('no mail reached the server');
        await new Promise((r) => setTimeout(r, 20));
      }
      const closing = t.app.close();
      expect(await within(closing, 300)).toBe('timeout');
      smtp.release();
      await closing;
      expect(await within(t.orm.close(true), 5000)).not.toBe('timeout');
      expect(smtp.received.length).toBeGreaterThan(0);
    } finally {
      smtp.release();
      await t.db.drop();
      await smtp.close();
    }
  });
});
