import type { Slot } from '@glamify/shared';
import { describe, expect, it } from 'vitest';
import { applySlotDelta, applySlotDeltas, distinctTimes, fetchedStarts, liveStarts } from '../src/lib/slot-state';

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

const statuses = (slots: readonly Slot[]) => slots.map((s) => s.status);

describe('applySlotDelta', () => {
  const slots = day(1, 4, 1);

  it('locks, unlocks, books and releases the named slots only', () => {
    const locked = applySlotDelta(slots, { kind: 'locked', slotIds: [2, 3] });
    expect(statuses(locked)).toEqual(['available', 'locked', 'locked', 'available']);
    const unlocked = applySlotDelta(locked, { kind: 'unlocked', slotIds: [3] });
    expect(statuses(unlocked)).toEqual(['available', 'locked', 'available', 'available']);
    const booked = applySlotDelta(unlocked, { kind: 'booked', slotIds: [1, 2] });
    expect(statuses(booked)).toEqual(['booked', 'booked', 'available', 'available']);
    const released = applySlotDelta(booked, { kind: 'released', slotIds: [1, 2] });
    expect(statuses(released)).toEqual(['available', 'available', 'available', 'available']);
  });

  it('keeps a booked slot booked when a late unlock or lock arrives', () => {
    const booked = applySlotDelta(slots, { kind: 'booked', slotIds: [1] });
    expect(statuses(applySlotDelta(booked, { kind: 'unlocked', slotIds: [1] }))[0]).toBe('booked');
    expect(statuses(applySlotDelta(booked, { kind: 'locked', slotIds: [1] }))[0]).toBe('booked');
  });

  it('returns the same array when nothing changes, and ignores unknown ids', () => {
    expect(applySlotDelta(slots, { kind: 'unlocked', slotIds: [1] })).toBe(slots);
    expect(applySlotDelta(slots, { kind: 'locked', slotIds: [999] })).toBe(slots);
    expect(applySlotDelta(slots, { kind: 'locked', slotIds: [] })).toBe(slots);
  });

  it('never mutates its input', () => {
    const copy = structuredClone(slots);
    applySlotDeltas(slots, [
      { kind: 'locked', slotIds: [1] },
      { kind: 'booked', slotIds: [2] },
    ]);
    expect(slots).toEqual(copy);
  });

  it('replaying buffered deltas in order over a snapshot ends in the latest state', () => {
    // The snapshot already shows slot 2 held and released; the deltas that crossed it replay harmlessly.
    const snapshot = slots;
    const out = applySlotDeltas(snapshot, [
      { kind: 'locked', slotIds: [2] },
      { kind: 'unlocked', slotIds: [2] },
      { kind: 'locked', slotIds: [4] },
    ]);
    expect(statuses(out)).toEqual(['available', 'available', 'available', 'locked']);
  });
});

describe('liveStarts', () => {
  it('offers starts where the whole service fits for one stylist', () => {
    const slots = applySlotDelta(day(1, 6, 1), { kind: 'locked', slotIds: [4] });
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
    const after = liveStarts(applySlotDelta(day(1, 4, 1), { kind: 'locked', slotIds: [3] }), {
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
