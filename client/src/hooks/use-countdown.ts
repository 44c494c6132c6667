import { useEffect, useState } from 'preact/hooks';

/** Milliseconds left until `deadline` (ISO), ticking every second; null without one. */
export function useCountdown(deadline: string | undefined): number | null {
  const target = deadline ? Date.parse(deadline) : Number.NaN;
  const [left, setLeft] = useState<number | null>(Number.isNaN(target) ? null : target - Date.now());
  useEffect(() => {
    if (Number.isNaN(target)) {
      setLeft(null);
      return;
    }
    const tick = () => setLeft(Math.max(0, target - Date.now()));
    tick();
    const t = setInterval(tick, 1000);
    return () => clearInterval(t);
  }, [target]);
  return left;
}
