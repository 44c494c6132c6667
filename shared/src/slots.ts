/**
 * Slot maths both sides share: the server answers availability with it in
 * SQL terms, the client re-derives it live as slot events arrive.
 */
import type { Slot } from './dto.ts';

/** How many slots a service of `minutes` (plus buffer) needs at `slotMinutes` per slot. */
export function slotsNeeded(minutes: number, slotMinutes: number): number {
  return Math.max(1, Math.ceil(minutes / slotMinutes));
}

/**
 * Start slots from which `count` consecutive free slots of the same stylist
 * follow without a gap. `slots` may be in any order.
 */
export function fittingStarts(slots: readonly Slot[], count: number): Slot[] {
  const byStaff = new Map<number, Slot[]>();
  for (const s of slots) {
    const list = byStaff.get(s.staffId) ?? [];
    list.push(s);
    byStaff.set(s.staffId, list);
  }
  const out: Slot[] = [];
  for (const list of byStaff.values()) {
    list.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    for (let i = 0; i + count <= list.length; i++) {
      let ok = true;
      for (let k = 0; k < count && ok; k++) {
        const cur = list[i + k] as Slot;
        if (cur.status !== 'available') ok = false;
        else if (k > 0 && Date.parse((list[i + k - 1] as Slot).endsAt) !== Date.parse(cur.startsAt)) ok = false;
      }
      if (ok) out.push(list[i] as Slot);
    }
  }
  return out.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.staffId - b.staffId);
}
