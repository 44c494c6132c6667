import type { Slot } from '@glamify/shared';
import { describe, expect, it } from 'vitest';
import { buildBoard, hourMarks, nowFraction } from '../src/lib/day-board';

const at = (h: number, m = 0) => Date.UTC(2030, 2, 4, h, m);

/** 15-minute slots for one stylist from 09:00Z, ids from `firstId`, statuses by index. */
function run(
  staffId: number,
  firstId: number,
  count: number,
  status: (i: number) => Slot['status'] = () => 'available',
) {
  return Array.from(
    { length: count },
    (_, i): Slot => ({
      id: firstId + i,
      staffId,
      startsAt: new Date(at(9, 15 * i)).toISOString(),
      endsAt: new Date(at(9, 15 * (i + 1))).toISOString(),
      status: status(i),
    }),
  );
}

describe('buildBoard', () => {
  it('draws a booking over all its slots, the cleanup buffer included, and keeps neighbours apart', () => {
    // Slots 3-6 one booking (45 minutes + 15 buffer), 7-8 the next one.
    const slots = run(1, 1, 12, (i) => (i >= 2 && i <= 7 ? 'booked' : 'available'));
    const board = buildBoard(slots, {
      staffOrder: [1],
      bookings: [
        { id: 50, slotIds: [3, 4, 5, 6], endsAt: new Date(at(10, 15)).toISOString() },
        { id: 51, slotIds: [7, 8], endsAt: new Date(at(10, 45)).toISOString() },
      ],
      now: at(8),
      mergeFree: true,
    });
    const blocks = board.columns[0]?.blocks ?? [];
    expect(blocks.map((b) => [b.kind, b.bookingId, b.slotIds.length])).toEqual([
      ['free', null, 2],
      ['booked', 50, 4],
      ['booked', 51, 2],
      ['free', null, 4],
    ]);
    expect(blocks[1]).toMatchObject({ start: at(9, 30), end: at(10, 30), serviceEnd: at(10, 15) });
  });

  it('merges booked slots of unknown bookings, splits free and held runs at now, and at breaks', () => {
    const slots = [
      ...run(1, 1, 4, (i) => (i < 2 ? 'booked' : 'locked')),
      // A break from 10:00 to 10:30, then two free slots.
      ...run(1, 10, 2).map((s, i) => ({
        ...s,
        startsAt: new Date(at(10, 30 + 15 * i)).toISOString(),
        endsAt: new Date(at(10, 45 + 15 * i)).toISOString(),
      })),
    ];
    const board = buildBoard(slots, { staffOrder: [1], now: at(10, 45), mergeFree: true });
    const blocks = board.columns[0]?.blocks ?? [];
    expect(blocks.map((b) => [b.kind, b.slotIds, b.past])).toEqual([
      ['booked', [1, 2], true],
      ['held', [3, 4], true],
      ['free', [10], true],
      ['free', [11], false],
    ]);
  });

  it('one block per free slot for the owner’s calendar; columns in the salon’s order, strangers last', () => {
    const board = buildBoard([...run(3, 100, 2), ...run(1, 1, 2), ...run(2, 50, 1)], {
      staffOrder: [2, 1],
      now: 0,
      mergeFree: false,
    });
    expect(board.columns.map((c) => [c.staffId, c.blocks.length])).toEqual([
      [2, 1],
      [1, 2],
      [3, 2],
    ]);
    expect([board.start, board.end]).toEqual([at(9), at(9, 30)]);
    expect(buildBoard([], { staffOrder: [1], now: 0, mergeFree: true })).toEqual({ start: 0, end: 0, columns: [] });
  });
});

describe('hourMarks and nowFraction', () => {
  it('mark the salon’s full hours and place now', () => {
    const board = buildBoard(run(1, 1, 12), { staffOrder: [1], now: 0, mergeFree: true });
    expect(hourMarks(board, 'Europe/Berlin').map((m) => m.label)).toEqual(['10:00', '11:00', '12:00']);
    expect(nowFraction(board, at(10, 30))).toBe(0.5);
    expect(nowFraction(board, at(8))).toBeNull();
  });
});
