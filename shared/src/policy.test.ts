import { describe, expect, it } from 'vitest';
import { freeChangeEndsAt, isCheckInWindow, isFreeChange } from './policy.ts';

describe('the free-change window', () => {
  const startsAt = '2026-12-01T10:00:00+01:00';

  it('closes the given number of hours before the start', () => {
    expect(freeChangeEndsAt(startsAt, 24).toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(freeChangeEndsAt(startsAt, 0).toISOString()).toBe('2026-12-01T09:00:00.000Z');
  });

  it('is open before that instant and closed from it on', () => {
    expect(isFreeChange(startsAt, 24, new Date('2026-11-30T08:59:59.999Z'))).toBe(true);
    expect(isFreeChange(startsAt, 24, new Date('2026-11-30T09:00:00.000Z'))).toBe(false);
    expect(isFreeChange(startsAt, 0, new Date('2026-12-01T08:59:00Z'))).toBe(true);
  });
});

describe('isCheckInWindow', () => {
  it('opens two hours before the start and closes at the end', () => {
    const starts = '2030-03-04T10:00:00Z';
    const ends = '2030-03-04T10:45:00Z';
    expect(isCheckInWindow(starts, ends, new Date('2030-03-04T07:59:59Z'))).toBe(false);
    expect(isCheckInWindow(starts, ends, new Date('2030-03-04T08:00:00Z'))).toBe(true);
    expect(isCheckInWindow(starts, ends, Date.parse('2030-03-04T10:44:59Z'))).toBe(true);
    expect(isCheckInWindow(starts, ends, Date.parse('2030-03-04T10:45:00Z'))).toBe(false);
  });
});
