/** Turns a day of slots into schedule rows for the kiosk: one row per start time, runs merged. */
import { localTime, type Slot, type SlotStatus } from '@glamify/shared';

export interface KioskCell {
  status: SlotStatus;
  /** Rows this cell spans (a run of booked or held slots); 0 = covered by the cell above. */
  span: number;
  from: string;
  to: string;
}

export interface KioskRow {
  time: string;
  startsAt: number;
  endsAt: number;
  cells: (KioskCell | null)[];
}

export function kioskRows(slots: readonly Slot[], staffIds: readonly number[], timeZone: string): KioskRow[] {
  const times = new Map<number, number>();
  for (const s of slots) {
    const t = Date.parse(s.startsAt);
    times.set(t, Math.max(times.get(t) ?? 0, Date.parse(s.endsAt)));
  }
  const order = [...times.keys()].sort((a, b) => a - b);
  const bySlot = new Map<string, Slot>();
  for (const s of slots) bySlot.set(`${s.staffId}@${Date.parse(s.startsAt)}`, s);

  const rows: KioskRow[] = order.map((t) => ({
    time: localTime(new Date(t), timeZone),
    startsAt: t,
    endsAt: times.get(t) as number,
    cells: staffIds.map(() => null),
  }));
  staffIds.forEach((staffId, col) => {
    let run: KioskCell | null = null;
    let prevEnd = Number.NaN;
    for (const row of rows) {
      const s = bySlot.get(`${staffId}@${row.startsAt}`);
      if (!s) {
        run = null;
        continue;
      }
      const contiguous = Date.parse(s.startsAt) === prevEnd;
      prevEnd = Date.parse(s.endsAt);
      const to = localTime(s.endsAt, timeZone);
      if (run && s.status !== 'available' && run.status === s.status && contiguous) {
        run.span++;
        run.to = to;
        row.cells[col] = { status: s.status, span: 0, from: run.from, to };
        continue;
      }
      run = { status: s.status, span: 1, from: localTime(s.startsAt, timeZone), to };
      row.cells[col] = run;
    }
  });
  return rows;
}
