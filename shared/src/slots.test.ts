import { describe, expect, it } from 'vitest';
import type { Slot } from './dto.ts';
import { fittingStarts, slotsNeeded } from './slots.ts';
import { addDays, isIsoDate, localDate, localTime } from './time.ts';

const slot = (id: number, staffId: number, start: string, status: Slot['status'] = 'available'): Slot => ({
  id,
  staffId,
  startsAt: `2030-03-05T${start}:00.000Z`,
  endsAt: new Date(Date.parse(`2030-03-05T${start}:00.000Z`) + 15 * 60_000).toISOString(),
  status,
});

describe('slot maths', () => {
  it('rounds service minutes up to whole slots', () => {
    expect(slotsNeeded(45, 15)).toBe(3);
    expect(slotsNeeded(50, 15)).toBe(4);
    expect(slotsNeeded(5, 15)).toBe(1);
  });

  it('finds starts with enough consecutive free slots of one stylist, never across a gap', () => {
    const slots = [
      slot(1, 1, '09:00'),
      slot(2, 1, '09:15'),
      slot(3, 1, '09:30'),
      slot(4, 1, '10:30'), // gap before: lunch
      slot(5, 1, '10:45'),
      slot(6, 2, '09:00'),
      slot(7, 2, '09:15', 'booked'),
      slot(8, 2, '09:30'),
    ];
    expect(fittingStarts(slots, 2).map((s) => s.id)).toEqual([1, 2, 4]);
    expect(fittingStarts(slots, 3).map((s) => s.id)).toEqual([1]);
    expect(fittingStarts(slots, 1).map((s) => s.id)).toEqual([1, 6, 2, 3, 8, 4, 5]);
  });
});

describe('salon-local dates', () => {
  it('knows the local date and time of an instant across DST', () => {
    expect(localDate('2030-03-30T23:30:00Z', 'Europe/Berlin')).toBe('2030-03-31');
    expect(localTime('2030-03-31T07:00:00Z', 'Europe/Berlin')).toBe('09:00');
    expect(localTime('2030-03-10T13:00:00Z', 'America/New_York')).toBe('09:00');
    expect(addDays('2030-02-28', 1)).toBe('2030-03-01');
    expect(isIsoDate('2030-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
  });
});
