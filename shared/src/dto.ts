/**
 * DTO schemas (TypeBox) and their inferred types. The server validates and
 * serialises with the schemas; the client compiles against the types.
 */
import Type, { type Static } from 'typebox';
import { PERSON_NAME_MAX } from './field-limits.ts';

export const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
export const IsoInstant = Type.String({ format: 'date-time' });
/** A display name: 1..100 characters with at least one that is not a space. */
export const PersonName = Type.String({ minLength: 1, maxLength: PERSON_NAME_MAX, pattern: '\\S' });
export const Role = Type.Union([Type.Literal('customer'), Type.Literal('owner'), Type.Literal('admin')]);
/** customer | owner | admin */
export type Role = Static<typeof Role>;

export const User = Type.Object({ id: Id, email: Type.String(), name: Type.String(), role: Role });
/** The public view of an account (never the password hash). */
export type User = Static<typeof User>;

export const AuthResult = Type.Object({ user: User, token: Type.String() });
/** Answer of register and login. */
export type AuthResult = Static<typeof AuthResult>;

export const Service = Type.Object({
  id: Id,
  name: Type.String(),
  /** What the service includes, in the salon's words; may be empty. */
  description: Type.String(),
  durationMinutes: Type.Integer(),
  bufferMinutes: Type.Integer(),
  priceCents: Type.Integer(),
  currency: Type.String(),
  active: Type.Boolean(),
});
/** A service a salon offers. */
export type Service = Static<typeof Service>;

export const Staff = Type.Object({
  id: Id,
  name: Type.String(),
  /** A line or two about the stylist; may be empty. */
  bio: Type.String(),
  active: Type.Boolean(),
});
/** A stylist. */
export type Staff = Static<typeof Staff>;

export const TimeRange = Type.Object({
  starts: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
  ends: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
});
/** A wall-clock range in the salon's time zone, HH:MM. */
export type TimeRange = Static<typeof TimeRange>;

export const WorkingHours = Type.Object({
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: Type.Integer({ minimum: 1, maximum: 7 }),
  /** null: the salon's hours; a stylist id: that stylist's own hours for the day. */
  staffId: Type.Union([Id, Type.Null()]),
  opens: TimeRange.properties.starts,
  closes: TimeRange.properties.ends,
  breaks: Type.Array(TimeRange, { maxItems: 6 }),
});
/** Opening hours for one weekday, with breaks. */
export type WorkingHours = Static<typeof WorkingHours>;

export const SalonSummary = Type.Object({
  id: Id,
  name: Type.String(),
  city: Type.String(),
  address: Type.String(),
  timezone: Type.String(),
});
/** A salon in search results. */
export type SalonSummary = Static<typeof SalonSummary>;

export const SalonPolicy = Type.Object(
  {
    /** Share of the booking's price paid up front, 0–100; 0 means no deposit. */
    depositPercent: Type.Integer({ minimum: 0, maximum: 100 }),
    /** A customer may cancel or reschedule free until this many hours before the start. */
    freeCancellationHours: Type.Integer({ minimum: 0, maximum: 720 }),
    /** Share of the price kept (out of the deposit paid) when a customer cancels later than that. */
    lateCancelFeePercent: Type.Integer({ minimum: 0, maximum: 100 }),
    /** Share of the price kept (out of the deposit paid) when the customer does not come. */
    noShowFeePercent: Type.Integer({ minimum: 0, maximum: 100 }),
    /** When reminders go out, in hours before the start (at most three). */
    reminderHoursBefore: Type.Array(Type.Integer({ minimum: 1, maximum: 336 }), { maxItems: 3, uniqueItems: true }),
  },
  { additionalProperties: false },
);
/** A salon's booking policy (contract: "Around a booking"); `PUT /salons/:id/policy` replaces it. */
export type SalonPolicy = Static<typeof SalonPolicy>;

export const SalonDetail = Type.Object({
  ...SalonSummary.properties,
  /** The salon's phone number as the salon writes it; may be empty. */
  phone: Type.String(),
  ownerId: Id,
  slotMinutes: Type.Integer(),
  minNoticeMinutes: Type.Integer(),
  horizonDays: Type.Integer(),
  policy: SalonPolicy,
  workingHours: Type.Array(WorkingHours),
  services: Type.Array(Service),
  staff: Type.Array(Staff),
});
/** A salon with everything a customer needs to book. */
export type SalonDetail = Static<typeof SalonDetail>;

export const SlotStatus = Type.Union([Type.Literal('available'), Type.Literal('locked'), Type.Literal('booked')]);
/** available | locked | booked */
export type SlotStatus = Static<typeof SlotStatus>;

export const Slot = Type.Object({
  id: Id,
  staffId: Id,
  startsAt: IsoInstant,
  endsAt: IsoInstant,
  status: SlotStatus,
  /** Locked slots only: when the hold ends unless renewed. */
  expiresAt: Type.Optional(IsoInstant),
});
/** One slot of one stylist. */
export type Slot = Static<typeof Slot>;

export const SlotList = Type.Object({
  salonId: Id,
  date: Type.String(),
  timezone: Type.String(),
  slots: Type.Array(Slot),
});
/** A salon-day of slots. */
export type SlotList = Static<typeof SlotList>;

export const HoldTimes = Type.Object({
  /** When the hold ends unless it is renewed (a renewal moves it, never past `holdEndsAt`). */
  expiresAt: Type.String({ format: 'date-time', description: 'When the hold ends unless renewed' }),
  /**
   * The hold's hard end: its first start plus `HOLD_MAX_SECONDS`. No renewal
   * reaches past it; when `expiresAt` equals it, the hold cannot be extended.
   */
  holdEndsAt: Type.String({
    format: 'date-time',
    description: 'The latest the hold can last (its start plus HOLD_MAX_SECONDS); renewals stop here',
  }),
});
/** The two ends of a hold: where it ends now, and the furthest renewals may take it. */
export type HoldTimes = Static<typeof HoldTimes>;

export const Hold = Type.Object({ lockToken: Type.String(), slotIds: Type.Array(Id), ...HoldTimes.properties });
/** A checkout hold on the slots a service covers, with its current and its hard end. */
export type Hold = Static<typeof Hold>;

export const BookingStatus = Type.Union([
  Type.Literal('PENDING'),
  Type.Literal('CONFIRMED'),
  Type.Literal('COMPLETED'),
  Type.Literal('NO_SHOW'),
  Type.Literal('CANCELLED'),
]);
/** PENDING -> CONFIRMED -> COMPLETED | NO_SHOW (both only after the start), PENDING|CONFIRMED -> CANCELLED */
export type BookingStatus = Static<typeof BookingStatus>;

export const BookingItem = Type.Object({
  serviceId: Id,
  name: Type.String(),
  priceCents: Type.Integer(),
  durationMinutes: Type.Integer(),
});
/** A service inside a booking, with its price and duration as they were when booked. */
export type BookingItem = Static<typeof BookingItem>;

export const GuestDto = Type.Object({
  name: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
});
/** A walk-in without an account, as the salon's owner recorded them. */
export type GuestDto = Static<typeof GuestDto>;

export const PaymentProvider = Type.Union([Type.Literal('demo'), Type.Literal('stripe')]);
/** Which payment provider takes deposits: `demo` (a test-mode card page served by Glamify) or `stripe`. */
export type PaymentProvider = Static<typeof PaymentProvider>;

export const PaymentStatus = Type.Union([
  Type.Literal('DUE'),
  Type.Literal('PAID'),
  Type.Literal('EXPIRED'),
  Type.Literal('VOID'),
]);
/**
 * DUE: awaiting payment until `dueAt`; PAID: the deposit arrived in time
 * (refunds, if any, are listed with it); EXPIRED: not paid by `dueAt`, the
 * booking was cancelled; VOID: the booking was cancelled before it was paid.
 */
export type PaymentStatus = Static<typeof PaymentStatus>;

export const RefundReason = Type.Union([
  Type.Literal('free_cancellation'),
  Type.Literal('late_cancellation'),
  Type.Literal('salon_cancellation'),
  Type.Literal('no_show'),
  Type.Literal('late_payment'),
  Type.Literal('duplicate_payment'),
  Type.Literal('payment_mismatch'),
]);
/** Why a refund was made (see `RefundReasonName` for each). */
export type RefundReason = Static<typeof RefundReason>;

export const Refund = Type.Object({
  id: Id,
  amountCents: Type.Integer({ minimum: 1 }),
  reason: RefundReason,
  /** PENDING: recorded, on its way to the provider (retried until it goes through); ISSUED: the provider took it; FAILED: the provider refused it for good. */
  status: Type.Union([Type.Literal('PENDING'), Type.Literal('ISSUED'), Type.Literal('FAILED')]),
  createdAt: IsoInstant,
  /** When the provider took it; null until then. */
  issuedAt: Type.Union([IsoInstant, Type.Null()]),
});
/** Money going back to the customer, recorded with the booking. */
export type Refund = Static<typeof Refund>;

/** The cancellation terms a deposit was taken under (the schema of `DepositTerms`). */
export const DepositTermsDto = Type.Object({
  freeCancellationHours: Type.Integer(),
  lateCancelFeePercent: Type.Integer(),
  noShowFeePercent: Type.Integer(),
});

export const BookingPayment = Type.Object({
  provider: PaymentProvider,
  status: PaymentStatus,
  /** The deposit asked for, in minor units of `currency`. */
  amountCents: Type.Integer({ minimum: 1 }),
  currency: Type.String(),
  /** Unpaid by then, the booking is cancelled with `cancelReason: "payment_expired"`. */
  dueAt: IsoInstant,
  /** Where the customer pays (a link to Glamify that forwards to the provider); null unless DUE. */
  checkoutUrl: Type.Union([Type.String(), Type.Null()]),
  /** Everything received for this booking, late or repeated payments included. */
  paidCents: Type.Integer({ minimum: 0 }),
  /** When the deposit was paid; null unless PAID. */
  paidAt: Type.Union([IsoInstant, Type.Null()]),
  /** The sum of `refunds`. */
  refundedCents: Type.Integer({ minimum: 0 }),
  /** Kept by the salon under the terms (late cancellation or no-show); 0 otherwise. */
  feeCents: Type.Integer({ minimum: 0 }),
  /** The provider's words on the last failed attempt ("Your card was declined."), while DUE. */
  lastFailure: Type.Union([Type.String(), Type.Null()]),
  /** The cancellation terms as they were when the customer booked; fees follow these. */
  terms: DepositTermsDto,
  refunds: Type.Array(Refund),
});
/** A booking's deposit: what was asked, paid, kept and refunded. */
export type BookingPayment = Static<typeof BookingPayment>;

export const PaymentSettings = Type.Object({
  provider: PaymentProvider,
  /** How long a customer has to pay a deposit (PAYMENT_DEADLINE_SECONDS). */
  deadlineSeconds: Type.Integer(),
  /** The provider's smallest charge: a smaller deposit is not asked for. */
  minimumCents: Type.Integer(),
});
/** How deposits are taken on this server (GET /payments/settings). */
export type PaymentSettings = Static<typeof PaymentSettings>;

export const Booking = Type.Object({
  id: Id,
  salonId: Id,
  salonName: Type.String(),
  /** The customer's account; null for a walk-in guest. */
  customerId: Type.Union([Id, Type.Null()]),
  /** The account's name, or the guest's. */
  customerName: Type.String(),
  /** A walk-in booked by the owner for someone without an account. */
  guest: Type.Union([GuestDto, Type.Null()]),
  staffId: Id,
  staffName: Type.String(),
  status: BookingStatus,
  startsAt: IsoInstant,
  endsAt: IsoInstant,
  totalPriceCents: Type.Integer(),
  totalDurationMinutes: Type.Integer(),
  currency: Type.String(),
  items: Type.Array(BookingItem),
  slotIds: Type.Array(Id),
  cancelReason: Type.Union([Type.String(), Type.Null()]),
  /** Null also when the payment deadline cancelled it (`cancelReason: "payment_expired"`). */
  cancelledBy: Type.Union([Type.Literal('customer'), Type.Literal('owner'), Type.Null()]),
  createdAt: IsoInstant,
  /** Four digits the customer gives at the kiosk to check in (shown to the customer and the salon). */
  checkInCode: Type.String({ pattern: '^[0-9]{4}$' }),
  /** When the customer checked in (at the kiosk or with the salon); null until then. */
  checkedInAt: Type.Union([IsoInstant, Type.Null()]),
  /** The deposit, when the salon asked for one; null otherwise. */
  payment: Type.Union([BookingPayment, Type.Null()]),
});
/** A booking as its customer and its salon's owner see it. */
export type Booking = Static<typeof Booking>;

export const Notification = Type.Object({
  id: Id,
  type: Type.String(),
  channel: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  status: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]),
  createdAt: IsoInstant,
  sentAt: Type.Union([IsoInstant, Type.Null()]),
  readAt: Type.Union([IsoInstant, Type.Null()]),
});
/** A notification record (email, in-app). */
export type Notification = Static<typeof Notification>;

/** A page of a list. */
export function Page<T extends Type.TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer() });
}
/** The JSON shape of a list page. */
export interface PageOf<T> {
  items: T[];
  total: number;
}
