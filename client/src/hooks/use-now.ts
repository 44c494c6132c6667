import { useEffect, useState } from 'preact/hooks';

/** The current time, refreshed every `everyMs` (aligned to the second). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(Date.now());
      timer = setTimeout(tick, everyMs - (Date.now() % 1000) + 5);
    };
    timer = setTimeout(tick, everyMs - (Date.now() % 1000) + 5);
    return () => clearTimeout(timer);
  }, [everyMs]);
  return now;
}
