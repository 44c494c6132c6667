/**
 * The live day: a snapshot of every slot of a salon-day, kept current by
 * applying the room's events. The snapshot is the source of truth; events are
 * deltas that set a status, so replaying them in order on top of a snapshot
 * taken after joining always ends in the right state.
 */
import { fittingStarts, type Slot, type SlotStatus, slotsNeeded } from '@glamify/shared';

export type SlotDeltaKind = 'locked' | 'unlocked' | 'booked' | 'released';

export interface SlotDelta {
  kind: SlotDeltaKind;
  slotIds: readonly number[];
}

function nextStatus(current: SlotStatus, kind: SlotDeltaKind): SlotStatus {
  switch (kind) {
    case 'locked':
      // A hold never covers a booked slot; if the events crossed, booked wins.
      return current === 'booked' ? 'booked' : 'locked';
    case 'unlocked':
      // Booking removes the hold too; an unlock after the booking must not free the slot.
      return current === 'locked' ? 'available' : current;
    case 'booked':
      return 'booked';
    case 'released':
      return current === 'booked' ? 'available' : current;
  }
}

/** Applies one delta; returns the same array when nothing changed. */
export function applySlotDelta(slots: readonly Slot[], delta: SlotDelta): readonly Slot[] {
  if (delta.slotIds.length === 0) return slots;
  const ids = new Set(delta.slotIds);
  let changed = false;
  const out = slots.map((s) => {
    if (!ids.has(s.id)) return s;
    const status = nextStatus(s.status, delta.kind);
    if (status === s.status) return s;
    changed = true;
    return { ...s, status };
  });
  return changed ? out : slots;
}

export function applySlotDeltas(slots: readonly Slot[], deltas: readonly SlotDelta[]): readonly Slot[] {
  return deltas.reduce(applySlotDelta, slots);
}

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
