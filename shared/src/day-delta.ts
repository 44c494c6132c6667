/**
 * Deltas between two pictures of a salon-day. A client that re-joins a day
 * names the version of the last snapshot it took (`since` on schedule:join);
 * the server answers with what differs between that snapshot and the current
 * one, and the client rebuilds the current snapshot from its copy of the old
 * one. The delta is against the old snapshot, never against the client's
 * event-driven view, so a client that missed events while away still ends
 * in exactly the fresh snapshot.
 */
import type { Slot } from './dto.ts';

/** What changed in a day since the snapshot of version `since`. */
export interface SlotDelta {
  /** The version of the snapshot this delta applies to. */
  since: string;
  /** Slots that are new or differ (in full, as a snapshot shows them). */
  changed: Slot[];
  /** Ids of slots the day no longer shows. */
  removed: number[];
}

function sameSlot(a: Slot, b: Slot): boolean {
  return (
    a.status === b.status &&
    a.expiresAt === b.expiresAt &&
    a.startsAt === b.startsAt &&
    a.endsAt === b.endsAt &&
    a.staffId === b.staffId
  );
}

/** The delta that turns `before` (version `since`) into `after`. */
export function diffDay(before: readonly Slot[], after: readonly Slot[], since: string): SlotDelta {
  const old = new Map(before.map((s) => [s.id, s]));
  const changed: Slot[] = [];
  for (const s of after) {
    const was = old.get(s.id);
    if (!was || !sameSlot(was, s)) changed.push(s);
    old.delete(s.id);
  }
  return { since, changed, removed: [...old.keys()] };
}

/** Snapshot order, as the server sends it: by start, then stylist. */
export function compareSlots(a: Slot, b: Slot): number {
  if (a.startsAt !== b.startsAt) return a.startsAt < b.startsAt ? -1 : 1;
  return a.staffId - b.staffId;
}

/** The snapshot a delta leads to from the snapshot it was taken against. */
export function applyDayDelta(base: readonly Slot[], delta: SlotDelta): Slot[] {
  const byId = new Map(base.map((s) => [s.id, s]));
  for (const id of delta.removed) byId.delete(id);
  for (const s of delta.changed) byId.set(s.id, s);
  return [...byId.values()].sort(compareSlots);
}
