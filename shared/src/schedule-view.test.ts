import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDayDelta, diffDay } from './day-delta.ts';
import type { Slot } from './dto.ts';
import { applySlotEvent, createScheduleView, type SlotEvent } from './schedule-view.ts';

const SLOTS = 6;
const base: Slot[] = Array.from({ length: SLOTS }, (_, i) => ({
  id: i + 1,
  staffId: 1,
  startsAt: new Date(Date.UTC(2030, 2, 5, 9, 15 * i)).toISOString(),
  endsAt: new Date(Date.UTC(2030, 2, 5, 9, 15 * (i + 1))).toISOString(),
  status: 'available',
}));

type Op =
  | { op: 'hold'; start: number; len: number }
  | { op: 'renew' | 'release' | 'expire' | 'cancel'; pick: number }
  | { op: 'book'; pick: number; take: number }
  | { op: 'walkIn'; start: number; len: number };

/**
 * The server, reduced to what a watcher can observe: holds, renewals,
 * releases, expiries, bookings (from a hold, consuming part of it, or
 * without one) and cancellations, each with the events the real server emits
 * after commit, and the snapshot a join would read after each step.
 */
function simulate(ops: Op[]): { events: SlotEvent[]; truth: Slot[][] } {
  const state = new Map<number, Slot>(base.map((s) => [s.id, s]));
  const holds: number[][] = [];
  const bookings: number[][] = [];
  const events: SlotEvent[] = [];
  const truth: Slot[][] = [[...state.values()]];
  let clock = 0;
  const set = (ids: number[], patch: Partial<Slot>, drop = false) => {
    for (const id of ids) {
      const { expiresAt: _e, ...s } = state.get(id) as Slot;
      state.set(id, { ...(drop ? s : (state.get(id) as Slot)), ...patch });
    }
  };
  const range = (start: number, len: number) =>
    Array.from({ length: len }, (_, i) => start + i).filter((id) => id <= SLOTS);
  const emit = (e: SlotEvent) => {
    events.push(e);
    truth.push([...state.values()]);
  };
  for (const o of ops) {
    clock++;
    const expiresAt = new Date(Date.UTC(2030, 2, 5, 8, 0, clock)).toISOString();
    if (o.op === 'hold' || o.op === 'walkIn') {
      const ids = range(o.start, o.len);
      if (ids.some((id) => state.get(id)?.status !== 'available')) continue;
      if (o.op === 'hold') {
        holds.push(ids);
        set(ids, { status: 'locked', expiresAt });
        emit({ type: 'slot:locked', slotIds: ids, expiresAt });
      } else {
        bookings.push(ids);
        set(ids, { status: 'booked' }, true);
        emit({ type: 'slot:booked', slotIds: ids });
      }
    } else if (o.op === 'book') {
      const hold = holds.splice(o.pick % Math.max(1, holds.length), 1)[0];
      if (!hold) continue;
      const covered = hold.slice(0, Math.max(1, o.take % (hold.length + 1)));
      const rest = hold.filter((id) => !covered.includes(id));
      bookings.push(covered);
      // Same order as the booking transaction: the unbooked rest of the hold, then the booking.
      set(rest, { status: 'available' }, true);
      if (rest.length) emit({ type: 'slot:unlocked', slotIds: rest });
      set(covered, { status: 'booked' }, true);
      emit({ type: 'slot:booked', slotIds: covered });
    } else if (o.op === 'cancel') {
      const booking = bookings.splice(o.pick % Math.max(1, bookings.length), 1)[0];
      if (!booking) continue;
      set(booking, { status: 'available' }, true);
      emit({ type: 'slot:released', slotIds: booking });
    } else {
      const i = o.pick % Math.max(1, holds.length);
      const hold = holds[i];
      if (!hold) continue;
      if (o.op === 'renew') {
        set(hold, { expiresAt });
        emit({ type: 'slot:locked', slotIds: hold, expiresAt });
      } else {
        holds.splice(i, 1);
        set(hold, { status: 'available' }, true);
        emit({ type: 'slot:unlocked', slotIds: hold });
      }
    }
  }
  return { events, truth };
}

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('hold' as const),
    start: fc.integer({ min: 1, max: SLOTS }),
    len: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({
    op: fc.constant('walkIn' as const),
    start: fc.integer({ min: 1, max: SLOTS }),
    len: fc.integer({ min: 1, max: 2 }),
  }),
  fc.record({
    op: fc.constantFrom('renew' as const, 'release' as const, 'expire' as const, 'cancel' as const),
    pick: fc.nat(),
  }),
  fc.record({ op: fc.constant('book' as const), pick: fc.nat(), take: fc.nat() }),
);

/** Where a session joins, which state its snapshot shows, and where the ack lands among the events. */
const session = fc.record({
  join: fc.nat(),
  snapshotAfter: fc.nat(),
  ackAfter: fc.nat(),
  drop: fc.nat(),
  /** Re-join naming the last version seen; the server may answer a delta, or may have forgotten it. */
  since: fc.boolean(),
  forgotten: fc.boolean(),
});

/** Content versions as the server gives them: equal pictures, equal versions. */
function versionsOf() {
  const byContent = new Map<string, string>();
  const contents = new Map<string, Slot[]>();
  return {
    of(slots: Slot[]): string {
      const key = JSON.stringify(slots);
      let v = byContent.get(key);
      if (!v) {
        v = `v${byContent.size}`;
        byContent.set(key, v);
        contents.set(v, slots);
      }
      return v;
    },
    contentOf: (v: string) => contents.get(v),
  };
}

const byId = (slots: readonly Slot[] | null) => new Map((slots ?? []).map((s) => [s.id, s]));

describe('schedule view (property)', () => {
  it('any interleaving of a snapshot or a delta and the events, after any earlier sessions, ends in the fresh snapshot', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 40 }),
        fc.array(session, { minLength: 1, maxLength: 3 }),
        (ops, sessions) => {
          const { events, truth } = simulate(ops);
          const n = events.length;
          const view = createScheduleView();
          const versions = versionsOf();
          let at = 0;
          sessions.forEach((s, i) => {
            const last = i === sessions.length - 1;
            // Events before the join are not delivered to this socket.
            const join = Math.min(n, at + (s.join % (n - at + 1)));
            // The snapshot is read after joining the room: it shows at least every event before the join.
            const snapshotAt = join + (s.snapshotAfter % (n - join + 1));
            // Earlier sessions end in a disconnect somewhere; the last one runs to the end.
            const end = last ? n : join + (s.drop % (n - join + 1));
            // The last session's ack arrives; an earlier one's may be lost with the connection.
            const ackAfter = s.ackAfter % (end - join + (last ? 1 : 2));
            const since = s.since ? view.version : undefined;
            view.beginJoin();
            for (let k = join; k <= end; k++) {
              if (k - join === ackAfter) {
                const fresh = truth[snapshotAt] as Slot[];
                const known = since === undefined || s.forgotten ? undefined : versions.contentOf(since);
                if (known)
                  expect(view.applyDelta(diffDay(known, fresh, since as string), versions.of(fresh))).toBe(true);
                else view.applySnapshot(fresh, versions.of(fresh));
              }
              if (k < end) view.applyEvent(events[k] as SlotEvent);
            }
            if (!last) view.abandonJoin();
            at = end;
          });
          expect(view.live).toBe(true);
          expect(byId(view.slots)).toEqual(byId(truth[n] as Slot[]));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('day deltas', () => {
  it('rebuild the new snapshot in snapshot order from the old one, slots added and removed included', () => {
    const after: Slot[] = [
      { ...(base[1] as Slot), status: 'locked' as const, expiresAt: '2030-03-05T08:05:00.000Z' },
      ...base.slice(2, 5),
      {
        id: 99,
        staffId: 2,
        startsAt: base[0]?.startsAt as string,
        endsAt: base[0]?.endsAt as string,
        status: 'available' as const,
      },
    ].sort((x, y) => (x.startsAt === y.startsAt ? x.staffId - y.staffId : x.startsAt < y.startsAt ? -1 : 1));
    const delta = diffDay(base, after, 'v1');
    expect(delta.removed.sort()).toEqual([1, 6]);
    expect(delta.changed.map((x) => x.id).sort()).toEqual([2, 99]);
    expect(applyDayDelta(base, delta)).toEqual(after);
  });

  it('is refused by a view that holds another snapshot, which then stays as it was', () => {
    const view = createScheduleView();
    view.beginJoin();
    view.applySnapshot(base, 'v1');
    view.beginJoin();
    expect(view.applyDelta({ since: 'v0', changed: [], removed: [1] }, 'v2')).toBe(false);
    expect(view.slots).toEqual(base);
    expect(view.version).toBe('v1');
    expect(view.applyDelta({ since: 'v1', changed: [], removed: [1] }, 'v2')).toBe(true);
    expect(view.slots).toEqual(base.slice(1));
    expect(view.version).toBe('v2');
  });
});

describe('schedule view', () => {
  const e = (type: SlotEvent['type'], slotIds: number[]): SlotEvent =>
    type === 'slot:locked' ? { type, slotIds, expiresAt: '2030-03-05T08:05:00.000Z' } : { type, slotIds };

  it('keeps a booking when a late unlock or lock that crossed it arrives', () => {
    const booked = applySlotEvent(base, e('slot:booked', [1]));
    expect(applySlotEvent(booked, e('slot:unlocked', [1]))).toBe(booked);
    expect(applySlotEvent(booked, e('slot:locked', [1]))).toBe(booked);
    // A release on a slot that is not booked changes nothing.
    expect(applySlotEvent(base, e('slot:released', [2]))).toBe(base);
  });

  it('carries the hold expiry and moves it on renewal; freeing drops it', () => {
    const held = applySlotEvent(base, e('slot:locked', [1, 2]));
    expect(held[0]).toMatchObject({ status: 'locked', expiresAt: '2030-03-05T08:05:00.000Z' });
    const renewed = applySlotEvent(held, {
      type: 'slot:locked',
      slotIds: [1, 2],
      expiresAt: '2030-03-05T08:09:00.000Z',
    });
    expect(renewed[1]?.expiresAt).toBe('2030-03-05T08:09:00.000Z');
    const freed = applySlotEvent(renewed, e('slot:unlocked', [1, 2]));
    expect(freed[0]).toEqual(base[0]);
  });

  it('is not live while a join is in flight or after it was abandoned, and keeps the last picture', () => {
    const view = createScheduleView();
    view.beginJoin();
    expect(view.slots).toBeNull();
    view.applyEvent(e('slot:locked', [1]));
    view.applySnapshot(base);
    expect(view.live).toBe(true);
    expect(view.slots?.[0]?.status).toBe('locked');
    view.beginJoin();
    expect(view.live).toBe(false);
    expect(view.applyEvent(e('slot:booked', [3]))).toBe(true);
    view.abandonJoin();
    expect(view.live).toBe(false);
    expect(view.slots?.[2]?.status).toBe('booked');
  });
});
