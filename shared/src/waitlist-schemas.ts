/**
 * The waitlist (contract: "Waitlist and automatic retry"): requests, the
 * entry and offer shapes, for the customer and for the salon's owner.
 */
import Type, { type Static } from 'typebox';
import { LocalDate, LockToken } from './availability-schemas.ts';
import { Id, IsoInstant } from './dto.ts';

/** A salon-local wall time, HH:MM (24 h). `24:00` ends a window at midnight. */
export const WallTime = Type.String({ pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' });

export const JoinWaitlistBody = Type.Object(
  {
    /** The service the customer wants. Always given. */
    serviceId: Id,
    /** Range entry: the salon. */
    salonId: Type.Optional(Id),
    /** Range entry: the salon-local day. */
    date: Type.Optional(LocalDate),
    /** Range entry: only this stylist; left out, any stylist. */
    staffId: Type.Optional(Id),
    /** Range entry: the appointment starts at or after this salon-local time (default: opening). */
    from: Type.Optional(WallTime),
    /** Range entry: the appointment ends by this salon-local time (default: closing). */
    to: Type.Optional(WallTime),
    /** Exact-slot entry ("get it for me if it frees"): that stylist's start slot. Give this or salonId + date. */
    slotId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
/**
 * Body of POST /waitlist: `{ salonId, serviceId, date, staffId?, from?, to? }`
 * (a time in a range of the day), or `{ slotId, serviceId }` (exactly that time).
 */
export type JoinWaitlistBody = Static<typeof JoinWaitlistBody>;

export const WaitlistParams = Type.Object({ id: Id }, { additionalProperties: false });
/** Path of /waitlist/:id and /waitlist/:id/decline. */
export type WaitlistParams = Static<typeof WaitlistParams>;

export const WaitlistQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
  },
  { additionalProperties: false },
);
/** Query of GET /waitlist. */
export type WaitlistQuery = Static<typeof WaitlistQuery>;

export const SalonWaitlistQuery = Type.Object({ date: LocalDate }, { additionalProperties: false });
/** Query of GET /salons/:id/waitlist (the salon's owner): one salon-local day. */
export type SalonWaitlistQuery = Static<typeof SalonWaitlistQuery>;

export const WaitlistOffer = Type.Object({
  entryId: Id,
  /** Book with this token (`POST /bookings { slotId: slotIds[0], lockToken }`); it is a hold held for you. */
  lockToken: LockToken,
  /** The held slots, start slot first. */
  slotIds: Type.Array(Id),
  startsAt: IsoInstant,
  staffId: Id,
  /** The offer (the hold) ends then unless booked; then the next in line gets the time. */
  expiresAt: IsoInstant,
  salonId: Id,
  salonName: Type.String(),
  serviceId: Id,
  serviceName: Type.String(),
  staffName: Type.String(),
  /** The salon's IANA time zone, to show the time as the salon's clock does. */
  timezone: Type.String(),
});
/** `waitlist:offer`: a freed time held for a waiting customer, on all their sockets. */
export type WaitlistOffer = Static<typeof WaitlistOffer>;

export const WaitlistStatus = Type.Union([
  Type.Literal('waiting'),
  Type.Literal('offered'),
  Type.Literal('booked'),
  Type.Literal('left'),
  Type.Literal('declined'),
  Type.Literal('missed'),
  Type.Literal('expired'),
]);
/**
 * waiting (in line) | offered (a time is held for them) | booked | left (they
 * left the line) | declined (an exact-slot entry whose offer they declined) |
 * missed (an offer ran out unbooked) | expired (the day or window passed).
 */
export type WaitlistStatus = Static<typeof WaitlistStatus>;

export const WaitlistEntry = Type.Object({
  id: Id,
  salonId: Id,
  salonName: Type.String(),
  timezone: Type.String(),
  serviceId: Id,
  serviceName: Type.String(),
  /** Salon-local day. */
  date: Type.String(),
  /** One stylist, or null for any stylist. */
  staffId: Type.Union([Id, Type.Null()]),
  staffName: Type.Union([Type.String(), Type.Null()]),
  /** Exact-slot entries: the start slot and its time. */
  slotId: Type.Union([Id, Type.Null()]),
  startsAt: Type.Union([IsoInstant, Type.Null()]),
  /** Range entries: the salon-local window; null means the whole day. */
  from: Type.Union([Type.String(), Type.Null()]),
  to: Type.Union([Type.String(), Type.Null()]),
  status: WaitlistStatus,
  /** Waiting entries: place in line among that day's live entries (1 = next); null otherwise. */
  position: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  /** The open offer, while the entry is `offered`. */
  offer: Type.Union([WaitlistOffer, Type.Null()]),
  createdAt: IsoInstant,
  /** Only in the salon owner's view: who waits. */
  customerName: Type.Optional(Type.String()),
});
/** A place in a salon-day's waitlist, as its customer (and the salon's owner) see it. */
export type WaitlistEntry = Static<typeof WaitlistEntry>;

export const SalonWaitlistOffer = Type.Omit(WaitlistOffer, ['lockToken']);
/** An open offer as the salon's owner sees it: everything but the token of the customer's hold. */
export type SalonWaitlistOffer = Static<typeof SalonWaitlistOffer>;

export const SalonWaitlistEntry = Type.Object({
  ...WaitlistEntry.properties,
  offer: Type.Union([SalonWaitlistOffer, Type.Null()]),
});
/** A place in the salon-day's line as its owner sees it (GET /salons/:id/waitlist): who waits, no hold token. */
export type SalonWaitlistEntry = Static<typeof SalonWaitlistEntry>;
