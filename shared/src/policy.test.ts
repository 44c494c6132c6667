import { describe, expect, it } from 'vitest';
import { freeChangeEndsAt, isFreeChange } from './policy.ts';

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
