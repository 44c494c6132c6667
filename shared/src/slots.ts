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
  // Parse every instant once: sorting with Date.parse in the comparator cost
  // more than the whole database query on a busy availability endpoint.
  const byStaff = new Map<number, { slot: Slot; start: number; end: number }[]>();
  for (const slot of slots) {
    const list = byStaff.get(slot.staffId) ?? [];
    list.push({ slot, start: Date.parse(slot.startsAt), end: Date.parse(slot.endsAt) });
    byStaff.set(slot.staffId, list);
  }
  const out: { slot: Slot; start: number }[] = [];
  for (const list of byStaff.values()) {
    list.sort((a, b) => a.start - b.start);
    for (let i = 0; i + count <= list.length; i++) {
      let ok = true;
      for (let k = 0; k < count && ok; k++) {
        const cur = list[i + k] as (typeof list)[number];
        if (cur.slot.status !== 'available') ok = false;
        else if (k > 0 && (list[i + k - 1] as (typeof list)[number]).end !== cur.start) ok = false;
      }
      if (ok) out.push(list[i] as (typeof list)[number]);
    }
  }
  return out.sort((a, b) => a.start - b.start || a.slot.staffId - b.slot.staffId).map((x) => x.slot);
}
