/**
 * A salon-day as blocks on a board: one column per stylist who works that
 * day, each a run of blocks in time. The owner's calendar and the kiosk draw
 * from it; the slot states come from the shared schedule view (whole-day
 * snapshots), so both show what customers' screens show.
 *
 * A booking's block runs over every slot it holds, the cleanup buffer after
 * the services included (that time is taken, so it is drawn taken). Free and
 * held runs are split where "now" falls, so the past can be drawn as past;
 * a booking is never split.
 */
import { localTime, type Slot } from '@glamify/shared';

/** What the board needs of a booking: the slots it holds and when its services end. */
export interface BoardBookingRef {
  id: number;
  slotIds: readonly number[];
  endsAt: string;
}

export type BlockKind = 'free' | 'held' | 'booked';

export interface Block {
  kind: BlockKind;
  staffId: number;
  /** Epoch ms. */
  start: number;
  end: number;
  slotIds: number[];
  /** The whole block is over. */
  past: boolean;
  /** Booked blocks: the booking they belong to, when it is known (the owner's list, a paired kiosk). */
  bookingId: number | null;
  /** Booked blocks of a known booking: when the services end; from there to `end` is the cleanup buffer. */
  serviceEnd: number | null;
}

export interface BoardColumn {
  staffId: number;
  blocks: Block[];
}

export interface Board {
  /** The earliest slot start and the latest slot end of the day (0 and 0 for an empty day). */
  start: number;
  end: number;
  columns: BoardColumn[];
}

export interface BoardOptions {
  /** The salon's stylists in the order to draw them; others with slots go last. */
  staffOrder: readonly number[];
  bookings?: readonly BoardBookingRef[];
  now: number;
  /** Merge neighbouring free slots into one block (the kiosk); otherwise one block per free slot (clickable). */
  mergeFree: boolean;
}

const kindOf = { available: 'free', locked: 'held', booked: 'booked' } as const;

export function buildBoard(slots: readonly Slot[], opts: BoardOptions): Board {
  const bookingOf = new Map<number, BoardBookingRef>();
  for (const b of opts.bookings ?? []) for (const id of b.slotIds) bookingOf.set(id, b);
  const byStaff = new Map<number, { slot: Slot; start: number; end: number }[]>();
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const slot of slots) {
    const s = Date.parse(slot.startsAt);
    const e = Date.parse(slot.endsAt);
    start = Math.min(start, s);
    end = Math.max(end, e);
    const list = byStaff.get(slot.staffId) ?? [];
    list.push({ slot, start: s, end: e });
    byStaff.set(slot.staffId, list);
  }
  const order = [
    ...opts.staffOrder.filter((id) => byStaff.has(id)),
    ...[...byStaff.keys()].filter((id) => !opts.staffOrder.includes(id)).sort((a, b) => a - b),
  ];
  const columns = order.map((staffId): BoardColumn => {
    const list = (byStaff.get(staffId) ?? []).sort((a, b) => a.start - b.start);
    const blocks: Block[] = [];
    for (const { slot, start: s, end: e } of list) {
      const kind = kindOf[slot.status];
      const booking = kind === 'booked' ? (bookingOf.get(slot.id) ?? null) : null;
      const past = kind !== 'booked' && e <= opts.now;
      const prev = blocks.at(-1);
      const joins =
        prev !== undefined &&
        prev.end === s &&
        prev.kind === kind &&
        (kind === 'booked'
          ? prev.bookingId === (booking?.id ?? null)
          : prev.past === past && (kind === 'held' || opts.mergeFree));
      if (prev && joins) {
        prev.end = e;
        prev.slotIds.push(slot.id);
        continue;
      }
      blocks.push({
        kind,
        staffId,
        start: s,
        end: e,
        slotIds: [slot.id],
        past,
        bookingId: booking?.id ?? null,
        serviceEnd: booking ? Date.parse(booking.endsAt) : null,
      });
    }
    for (const b of blocks) {
      if (b.kind === 'booked') {
        b.past = b.end <= opts.now;
        if (b.serviceEnd !== null) b.serviceEnd = Math.min(b.serviceEnd, b.end);
      }
    }
    return { staffId, blocks };
  });
  return columns.length ? { start, end, columns } : { start: 0, end: 0, columns: [] };
}

/** The full hours within the board, as the salon's wall clock shows them. */
export function hourMarks(board: Board, timeZone: string): { at: number; label: string }[] {
  const marks: { at: number; label: string }[] = [];
  const step = 5 * 60_000;
  for (let t = Math.ceil(board.start / step) * step; t < board.end; t += step) {
    const label = localTime(new Date(t), timeZone);
    if (label.endsWith(':00')) marks.push({ at: t, label });
  }
  return marks;
}

/** Where `now` falls on the board, 0..1, or null outside it. */
export function nowFraction(board: Board, now: number): number | null {
  if (board.end <= board.start || now < board.start || now > board.end) return null;
  return (now - board.start) / (board.end - board.start);
}
