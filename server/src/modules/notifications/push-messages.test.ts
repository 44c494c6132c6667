import { PUSHED_TYPES } from '@glamify/shared';
import { describe, expect, it } from 'vitest';
import { pushPlan } from './push-messages.ts';

const now = new Date('2030-03-04T06:00:00Z');
const facts = {
  bookingId: 12,
  salonId: 3,
  date: '2030-03-05',
  salonName: 'Studio',
  customerName: 'Ana',
  staffName: 'Mia',
  services: ['Cut', 'Colour'],
  startsAt: '2030-03-05T09:00:00.000Z',
  startsAtLocal: '2030-03-05 10:00 (Europe/Berlin)',
};

describe('push messages', () => {
  it('has words, a place to open and delivery options for every pushed type', () => {
    for (const type of [...PUSHED_TYPES.owner, ...PUSHED_TYPES.customer]) {
      const { message, options } = pushPlan(type, facts, now);
      expect(message.title.length, type).toBeGreaterThan(5);
      expect(message.body, type).toContain('Cut + Colour with Mia');
      expect(message.url, type).toMatch(/^\/(?!\/)/);
      expect(options.ttlSeconds, type).toBeGreaterThanOrEqual(60);
      expect(options.topic ?? '', type).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    }
  });

  it("opens the owner's day for owners and the booking for customers", () => {
    expect(pushPlan('booking_created', facts, now).message.url).toBe('/owner?date=2030-03-05&salon=3');
    expect(pushPlan('booking_reminder', facts, now).message.url).toBe('/bookings?booking=12');
  });

  it('keeps a reminder only until the start, and an offer only while it is held', () => {
    expect(pushPlan('booking_reminder', facts, now).options.ttlSeconds).toBe(27 * 3600);
    const offer = pushPlan('waitlist_offer', { ...facts, expiresAt: '2030-03-04T06:10:00Z' }, now);
    expect(offer.options.ttlSeconds).toBe(600);
  });

  it('opens only paths inside the app, and refuses types that are never pushed', () => {
    for (const url of ['//evil.example/x', 'https://evil.example', 'javascript:alert(1)', '/ok"><script>']) {
      expect(pushPlan('waitlist_offer', { ...facts, url }, now).message.url, url).toBe('/bookings');
    }
    expect(pushPlan('waitlist_offer', { ...facts, url: '/checkout?offer=4' }, now).message.url).toBe(
      '/checkout?offer=4',
    );
    expect(() => pushPlan('salon_message', facts, now)).toThrow(/no push/);
    expect(() => pushPlan('booking_confirmed', facts, now)).toThrow(/no push/);
  });
});
