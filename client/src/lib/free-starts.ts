/**
 * Where a service can start, from a day of slots: the live picture the
 * shared schedule view keeps (`liveStarts`), or the HTTP availability answer
 * (`fetchedStarts`). The slot states themselves are the shared view's.
 */
import { fittingStarts, type Slot, slotsNeeded } from '@glamify/shared';

export interface StartQuery {
  /** Service duration plus buffer, in minutes. */
  minutes: number;
  slotMinutes: number;
  /** One stylist, or undefined for any stylist. */
  staffId?: number | undefined;
  /** Earliest bookable instant (now plus the salon's minimum notice). */
  notBefore?: number;
}

/**
 * Start slots where the service fits, from a full day of slots (the live
 * snapshot): consecutive available slots of one stylist.
 */
export function liveStarts(slots: readonly Slot[], q: StartQuery): Slot[] {
  const mine = q.staffId === undefined ? slots : slots.filter((s) => s.staffId === q.staffId);
  const starts = fittingStarts(mine, slotsNeeded(q.minutes, q.slotMinutes));
  return q.notBefore === undefined ? starts : starts.filter((s) => Date.parse(s.startsAt) >= (q.notBefore as number));
}

/**
 * Start slots from the HTTP availability answer for one service, where the
 * server already marked a start `available` only if the service fits.
 */
export function fetchedStarts(slots: readonly Slot[], q: Pick<StartQuery, 'staffId' | 'notBefore'>): Slot[] {
  return slots
    .filter((s) => s.status === 'available')
    .filter((s) => q.staffId === undefined || s.staffId === q.staffId)
    .filter((s) => q.notBefore === undefined || Date.parse(s.startsAt) >= (q.notBefore as number))
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.staffId - b.staffId);
}

/**
 * One choice per start time for "any stylist": the first stylist free then.
 * With one stylist chosen this changes nothing.
 */
export function distinctTimes(starts: readonly Slot[]): Slot[] {
  const seen = new Set<number>();
  const out: Slot[] = [];
  for (const s of starts) {
    const t = Date.parse(s.startsAt);
    if (seen.has(t)) continue;
    seen.add(t);
    out.push(s);
  }
  return out;
}
