import { useEffect, useState } from 'preact/hooks';
import { type DayState, watchDay } from '../lib/socket';

const EMPTY: DayState = { slots: null, watching: null, live: false };

/**
 * Every slot of a salon-day, live over the socket (null salonId: nothing).
 * `wholeDay`: the stylists' whole working day, past and too-soon free slots included.
 */
export function useDay(salonId: number | null, date: string | null, opts: { wholeDay?: boolean } = {}): DayState {
  const [state, setState] = useState<DayState>(EMPTY);
  const wholeDay = opts.wholeDay === true;
  useEffect(() => {
    if (salonId === null || date === null) return;
    setState(EMPTY);
    return watchDay(salonId, date, setState, { wholeDay });
  }, [salonId, date, wholeDay]);
  return state;
}
