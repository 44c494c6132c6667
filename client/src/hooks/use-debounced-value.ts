import { useEffect, useState } from 'preact/hooks';

/** The value, once it has stopped changing for `ms`. */
export function useDebouncedValue<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(() => value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}
