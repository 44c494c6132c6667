/**
 * A client's view of one salon-day, kept right under at-most-once delivery:
 * the join acknowledgement's snapshot is the source of truth, slot events are
 * deltas. Events that arrive while a join is in flight are kept and replayed
 * on top of the snapshot, because the server may emit an event between
 * subscribing the socket and reading the snapshot. Every delta sets a status
 * (it does not toggle), so replaying one the snapshot already shows is harmless.
 */
import type { Slot, SlotStatus } from './dto.ts';
import type { RoomEventName, SlotsChangedEvent } from './events.ts';

/** What each room event sets the status of its slots to. */
export const statusAfter: Record<RoomEventName, SlotStatus> = {
  'slot:locked': 'locked',
  'slot:unlocked': 'available',
  'slot:booked': 'booked',
  'slot:released': 'available',
};

export interface ScheduleView {
  /** Call before emitting schedule:join (also on every reconnect). */
  beginJoin(): void;
  /** The join ack's slots. */
  applySnapshot(slots: readonly Slot[]): void;
  /** A room event. */
  applyEvent(name: RoomEventName, e: SlotsChangedEvent): void;
  /** The current slots, in snapshot order. */
  slots(): Slot[];
  /** True once a snapshot has arrived and no join is pending. */
  ready(): boolean;
}

export function createScheduleView(): ScheduleView {
  let byId = new Map<number, Slot>();
  let pending: Array<[RoomEventName, SlotsChangedEvent]> | undefined;
  let hasSnapshot = false;

  function apply(name: RoomEventName, e: SlotsChangedEvent): void {
    const status = statusAfter[name];
    for (const id of e.slotIds) {
      const s = byId.get(id);
      // An unlock only frees a held slot: a late one must not undo a booking.
      if (s && !(name === 'slot:unlocked' && s.status === 'booked')) byId.set(id, { ...s, status });
    }
  }

  return {
    beginJoin() {
      pending = [];
    },
    applySnapshot(slots) {
      byId = new Map(slots.map((s) => [s.id, s]));
      hasSnapshot = true;
      const replay = pending ?? [];
      pending = undefined;
      for (const [name, e] of replay) apply(name, e);
    },
    applyEvent(name, e) {
      if (pending) pending.push([name, e]);
      else apply(name, e);
    },
    slots: () => [...byId.values()],
    ready: () => hasSnapshot && !pending,
  };
}
