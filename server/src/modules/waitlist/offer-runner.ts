/**
 * When the offer engine runs on this instance: right after a local commit
 * that may have freed a time or changed the line (a few milliseconds later,
 * so a burst of commits shares one pass), and every `everyMs` whatever
 * happened, which picks up what other instances queued and did not get to
 * (a crash between commit and pass) and what freed without an event (new
 * working hours). One pass at a time per instance; instances share the queue
 * through SKIP LOCKED.
 */
import { PASS_BATCH } from './offer-engine.ts';

export interface OfferRunner {
  kick(): void;
  close(): Promise<void>;
}

export function createOfferRunner(
  pass: () => Promise<number>,
  onError: (err: unknown) => void,
  everyMs = 2000,
  kickDelayMs = 5,
): OfferRunner {
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  let soon: NodeJS.Timeout | undefined;

  async function drain(): Promise<void> {
    // A full batch means more is queued; a bounded number of passes keeps one run short.
    for (let i = 0; i < 20 && !closed; i++) {
      if ((await pass()) < PASS_BATCH) return;
    }
  }

  function run(): void {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch(onError)
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  }

  const periodic = setInterval(run, everyMs);
  periodic.unref();

  return {
    kick() {
      if (closed) return;
      soon ??= setTimeout(() => {
        soon = undefined;
        run();
      }, kickDelayMs);
    },
    async close() {
      closed = true;
      clearInterval(periodic);
      if (soon) clearTimeout(soon);
      await running;
    },
  };
}
