/**
 * Coalesces identical reads without ever answering a caller with data read
 * before it asked. Per key at most one read runs; callers that arrive while
 * it runs share the next one, which starts as soon as it finishes. So a
 * thousand simultaneous requests for one salon-day cost one or two queries,
 * and every caller still sees every commit made before it called (which is
 * what schedule:join's "join the room, then take the snapshot" relies on).
 */
export function createCoalescer<T>() {
  const running = new Map<string, Promise<T>>();
  const waiting = new Map<string, Promise<T>>();
  return function read(key: string, fn: () => Promise<T>): Promise<T> {
    const queued = waiting.get(key);
    if (queued) return queued;
    const before = running.get(key);
    const next = (before ? before.then(noop, noop) : Promise.resolve()).then(() => {
      // From here on, newcomers queue behind this read instead of joining it.
      waiting.delete(key);
      const p = fn();
      running.set(key, p);
      p.then(
        () => running.get(key) === p && running.delete(key),
        () => running.get(key) === p && running.delete(key),
      );
      return p;
    });
    waiting.set(key, next);
    return next;
  };
}

function noop(): void {}
