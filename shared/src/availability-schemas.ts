/**
 * Requests and answers of the Availability module (contract: Availability).
 * The server validates with these schemas; the client compiles against the
 * inferred types.
 */
import Type, { type Static } from 'typebox';
import { Id, PersonName } from './dto.ts';

/** A salon-local date as the API takes it; the server also rejects non-dates like 2030-02-30. */
export const LocalDate = Type.String({ minLength: 10, maxLength: 10, description: 'Salon-local date, YYYY-MM-DD' });

/** The token a hold answers with; it proves who holds and renews. */
export const LockToken = Type.String({ format: 'uuid', maxLength: 36 });

export const SlotQuery = Type.Object(
  { salonId: Id, date: LocalDate, serviceId: Id, staffId: Type.Optional(Id) },
  { additionalProperties: false },
);
/** Query of GET /availability/slots: where one service can start on a day, optionally with one stylist. */
export type SlotQuery = Static<typeof SlotQuery>;

export const SlotParams = Type.Object({ slotId: Id }, { additionalProperties: false });
/** Path of /availability/slots/:slotId/... */
export type SlotParams = Static<typeof SlotParams>;

export const HoldBody = Type.Object({ serviceId: Id }, { additionalProperties: false });
/** Body of POST /availability/slots/:slotId/lock: hold every slot the service covers from this start. */
export type HoldBody = Static<typeof HoldBody>;

export const GuestInput = Type.Object(
  {
    name: PersonName,
    phone: Type.Optional(Type.String({ minLength: 3, maxLength: 32, pattern: '^[0-9+()./ -]+$' })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  },
  { additionalProperties: false },
);
/** A walk-in without an account: who the owner books for at the front desk. */
export type GuestInput = Static<typeof GuestInput>;

export const FrontDeskBody = Type.Object(
  {
    serviceId: Id,
    /** A customer account to book for. Give this or `guest`. */
    customerId: Type.Optional(Id),
    /** A walk-in without an account. Give this or `customerId`. */
    guest: Type.Optional(GuestInput),
    /** The owner's own hold on the slot, when they took one. */
    lockToken: Type.Optional(LockToken),
  },
  { additionalProperties: false },
);
/** Body of POST /availability/slots/:slotId/book (the salon's owner at the front desk). */
export type FrontDeskBody = Static<typeof FrontDeskBody>;

export const FrontDeskResult = Type.Object({ bookingId: Id, slotIds: Type.Array(Id) });
/** Answer of the front-desk booking. */
export type FrontDeskResult = Static<typeof FrontDeskResult>;

export const CleanupResult = Type.Object({ removed: Type.Integer({ minimum: 0 }) });
/** Answer of POST /availability/cleanup-locks. */
export type CleanupResult = Static<typeof CleanupResult>;

export const DayQuery = Type.Object(
  {
    salonId: Id,
    serviceId: Id,
    /** One stylist; without it, any active stylist. */
    staffId: Type.Optional(Id),
    /** The first salon-local day; default: the salon's today. */
    from: Type.Optional(LocalDate),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 31, default: 14 })),
  },
  { additionalProperties: false },
);
/** Query of GET /availability/days: a run of days for a service, to choose a day from. */
export type DayQuery = Static<typeof DayQuery>;

export const DayStatus = Type.Union([
  Type.Literal('free'),
  Type.Literal('full'),
  Type.Literal('closed'),
  Type.Literal('over'),
]);
/**
 * free: the service can start at least once; full: stylists work that day but
 * every time is booked or held (or too short for the service); closed: nobody
 * works that day; over: the day's remaining times are past or inside the
 * salon's minimum notice (today, late).
 */
export type DayStatus = Static<typeof DayStatus>;

export const DaySummary = Type.Object({
  date: LocalDate,
  status: DayStatus,
  /** Distinct start times where the service fits (any stylist counts once per time). */
  freeStarts: Type.Integer({ minimum: 0 }),
});
/** One day in GET /availability/days. */
export type DaySummary = Static<typeof DaySummary>;

export const DayList = Type.Object({
  salonId: Id,
  timezone: Type.String(),
  days: Type.Array(DaySummary),
});
/** Answer of GET /availability/days: each day from `from` on, in order. */
export type DayList = Static<typeof DayList>;
