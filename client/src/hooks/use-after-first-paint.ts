import { useEffect, useState } from 'preact/hooks';

/**
 * False for the first render, true from a separate task right after it: a
 * page renders what is on the first screen, lets the browser paint, and only
 * then builds what is below it. One long task becomes two short ones, which
 * keeps a slow phone's main thread answering taps (Lighthouse: total blocking
 * time).
 */
export function useAfterFirstPaint(after = true): boolean {
  const [ready, setReady] = useState(false);
  // `after`: starts counting only once that is true, so a page can build in several stages.
  useEffect(() => {
    if (!after) return;
    const t = setTimeout(() => setReady(true), 0);
    return () => clearTimeout(t);
  }, [after]);
  return ready;
}
