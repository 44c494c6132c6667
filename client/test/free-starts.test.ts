import type { Slot } from '@glamify/shared';
import { applySlotEvent } from '@glamify/shared';
import { describe, expect, it } from 'vitest';
import { distinctTimes, fetchedStarts, liveStarts } from '../src/lib/free-starts';

/** Slots of 15 minutes from 09:00Z for one stylist. */
function day(staffId: number, count: number, firstId: number): Slot[] {
  return Array.from({ length: count }, (_, i) => {
    const start = Date.UTC(2026, 11, 1, 9, 15 * i);
    return {
      id: firstId + i,
      staffId,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 15 * 60_000).toISOString(),
      status: 'available' as const,
    };
  });
}

const locked = (slotIds: number[]) => ({
  type: 'slot:locked' as const,
  slotIds,
  expiresAt: '2026-12-01T09:05:00.000Z',
});

describe('liveStarts', () => {
  it('offers starts where the whole service fits for one stylist', () => {
    const slots = applySlotEvent(day(1, 6, 1), locked([4]));
    // 30 minutes = 2 slots: starts 1 (1+2), 2 (2+3), 5 (5+6); 3 is followed by the held 4.
    const starts = liveStarts(slots, { minutes: 30, slotMinutes: 15 });
    expect(starts.map((s) => s.id)).toEqual([1, 2, 5]);
  });

  it('counts the buffer, filters by stylist and by the earliest bookable time', () => {
    const slots = [...day(1, 4, 1), ...day(2, 4, 11)];
    expect(liveStarts(slots, { minutes: 30, slotMinutes: 15, staffId: 2 }).map((s) => s.id)).toEqual([11, 12, 13]);
    // 30 + 15 buffer = 3 slots.
    expect(liveStarts(slots, { minutes: 30 + 15, slotMinutes: 15, staffId: 1 }).map((s) => s.id)).toEqual([1, 2]);
    const notBefore = Date.UTC(2026, 11, 1, 9, 15);
    expect(liveStarts(slots, { minutes: 15, slotMinutes: 15, staffId: 1, notBefore }).map((s) => s.id)).toEqual([
      2, 3, 4,
    ]);
  });

  it('lets a time disappear the moment someone else starts checking out', () => {
    const before = liveStarts(day(1, 4, 1), { minutes: 15, slotMinutes: 15 });
    const after = liveStarts(applySlotEvent(day(1, 4, 1), locked([3])), {
      minutes: 15,
      slotMinutes: 15,
    });
    expect(before.map((s) => s.id)).toContain(3);
    expect(after.map((s) => s.id)).not.toContain(3);
  });
});

describe('fetchedStarts and distinctTimes', () => {
  it('takes the server-marked starts and keeps one per time for any stylist', () => {
    const a = day(1, 3, 1);
    const b = day(2, 3, 11).map((s, i) => (i === 0 ? { ...s, status: 'booked' as const } : s));
    const starts = fetchedStarts([...b, ...a], {});
    expect(starts.map((s) => s.id)).toEqual([1, 2, 12, 3, 13]);
    expect(distinctTimes(starts).map((s) => s.id)).toEqual([1, 2, 3]);
    expect(fetchedStarts([...a, ...b], { staffId: 2 }).map((s) => s.id)).toEqual([12, 13]);
  });
});
