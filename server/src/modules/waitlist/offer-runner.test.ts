import { describe, expect, it } from 'vitest';
import { PASS_BATCH } from './offer-engine.ts';
import { createOfferRunner } from './offer-runner.ts';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits (generously, the machine may be busy) until `ok()` holds. */
async function until(ok: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await tick(5);
  }
}

describe('the offer runner', () => {
  it('coalesces a burst of kicks into one pass, and runs one pass at a time', async () => {
    let passes = 0;
    let running = 0;
    let overlap = false;
    const runner = createOfferRunner(
      async () => {
        passes++;
        running++;
        if (running > 1) overlap = true;
        await tick(30);
        running--;
        return 0;
      },
      () => {},
      60_000,
    );
    for (let i = 0; i < 50; i++) runner.kick();
    await tick(20);
    for (let i = 0; i < 50; i++) runner.kick();
    await until(() => passes >= 1 && running === 0);
    await tick(100);
    await runner.close();
    // The first burst's pass, then at most one more for everything that came while it ran.
    expect(passes).toBeGreaterThanOrEqual(1);
    expect(passes).toBeLessThanOrEqual(2);
    expect(overlap).toBe(false);
  });

  it('keeps passing while the queue gives full batches, and survives a failing pass', async () => {
    const results = [PASS_BATCH, PASS_BATCH, 3];
    const errors: unknown[] = [];
    let passes = 0;
    const runner = createOfferRunner(
      async () => {
        passes++;
        if (passes === 4) throw new Error('database went away');
        return results.shift() ?? 0;
      },
      (err) => errors.push(err),
      60_000,
    );
    runner.kick();
    await until(() => passes === 3);
    runner.kick();
    await until(() => errors.length === 1);
    runner.kick();
    await until(() => passes === 5);
    await tick(50);
    expect(passes).toBe(5);
    await runner.close();
  });

  it('sweeps on its own every interval, and stops when closed', async () => {
    let passes = 0;
    const runner = createOfferRunner(
      async () => {
        passes++;
        return 0;
      },
      () => {},
      40,
    );
    await until(() => passes >= 2);
    await runner.close();
    const after = passes;
    runner.kick();
    await tick(100);
    expect(passes).toBe(after);
  });
});
