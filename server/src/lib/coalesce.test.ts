import { describe, expect, it } from 'vitest';
import { createCoalescer } from './coalesce.ts';

describe('createCoalescer', () => {
  it('shares one read among callers that arrive together, and never hands a late caller an earlier read', async () => {
    const read = createCoalescer<number>();
    let started = 0;
    const releases: Array<() => void> = [];
    const fn = () => {
      const n = ++started;
      return new Promise<number>((resolve) => releases.push(() => resolve(n)));
    };
    const a = read('day', fn);
    const b = read('day', fn);
    await Promise.resolve();
    await Promise.resolve();
    expect(started).toBe(1);
    // Arrive while read 1 runs: they share read 2, which starts only after read 1.
    const c = read('day', fn);
    const d = read('day', fn);
    expect(started).toBe(1);
    releases[0]?.();
    expect(await a).toBe(1);
    expect(await b).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(started).toBe(2);
    releases[1]?.();
    expect(await c).toBe(2);
    expect(await d).toBe(2);
    // Other keys do not wait.
    const e = read('other', fn);
    await new Promise((r) => setImmediate(r));
    expect(started).toBe(3);
    releases[2]?.();
    expect(await e).toBe(3);
  });

  it('passes a failure to the callers of that read only', async () => {
    const read = createCoalescer<number>();
    let calls = 0;
    const first = read('k', async () => {
      calls++;
      throw new Error('boom');
    });
    await expect(first).rejects.toThrow('boom');
    expect(await read('k', async () => ++calls)).toBe(2);
  });
});
