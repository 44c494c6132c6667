/**
 * The read side of availability on top of day pictures: the per-service
 * answer of GET /availability/slots (serialised once per picture, service
 * length and stylist, with an ETag), and the join snapshot or delta of
 * schedule:join (serialised once per picture, or per picture and `since`).
 * Nothing here is per customer: the pictures are slot states only, so one
 * serialisation serves everyone.
 */
import { diffDay, type Slot } from '@glamify/shared';
import type { DayKey, DayPicture, DayPictures } from './day-pictures.ts';
import type { DaySnapshots } from './day-snapshots.ts';
import { forService, type SalonRules } from './slot-query.ts';

/** An answer serialised once: its JSON as UTF-8 bytes (written to every socket as they are) and its entity tag. */
export interface SerialisedAnswer {
  body: Buffer;
  etag: string;
}

/** What schedule:join acknowledges besides `ok` and `watching`. */
export type JoinSnapshot = { version: string } & ({ slotsJson: string } | { deltaJson: string });

/** The slots where a service of `needed` slots fits (optionally one stylist's), as GET /availability/slots answers. */
export function serviceAnswer(
  p: DayPicture,
  salon: SalonRules,
  q: { needed: number; staffId?: number | undefined },
): SerialisedAnswer {
  const id = `svc|${q.needed}|${q.staffId ?? ''}`;
  const etag = `"${p.version}.${q.needed}.${q.staffId ?? ''}"`;
  const known = p.answers.get(id);
  if (known !== undefined) return { body: known, etag };
  const mine = q.staffId === undefined ? p.slots : p.slots.filter((s) => s.staffId === q.staffId);
  const json = `{"salonId":${salon.id},"date":${JSON.stringify(p.key.date)},"timezone":${JSON.stringify(
    salon.timezone,
  )},"slots":${JSON.stringify(forService(mine as Slot[], q.needed))}}`;
  const body = Buffer.from(json);
  if (p.answers.size < MAX_DERIVED) p.answers.set(id, body);
  return { body, etag };
}

/** Derived answers kept per picture (a picture lives until the day's next change). */
const MAX_DERIVED = 64;

/**
 * The join acknowledgement's content: an empty delta when the client already
 * has this version, a delta when the server still knows the version it names
 * and little changed, the whole snapshot otherwise.
 */
export async function joinSnapshot(
  p: DayPicture,
  since: string | undefined,
  o: { pictures: DayPictures; snapshots: DaySnapshots },
): Promise<JoinSnapshot> {
  o.snapshots.remember(p);
  const whole = { version: p.version, slotsJson: p.json };
  if (since === undefined) return whole;
  const id = `delta|${since}`;
  const known = p.derived.get(id);
  if (known !== undefined) return known === '' ? whole : { version: p.version, deltaJson: known };
  const before = o.pictures.recent(p.key, since)?.slots ?? (await o.snapshots.find(p.key, since));
  const delta = before ? diffDay(before, p.slots, since) : undefined;
  // Past half the day, the whole snapshot is about as small and simpler to apply.
  const json =
    delta && delta.changed.length + delta.removed.length <= Math.max(8, p.slots.length / 2)
      ? JSON.stringify(delta)
      : '';
  if (p.derived.size < MAX_DERIVED) p.derived.set(id, json);
  return json === '' ? whole : { version: p.version, deltaJson: json };
}

export type { DayKey };
