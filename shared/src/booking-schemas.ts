/** Requests of the Booking module (contract: Bookings). */
import Type, { type Static } from 'typebox';
import { GuestInput, LockToken } from './availability-schemas.ts';
import { SALON_CANCEL_REASONS } from './cancel-reasons.ts';
import { BookingStatus, Id } from './dto.ts';

/** A client-chosen key that makes a booking request safe to retry. */
export const IdempotencyKey = Type.String({ minLength: 1, maxLength: 200 });

export const CreateBookingBody = Type.Object(
  {
    /** Exactly this stylist's slot, unless `anyStaff` is true. */
    slotId: Id,
    serviceIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 5 })),
    /** Shorthand for one service. */
    serviceId: Type.Optional(Id),
    /** When given, it must be the slot's stylist. */
    staffId: Type.Optional(Id),
    /** true: the same start with another free stylist is fine; the answer's `staffId` says who. */
    anyStaff: Type.Optional(Type.Boolean()),
    /** The caller's hold on the slots; someone else's token is refused. */
    lockToken: Type.Optional(LockToken),
    idempotencyKey: Type.Optional(IdempotencyKey),
    /** The salon's owner only: book a walk-in without an account. */
    guest: Type.Optional(GuestInput),
    /**
     * The salon's owner only: book for a customer account that has booked at
     * this salon before (a phone booking; see GET /salons/:id/customers).
     */
    customerId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
/** Body of POST /bookings. */
export type CreateBookingBody = Static<typeof CreateBookingBody>;

export const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(IdempotencyKey) });
/** The key may come as a header instead of in the body. */
export type IdempotencyHeaders = Static<typeof IdempotencyHeaders>;

export const BookingParams = Type.Object({ id: Id }, { additionalProperties: false });
/** Path of /bookings/:id/... */
export type BookingParams = Static<typeof BookingParams>;

export const BookingListQuery = Type.Object(
  {
    salonId: Type.Optional(Id),
    date: Type.Optional(Type.String({ format: 'date' })),
    status: Type.Optional(BookingStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
  },
  { additionalProperties: false },
);
/** Query of GET /bookings. */
export type BookingListQuery = Static<typeof BookingListQuery>;

export const CancelBody = Type.Object(
  {
    reason: Type.Optional(
      Type.String({
        maxLength: 500,
        description: `The customer's words, to the salon. From the salon's owner, one of ${SALON_CANCEL_REASONS.join(', ')} is told to the customer in Glamify's words; any other text is kept as the salon's note and not sent`,
      }),
    ),
  },
  { additionalProperties: false },
);
/** Body of POST /bookings/:id/cancel; optional as a whole. */
export type CancelBody = Static<typeof CancelBody>;

export const RescheduleBody = Type.Object(
  {
    /** The new start: exactly this stylist's slot, unless `anyStaff` is true. */
    slotId: Id,
    /** true: the same start with another free stylist is fine; the answer's `staffId` says who. */
    anyStaff: Type.Optional(Type.Boolean()),
    /** The caller's hold on the new slots; someone else's token is refused. */
    lockToken: Type.Optional(LockToken),
    /** Makes the request safe to retry: the same key (same requester) moves the booking once. */
    idempotencyKey: Type.Optional(IdempotencyKey),
  },
  { additionalProperties: false },
);
/**
 * Body of POST /bookings/:id/reschedule: move the booking (same id, items and
 * payment) to a new start of the same salon. The customer may do it until the
 * policy's free-cancellation window closes (then 409 `POLICY_WINDOW_CLOSED`);
 * the salon's owner always.
 */
export type RescheduleBody = Static<typeof RescheduleBody>;
