/**
 * DTO schemas (TypeBox) and their inferred types. The server validates and
 * serialises with the schemas; the client compiles against the types.
 */
import Type, { type Static } from 'typebox';

export const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
export const IsoInstant = Type.String({ format: 'date-time' });
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
  durationMinutes: Type.Integer(),
  bufferMinutes: Type.Integer(),
  priceCents: Type.Integer(),
  currency: Type.String(),
  active: Type.Boolean(),
});
/** A service a salon offers. */
export type Service = Static<typeof Service>;

export const Staff = Type.Object({ id: Id, name: Type.String(), active: Type.Boolean() });
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

export const SalonDetail = Type.Object({
  ...SalonSummary.properties,
  ownerId: Id,
  slotMinutes: Type.Integer(),
  minNoticeMinutes: Type.Integer(),
  horizonDays: Type.Integer(),
  cancellationDeadlineMinutes: Type.Integer(),
  workingHours: Type.Array(WorkingHours),
  services: Type.Array(Service),
  staff: Type.Array(Staff),
});
/** A salon with everything a customer needs to book. */
export type SalonDetail = Static<typeof SalonDetail>;

export const SlotStatus = Type.Union([Type.Literal('available'), Type.Literal('locked'), Type.Literal('booked')]);
/** available | locked | booked */
export type SlotStatus = Static<typeof SlotStatus>;

export const Slot = Type.Object({ id: Id, staffId: Id, startsAt: IsoInstant, endsAt: IsoInstant, status: SlotStatus });
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

export const Hold = Type.Object({ lockToken: Type.String(), slotIds: Type.Array(Id), expiresAt: IsoInstant });
/** A checkout hold on the slots a service covers. */
export type Hold = Static<typeof Hold>;

export const BookingStatus = Type.Union([
  Type.Literal('PENDING'),
  Type.Literal('CONFIRMED'),
  Type.Literal('COMPLETED'),
  Type.Literal('CANCELLED'),
]);
/** PENDING -> CONFIRMED -> COMPLETED, PENDING|CONFIRMED -> CANCELLED */
export type BookingStatus = Static<typeof BookingStatus>;

export const BookingItem = Type.Object({
  serviceId: Id,
  name: Type.String(),
  priceCents: Type.Integer(),
  durationMinutes: Type.Integer(),
});
/** A service inside a booking, with its price and duration as they were when booked. */
export type BookingItem = Static<typeof BookingItem>;

export const Booking = Type.Object({
  id: Id,
  salonId: Id,
  salonName: Type.String(),
  customerId: Id,
  customerName: Type.String(),
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
  cancelledBy: Type.Union([Type.Literal('customer'), Type.Literal('owner'), Type.Null()]),
  createdAt: IsoInstant,
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
