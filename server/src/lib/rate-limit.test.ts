import { describe, expect, it } from 'vitest';
import { decide } from './rate-limit.ts';

const rule = { max: 10, windowSeconds: 60 };

describe('the sliding-window decision', () => {
  it('allows up to max in a fresh window', () => {
    expect(decide({ hits: 10, prevHits: 0, fraction: 0.5 }, rule).allowed).toBe(true);
    expect(decide({ hits: 11, prevHits: 0, fraction: 0.5 }, rule).allowed).toBe(false);
  });

  it("weighs the previous window's hits by how much of it still overlaps", () => {
    // Just past a boundary after a full window: a fixed window would allow 10 more at once.
    expect(decide({ hits: 1, prevHits: 10, fraction: 0.05 }, rule).allowed).toBe(false);
    // Half-way through, half of the previous window still counts.
    expect(decide({ hits: 5, prevHits: 10, fraction: 0.5 }, rule).allowed).toBe(true);
    expect(decide({ hits: 6, prevHits: 10, fraction: 0.5 }, rule).allowed).toBe(false);
  });

  it('tells when one more attempt would pass', () => {
    // 3 + 10 * (1 - f) <= 10 once f >= 0.3 (with the next attempt counted): 0.4 -> 24 s from 0.
    const early = decide({ hits: 3, prevHits: 10, fraction: 0 }, rule);
    expect(early.allowed).toBe(false);
    expect(early.retryAfterSeconds).toBe(24);
    expect(decide({ hits: 4, prevHits: 10, fraction: 24 / 60 }, rule).allowed).toBe(true);
    // Over the limit in this window alone: wait for the next one, and for this one's weight to fade.
    const over = decide({ hits: 11, prevHits: 0, fraction: 0.75 }, rule);
    expect(over.retryAfterSeconds).toBe(15 + Math.ceil((1 - 9 / 11) * 60));
    expect(decide({ hits: 1, prevHits: 11, fraction: 1 - 9 / 11 + 0.001 }, rule).allowed).toBe(true);
  });

  it('never says "retry in 0 s"', () => {
    const d = decide({ hits: 9, prevHits: 10, fraction: 0.8999 }, { max: 10, windowSeconds: 1 });
    expect(d).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});
