/**
 * The one state machine for a client's view of a salon-day, used by the PWA,
 * the kiosk and the tests. Delivery is at most once and a join races the
 * room's events, so: the join acknowledgement's snapshot is the truth; events
 * that arrive while a join is in flight are kept and replayed on top of it,
 * in order (the server may emit an event between subscribing the socket and
 * reading the snapshot, or publish one it committed before the read only
 * after it). Replaying is safe because every event names the state it leads
 * to; the few guards below only keep an event that crossed a booking (from
 * another server instance) from undoing it.
 */
import { applyDayDelta, type SlotDelta } from './day-delta.ts';
import type { Slot } from './dto.ts';
import type { RoomEventName } from './events.ts';

/** A room event as the view consumes it. */
export type SlotEvent =
  | { type: 'slot:locked'; slotIds: readonly number[]; expiresAt: string }
  | { type: Exclude<RoomEventName, 'slot:locked'>; slotIds: readonly number[] };

/** One slot after one event (the transition table). */
export function nextSlot(slot: Slot, e: SlotEvent): Slot {
  const { expiresAt: _held, ...free } = slot;
  switch (e.type) {
    case 'slot:locked':
      // A hold never covers a booked slot: a late lock event must not hide the booking.
      // On a held slot it is a renewal: the new expiry replaces the old.
      return slot.status === 'booked' ? slot : { ...free, status: 'locked', expiresAt: e.expiresAt };
    case 'slot:unlocked':
      // Only a held slot is freed: the booking that consumed a hold removes it quietly.
      return slot.status === 'locked' ? { ...free, status: 'available' } : slot;
    case 'slot:booked':
      return { ...free, status: 'booked' };
    case 'slot:released':
      return slot.status === 'booked' ? { ...free, status: 'available' } : slot;
  }
}

/** Applies one event to a day; returns the same array when nothing changed. */
export function applySlotEvent(slots: readonly Slot[], e: SlotEvent): readonly Slot[] {
  if (e.slotIds.length === 0) return slots;
  const ids = new Set(e.slotIds);
  let changed = false;
  const out = slots.map((s) => {
    if (!ids.has(s.id)) return s;
    const next = nextSlot(s, e);
    if (next.status !== s.status || next.expiresAt !== s.expiresAt) changed = true;
    return next;
  });
  return changed ? out : slots;
}

export interface ScheduleView {
  /** Every slot of the day (snapshot order); null until the first snapshot. */
  readonly slots: readonly Slot[] | null;
  /** True while a snapshot is current: joined, and no join in flight. */
  readonly live: boolean;
  /** Call right before emitting schedule:join (also on every reconnect). */
  beginJoin(): void;
  /** The join failed or the connection dropped: stop buffering; the last picture stays, not live. */
  abandonJoin(): void;
  /**
   * The version of the last snapshot taken (or rebuilt from a delta): what a
   * re-join sends as `since`. Undefined before the first, or when the server
   * sent none.
   */
  readonly version: string | undefined;
  /** The join ack's slots: replaces the picture and replays what arrived meanwhile. */
  applySnapshot(slots: readonly Slot[], version?: string): void;
  /**
   * A join ack carrying a delta since `delta.since`: rebuilds the fresh
   * snapshot from the last one and applies it as `applySnapshot` would.
   * Returns false (and changes nothing) when the delta is not against the
   * snapshot this view holds; the caller then joins again without `since`.
   */
  applyDelta(delta: SlotDelta, version: string): boolean;
  /** A room event; returns true when the picture changed. */
  applyEvent(e: SlotEvent): boolean;
}

export function createScheduleView(): ScheduleView {
  let slots: readonly Slot[] | null = null;
  let pending: SlotEvent[] | null = null;
  let live = false;
  // The last snapshot as the server sent it (before any event): deltas apply to it.
  let base: { slots: readonly Slot[]; version: string } | undefined;
  function snapshot(fresh: readonly Slot[], version: string | undefined) {
    base = version === undefined ? undefined : { slots: fresh, version };
    let next: readonly Slot[] = fresh;
    for (const e of pending ?? []) next = applySlotEvent(next, e);
    slots = next;
    pending = null;
    live = true;
  }
  return {
    get slots() {
      return slots;
    },
    get live() {
      return live;
    },
    get version() {
      return base?.version;
    },
    beginJoin() {
      pending = [];
      live = false;
    },
    abandonJoin() {
      pending = null;
      live = false;
    },
    applySnapshot(fresh, version) {
      snapshot(fresh, version);
    },
    applyDelta(delta, version) {
      if (!base || base.version !== delta.since) return false;
      snapshot(applyDayDelta(base.slots, delta), version);
      return true;
    },
    applyEvent(e) {
      pending?.push(e);
      // The old picture keeps moving while a join is in flight, so a screen never freezes.
      if (!slots) return false;
      const next = applySlotEvent(slots, e);
      if (next === slots) return false;
      slots = next;
      return true;
    },
  };
}
