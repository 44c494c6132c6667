/**
 * Prompt announcements of expired holds. The cleanup job (every 5 minutes,
 * on pg-boss) is what guarantees expired holds go; these timers only make
 * "slot:unlocked" arrive when a hold runs out rather than minutes later. They
 * fire a sweep at the earliest expiry this instance has seen; a sweep that
 * finds a renewed hold simply leaves it.
 */
export function createExpiryTimers(sweep: () => Promise<unknown>, onError: (err: unknown) => void) {
  const due: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  let armedFor: number | undefined;

  function arm(): void {
    const next = due[0];
    if (next === undefined || next === armedFor) return;
    if (timer) clearTimeout(timer);
    armedFor = next;
    // setTimeout fires at once for delays past 2^31 ms; cap them (the sweep then finds nothing and re-arms).
    timer = setTimeout(fire, Math.min(2_000_000_000, Math.max(0, next - Date.now())));
    timer.unref();
  }

  function fire(): void {
    timer = undefined;
    armedFor = undefined;
    const now = Date.now();
    while (due.length > 0 && (due[0] as number) <= now) due.shift();
    sweep().catch(onError).finally(arm);
  }

  return {
    /** A hold on this or another instance now expires at `expiresAt`. */
    note(expiresAt: string): void {
      // A little after the expiry, so the sweep's clock agrees it has passed.
      const at = Date.parse(expiresAt) + 250;
      if (!Number.isFinite(at)) return;
      const i = due.findIndex((d) => d > at);
      if (i === -1) due.push(at);
      else if (due[i - 1] !== at) due.splice(i, 0, at);
      if (due.length > 10_000) due.splice(0, due.length - 10_000);
      arm();
    },
    close(): void {
      if (timer) clearTimeout(timer);
      due.length = 0;
    },
  };
}
