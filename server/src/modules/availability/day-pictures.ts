/**
 * Pictures of salon-days, each read and serialised once per version rather
 * than once per request or socket (docs/decisions/2026-11-25-day-versions.md).
 *
 * A picture is the day's slots as a snapshot shows them, read together with
 * the day's database version (`slot_day_versions`, bumped in the transaction
 * of every change). Every read first asks the database for the version (in
 * the statement that loads the salon's rules anyway), so a picture is never
 * served once a newer change has committed, on this instance or another.
 * What the clock changes without a write (a hold running out, a free time
 * slipping inside the booking notice) ends a picture at that instant
 * (`validUntil`).
 *
 * A picture's `version` is a hash of what it shows: equal pictures have
 * equal versions on every instance and across restarts, so a client can
 * name the version it last saw and get a delta (`deltaSince`).
 */
import { createHash } from 'node:crypto';
import type { Slot } from '@glamify/shared';
import { createCoalescer } from '../../lib/coalesce.ts';
import type { SalonRules } from './slot-query.ts';

export interface DayKey {
  salonId: number;
  date: string;
  wholeDay: boolean;
}

export interface DayPicture {
  readonly key: DayKey;
  /** The database version it was read at, and the rules that shaped it. */
  readonly dayVersion: bigint;
  readonly rules: string;
  /** The content version clients see (`version` on the join ack, the ETag's root). */
  readonly version: string;
  readonly slots: readonly Slot[];
  /** `slots` as JSON, serialised once. */
  readonly json: string;
  /** When the clock alone changes what a fresh read would show (ms since the epoch). */
  readonly validUntil: number;
  /** Join deltas derived from it (by `since`), serialised once each ('' for "send the snapshot"). */
  readonly derived: Map<string, string>;
  /** HTTP answers derived from it (per service length and stylist), serialised once each. */
  readonly answers: Map<string, Buffer>;
}

/** What shapes a picture besides the rows: the day's bounds and the notice. */
const rulesOf = (salon: SalonRules) => `${salon.timezone}|${salon.minNoticeMinutes}`;
const keyOf = (k: DayKey) => `${k.salonId}|${k.date}|${k.wholeDay ? 'whole' : ''}`;

export function contentVersion(key: DayKey, json: string): string {
  return createHash('sha256').update(keyOf(key)).update('\n').update(json).digest('base64url').slice(0, 22);
}

/** The first instant at which a fresh read would differ although nothing was written. */
function validUntil(slots: readonly Slot[], salon: SalonRules, wholeDay: boolean): number {
  let until = Number.POSITIVE_INFINITY;
  for (const s of slots) {
    if (s.status === 'locked' && s.expiresAt) until = Math.min(until, Date.parse(s.expiresAt));
    else if (!wholeDay && s.status === 'available') {
      until = Math.min(until, Date.parse(s.startsAt) - salon.minNoticeMinutes * 60_000);
    }
  }
  return until;
}

export function makePicture(key: DayKey, salon: SalonRules, dayVersion: bigint, slots: readonly Slot[]): DayPicture {
  const json = JSON.stringify(slots);
  return {
    key,
    dayVersion,
    rules: rulesOf(salon),
    version: contentVersion(key, json),
    slots,
    json,
    validUntil: validUntil(slots, salon, key.wholeDay),
    derived: new Map(),
    answers: new Map(),
  };
}

export interface DayPictures {
  /** The current picture of a day, given the version the caller just read. */
  get(key: DayKey, salon: SalonRules, dayVersion: string): Promise<DayPicture>;
  /** A recent picture of that day by its content version, if this process still has it. */
  recent(key: DayKey, version: string): DayPicture | undefined;
  /** Drops everything (tests; a schema change). */
  clear(): void;
}

/** Pictures kept per day besides the current one, for deltas to clients a few changes behind. */
const RECENT = 8;
/** Days kept in memory; the least recently read go first. */
const MAX_DAYS = 4000;

export function createDayPictures(o: {
  read: (key: DayKey, salon: SalonRules) => Promise<{ dayVersion: string; slots: Slot[] }>;
  now: () => number;
}): DayPictures {
  const days = new Map<string, { current: DayPicture; recent: DayPicture[] }>();
  const shared = createCoalescer<DayPicture>();

  function store(k: string, p: DayPicture): DayPicture {
    const day = days.get(k);
    if (day && day.current.dayVersion > p.dayVersion) return p;
    const recent = day ? [day.current, ...day.recent.filter((r) => r.version !== day.current.version)] : [];
    days.delete(k);
    days.set(k, { current: p, recent: recent.filter((r) => r.version !== p.version).slice(0, RECENT) });
    if (days.size > MAX_DAYS) days.delete(days.keys().next().value as string);
    return p;
  }

  return {
    async get(key, salon, dayVersion) {
      const k = keyOf(key);
      const day = days.get(k);
      const cur = day?.current;
      if (cur && cur.dayVersion >= BigInt(dayVersion) && cur.rules === rulesOf(salon) && o.now() < cur.validUntil) {
        return cur;
      }
      // One read per day however many ask at once; never one that began before the caller asked.
      return shared(`${k}|${rulesOf(salon)}`, async () => {
        const r = await o.read(key, salon);
        return store(k, makePicture(key, salon, BigInt(r.dayVersion), r.slots));
      });
    },
    recent(key, version) {
      const day = days.get(keyOf(key));
      if (!day) return undefined;
      return day.current.version === version ? day.current : day.recent.find((p) => p.version === version);
    },
    clear() {
      days.clear();
    },
  };
}
