/**
 * The front-desk kiosk (contract: "Kiosk" under "Around a booking"): the
 * owner pairs a screen and gets a revocable, salon-scoped kiosk token; a
 * paired kiosk reads the day's bookings with first names only and checks
 * customers in. Unpaired kiosks only watch the schedule over the socket.
 */
import Type, { type Static } from 'typebox';
import { LocalDate } from './availability-schemas.ts';
import { Booking, BookingStatus, Id, IsoInstant } from './dto.ts';

/** A pairing code as the owner reads it out: 8 letters and digits, dashes and spaces ignored. */
export const PairingCode = Type.String({ minLength: 8, maxLength: 16, pattern: '^[A-Za-z0-9 -]+$' });

export const KioskDevice = Type.Object({
  id: Id,
  salonId: Id,
  /** What the owner called the screen ("Front desk"). */
  name: Type.String(),
  /** waiting: a pairing code is out; paired: a token is in use; revoked: refused from now on; expired: the code ran out unused. */
  state: Type.Union([
    Type.Literal('waiting'),
    Type.Literal('paired'),
    Type.Literal('revoked'),
    Type.Literal('expired'),
  ]),
  createdAt: IsoInstant,
  /** Until when the pairing code works (waiting only). */
  pairingExpiresAt: Type.Union([IsoInstant, Type.Null()]),
  pairedAt: Type.Union([IsoInstant, Type.Null()]),
  /** The last time the screen asked the server anything with its token (to the minute). */
  lastSeenAt: Type.Union([IsoInstant, Type.Null()]),
  revokedAt: Type.Union([IsoInstant, Type.Null()]),
});
/** A kiosk screen of a salon, as its owner sees it (never the token). */
export type KioskDevice = Static<typeof KioskDevice>;

export const KioskParams = Type.Object({ id: Id, kioskId: Id }, { additionalProperties: false });
/** Path of /salons/:id/kiosks/:kioskId */
export type KioskParams = Static<typeof KioskParams>;

export const NewKiosk = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }) },
  { additionalProperties: false },
);
/** Body of POST /salons/:id/kiosks: name the screen to pair. */
export type NewKiosk = Static<typeof NewKiosk>;

export const KioskPairing = Type.Object({
  kiosk: KioskDevice,
  /** Type this on the kiosk screen; it works once, until `kiosk.pairingExpiresAt`. */
  pairingCode: Type.String(),
});
/** Answer of POST /salons/:id/kiosks: the device and its one-time pairing code. */
export type KioskPairing = Static<typeof KioskPairing>;

export const PairKioskBody = Type.Object({ code: PairingCode }, { additionalProperties: false });
/** Body of POST /kiosks/pair (no sign-in: the code is the proof). */
export type PairKioskBody = Static<typeof PairKioskBody>;

export const KioskIdentity = Type.Object({
  kioskId: Id,
  salonId: Id,
  salonName: Type.String(),
  name: Type.String(),
});
/** Who a kiosk token belongs to (GET /kiosks/me). */
export type KioskIdentity = Static<typeof KioskIdentity>;

export const KioskSession = Type.Object({
  /** The kiosk's bearer token: keep it on the device; the owner can revoke it. */
  token: Type.String(),
  kiosk: KioskIdentity,
});
/** Answer of POST /kiosks/pair. */
export type KioskSession = Static<typeof KioskSession>;

export const KioskDayQuery = Type.Object({ date: LocalDate }, { additionalProperties: false });
/** Query of GET /kiosks/me/bookings: a salon-local day (today, yesterday or tomorrow). */
export type KioskDayQuery = Static<typeof KioskDayQuery>;

export const KioskBooking = Type.Object({
  id: Id,
  staffId: Id,
  startsAt: IsoInstant,
  /** The end of the services. */
  endsAt: IsoInstant,
  /** The end of the time the booking takes, the cleanup buffer after the services included. */
  busyUntil: IsoInstant,
  /** The customer's first name only. */
  firstName: Type.String(),
  services: Type.Array(Type.String()),
  status: BookingStatus,
  checkedIn: Type.Boolean(),
  slotIds: Type.Array(Id),
});
/** A booking as the front-desk screen shows it: first name and services, nothing else about the customer. */
export type KioskBooking = Static<typeof KioskBooking>;

export const KioskBookingList = Type.Object({ date: Type.String(), items: Type.Array(KioskBooking) });
/** Answer of GET /kiosks/me/bookings: the day's bookings that hold time (cancelled ones left out). */
export type KioskBookingList = Static<typeof KioskBookingList>;

export const CheckInBody = Type.Object(
  {
    /**
     * Kiosks only, and required there: the booking's 4-digit check-in code or
     * the last 4 digits of the guest's phone number. The salon's owner checks
     * people in without one.
     */
    code: Type.Optional(Type.String({ minLength: 4, maxLength: 4, pattern: '^[0-9]{4}$' })),
  },
  { additionalProperties: false },
);
/** Body of POST /bookings/:id/check-in; optional as a whole for the owner. */
export type CheckInBody = Static<typeof CheckInBody>;

export const CheckInAnswer = Type.Union([KioskBooking, Booking]);
/**
 * Answer of POST /bookings/:id/check-in: a kiosk gets the booking as its
 * screen shows it (first name, services, times: a kiosk stands where anyone
 * reads it), the salon's owner the whole booking.
 */
export type CheckInAnswer = Static<typeof CheckInAnswer>;
