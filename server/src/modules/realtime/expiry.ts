/**
 * Announcing expired holds within seconds, on every instance. Each instance
 * sweeps (deletes expired holds and announces them, each row exactly once
 * whichever instance deletes it) every `everyMs`, which bounds the delay
 * between a hold's expiry and its `slot:unlocked` whatever this instance
 * knows: holds taken elsewhere, renewed, or before it started, and clocks
 * that disagree (the sweep compares with the database's now()). On top,
 * a timer at the earliest expiry this instance has heard of (from its own
 * events and the bus) makes the usual case prompter. The cleanup job on
 * pg-boss remains the guarantee when no instance runs this.
 */
export function createExpiryTimers(sweep: () => Promise<unknown>, onError: (err: unknown) => void, everyMs = 2000) {
  const due: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  let armedFor: number | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  function run(): void {
    // One sweep at a time per instance; a request during one runs right after it.
    if (running) {
      again = true;
      return;
    }
    running = sweep()
      .then(
        () => {},
        (err: unknown) => onError(err),
      )
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  }

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
    run();
    arm();
  }

  const periodic = setInterval(run, everyMs);
  periodic.unref();

  return {
    /** A hold on this or another instance now expires at `expiresAt`. */
    note(expiresAt: string): void {
      // A little after the expiry, so the database's clock agrees it has passed.
      const at = Date.parse(expiresAt) + 250;
      if (!Number.isFinite(at)) return;
      const i = due.findIndex((d) => d > at);
      if (i === -1) due.push(at);
      else if (due[i - 1] !== at) due.splice(i, 0, at);
      if (due.length > 10_000) due.splice(0, due.length - 10_000);
      arm();
    },
    async close(): Promise<void> {
      clearInterval(periodic);
      if (timer) clearTimeout(timer);
      due.length = 0;
      again = false;
      await running;
    },
  };
}
