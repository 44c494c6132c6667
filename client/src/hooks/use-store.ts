import { useEffect, useState } from 'preact/hooks';
import type { Store } from '../lib/store';

/** The current value of a store; re-renders when it changes. */
export function useStore<T>(store: Store<T>): T {
  const [value, setValue] = useState(store.get);
  useEffect(() => {
    setValue(() => store.get());
    return store.subscribe((v) => setValue(() => v));
  }, [store]);
  return value;
}
