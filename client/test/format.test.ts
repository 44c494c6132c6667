/** Salon-local times, and when the zone is named; the opening hours; the policy in words. */
import type { SalonPolicy, WorkingHours } from '@glamify/shared';
import { describe, expect, it } from 'vitest';
import { policyLines } from '../src/components/policy-summary/policy-summary';
import { fullAddress } from '../src/components/salon-address/salon-address';
import { dayLabel, whenLabel, zoneDiffers, zoneName } from '../src/lib/format';
import { openingHours } from '../src/pages/salon/salon-info';

describe('time zones', () => {
  const at = '2026-11-25T15:00:00Z';

  it('names the salon’s zone only where the device’s clock reads differently', () => {
    expect(zoneDiffers(at, 'America/New_York', 'Europe/Berlin')).toBe(true);
    expect(zoneDiffers(at, 'Europe/Paris', 'Europe/Berlin')).toBe(false);
    expect(zoneDiffers(at, 'Europe/Berlin', 'Europe/Berlin')).toBe(false);
    // London and Lisbon share the clock in November, but not always the name.
    expect(zoneDiffers(at, 'Europe/Lisbon', 'Europe/London')).toBe(false);
  });

  it('says the zone the way people do', () => {
    expect(zoneName('America/New_York')).toBe('New York time');
    expect(zoneName('America/Argentina/Buenos_Aires')).toBe('Buenos Aires time');
    expect(zoneName('Etc/GMT+5', at)).toBe('GMT-5 time');
    expect(zoneName('UTC', at)).toBe('UTC time');
  });

  it('shows the salon’s wall clock, with the zone when the device is elsewhere', () => {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const label = whenLabel(at, 'America/New_York');
    expect(label).toMatch(/10:00/);
    expect(label.endsWith('New York time')).toBe(zoneDiffers(at, 'America/New_York', tz));
    expect(whenLabel(at, tz)).not.toMatch(/time$/);
  });
});

describe('day labels', () => {
  it('keep their options apart, whichever was asked for first', () => {
    const noWeekday = dayLabel('2026-11-25', { weekday: undefined });
    const full = dayLabel('2026-11-25');
    expect(noWeekday).not.toMatch(/Wed/);
    expect(full).toMatch(/Wed/);
    expect(dayLabel('2026-11-25', { day: undefined, month: undefined })).toBe('Wed');
  });
});

describe('opening hours', () => {
  const day = (weekday: number, opens = '10:00', closes = '20:00'): WorkingHours => ({
    weekday,
    staffId: null,
    opens,
    closes,
    breaks: [{ starts: '14:00', ends: '14:30' }],
  });

  it('runs weekdays with the same hours together and names closed days', () => {
    const hours = [day(2), day(3), day(4), day(5), day(6, '09:00', '16:00'), { ...day(1), staffId: 4 }];
    expect(openingHours(hours)).toEqual([
      { days: 'Mon', hours: 'Closed' },
      { days: 'Tue–Fri', hours: '10:00–20:00 (break 14:00–14:30)' },
      { days: 'Sat', hours: '09:00–16:00 (break 14:00–14:30)' },
      { days: 'Sun', hours: 'Closed' },
    ]);
    expect(openingHours([day(6), day(7)]).at(-1)).toEqual({
      days: 'Sat, Sun',
      hours: '10:00–20:00 (break 14:00–14:30)',
    });
  });
});

describe('the cancellation policy in words', () => {
  const policy: SalonPolicy = {
    depositPercent: 20,
    freeCancellationHours: 24,
    lateCancelFeePercent: 50,
    noShowFeePercent: 100,
    reminderHoursBefore: [24, 2],
  };
  const startsAt = '2026-12-03T09:00:00Z';

  it('says until when a change is free, by the shared rule, and what later costs', () => {
    const lines = policyLines(policy, startsAt, 'Europe/Berlin', Date.parse('2026-12-01T09:00:00Z'));
    expect(lines[0]).toMatch(/^Free cancellation until Wed.*(Dec 2|2 Dec).*, 10:00/);
    expect(lines[0]).toContain('After that, cancelling costs 50% of the price.');
    expect(lines[1]).toBe('Not turning up costs 100% of the price.');
  });

  it('inside the window, says what cancelling costs now, or that it is still free', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    expect(policyLines(policy, startsAt, 'Europe/Berlin', now)[0]).toBe(
      'Less than 24 h to go: cancelling now costs 50% of the price.',
    );
    const lenient = { ...policy, lateCancelFeePercent: 0, noShowFeePercent: 0 };
    expect(policyLines(lenient, startsAt, 'Europe/Berlin', now)).toEqual([
      'Less than 24 h to go: cancelling is still free, but the time can no longer be changed.',
    ]);
    expect(policyLines({ ...lenient, freeCancellationHours: 0 }, startsAt, 'Europe/Berlin', now)).toEqual([
      'Free cancellation until the appointment starts.',
    ]);
  });

  it('with a deposit, tells what is kept of it: fees come out of the deposit and never exceed it', () => {
    // A 20 % deposit of €89.00 is €17.80; a 50 % late fee (€44.50) and the 100 % no-show fee are capped at it.
    const deposit = { amountCents: 1780, priceCents: 8900, currency: 'EUR' };
    const before = policyLines(policy, startsAt, 'Europe/Berlin', Date.parse('2026-12-01T09:00:00Z'), deposit);
    expect(before[0]).toMatch(
      /^Cancel by Wed.*(Dec 2|2 Dec).*, 10:00( Berlin time)? and you get the whole deposit back; later, the deposit is kept\.$/,
    );
    expect(before.slice(1)).toEqual([
      'Not turning up: the deposit is kept.',
      'If the salon cancels, you get all of it back.',
    ]);
    expect(before.join(' ')).not.toMatch(/% of the price/);

    const small = { ...policy, lateCancelFeePercent: 10, noShowFeePercent: 0 };
    const late = policyLines(small, startsAt, 'Europe/Berlin', Date.parse('2026-12-02T12:00:00Z'), deposit);
    expect(late[0]).toMatch(
      /^Free cancellation has ended: if you cancel now, €8\.90 of the deposit is kept, the rest comes back\.$/,
    );
    expect(late[1]).toBe('Not turning up: you get the whole deposit back.');

    // The terms a booking was made under decide, as its settlement does: no late fee, no deadline to name.
    const booked = { freeCancellationHours: 48, lateCancelFeePercent: 0, noShowFeePercent: 100 };
    expect(policyLines(booked, startsAt, 'Europe/Berlin', Date.parse('2026-12-02T12:00:00Z'), deposit)[0]).toBe(
      'Cancel any time before the appointment and you get the whole deposit back.',
    );
  });
});

describe('a salon address', () => {
  it('adds the city only to a bare street address that does not name it', () => {
    expect(fullAddress({ address: 'Oranienstraße 12, 10999 Berlin', city: 'Berlin' })).toBe(
      'Oranienstraße 12, 10999 Berlin',
    );
    expect(fullAddress({ address: '210 Bedford Ave, Brooklyn, NY 11249', city: 'New York' })).toBe(
      '210 Bedford Ave, Brooklyn, NY 11249',
    );
    expect(fullAddress({ address: 'Kastanienallee 40', city: 'Berlin' })).toBe('Kastanienallee 40, Berlin');
    expect(fullAddress({ address: 'Kastanienallee 40 Berlin', city: 'berlin' })).toBe('Kastanienallee 40 Berlin');
  });
});
