import { useEffect, useState } from 'preact/hooks';
import { type DayState, watchDay } from '../lib/socket';

const EMPTY: DayState = { slots: null, watching: null, live: false };

/** Every slot of a salon-day, live over the socket (null salonId: nothing). */
export function useDay(salonId: number | null, date: string | null): DayState {
  const [state, setState] = useState<DayState>(EMPTY);
  useEffect(() => {
    if (salonId === null || date === null) return;
    setState(EMPTY);
    return watchDay(salonId, date, setState);
  }, [salonId, date]);
  return state;
}
