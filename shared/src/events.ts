/**
 * The realtime contract: Socket.IO event maps both sides compile against.
 * Commands (client to server) are in the present tense and always take an
 * acknowledgement; broadcasts (server to client) are in the past tense.
 */

import type { SlotDelta } from './day-delta.ts';
import type { Hold, HoldTimes, Slot } from './dto.ts';
import type { ProblemDetails } from './errors.ts';
import type {
  HoldStartPayload,
  HoldTokenPayload,
  JoinPayload,
  SalonDayPayload,
  TimeSyncPayload,
} from './socket-schemas.ts';
import type { WaitlistOffer } from './waitlist-schemas.ts';

/** Sent by clients in the handshake `auth`; the server refuses other majors. */
export const PROTOCOL_VERSION = 1;

/** A failed acknowledgement: the same fields as the HTTP problem body. */
export type AckError = { ok: false } & ProblemDetails;
/** An acknowledgement: success with a payload, or a known error. */
export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;

/** A salon-local day. */
export type SalonDay = SalonDayPayload;

export interface SlotsLockedEvent extends SalonDay {
  slotIds: number[];
  /** When the hold ends; a renewal sends the event again with the later time. */
  expiresAt: string;
}
export interface SlotsChangedEvent extends SalonDay {
  slotIds: number[];
}
export interface PresenceEvent extends SalonDay {
  /** How many sockets watch this day, across all server instances. */
  watching: number;
}

/** What owners are told about a booking. Goes only to the salon owner's sockets. */
export interface BookingAlert {
  bookingId: number;
  salonId: number;
  salonName: string;
  /** The customer's name, or the walk-in guest's. */
  customerName: string;
  services: string[];
  staffName: string;
  startsAt: string;
  endsAt: string;
  /** For booking:cancelled: who cancelled (absent when the payment deadline did). */
  cancelledBy?: 'customer' | 'owner';
  /** For booking:checked-in: when the customer arrived. */
  checkedInAt?: string;
  /** For booking:checked-in: at the kiosk, or recorded by the salon. */
  checkedInBy?: 'kiosk' | 'owner';
  /** For booking:cancelled by the payment deadline: the deposit was not paid in time. */
  cancelReason?: 'payment_expired';
}

/** What owners are told when a booking moves: the booking as it is now, and where it was. */
export interface BookingRescheduledAlert extends BookingAlert {
  /** The start before the move. */
  previousStartsAt: string;
  /** The stylist before the move (the same as `staffName` when only the time changed). */
  previousStaffName: string;
  /** Who moved it. */
  rescheduledBy: 'customer' | 'owner';
}

/** Server to client. */
export interface ServerToClientEvents {
  'slot:locked': (e: SlotsLockedEvent) => void;
  'slot:unlocked': (e: SlotsChangedEvent) => void;
  'slot:booked': (e: SlotsChangedEvent) => void;
  'slot:released': (e: SlotsChangedEvent) => void;
  'schedule:presence': (e: PresenceEvent) => void;
  /**
   * The day's slots themselves changed (working hours, breaks, stylists):
   * events cannot say which slots came or went, so take a fresh snapshot
   * (join again).
   */
  'schedule:changed': (e: SalonDay) => void;
  'booking:created': (e: BookingAlert) => void;
  'booking:cancelled': (e: BookingAlert) => void;
  'booking:checked-in': (e: BookingAlert) => void;
  'booking:rescheduled': (e: BookingRescheduledAlert) => void;
  /** To every socket of the waiting customer: a freed time is held for them (a hold, `expiresAt` ends it). */
  'waitlist:offer': (e: WaitlistOffer) => void;
}

/**
 * The join acknowledgement: every slot of the day (locked ones with
 * `expiresAt`), or, when the join named a version the server still knows
 * (`since`), only what changed since that snapshot (`delta`); the watcher
 * count; and the snapshot's `version`, to name on the next join.
 */
export type JoinResult = {
  watching: number;
  /** Identifies this picture of the day (the same content, the same version, on every instance). */
  version: string;
} & ({ slots: Slot[]; delta?: undefined } | { delta: SlotDelta; slots?: undefined });

/** What each command carries. */
export interface CommandPayloads {
  'schedule:join': JoinPayload;
  'schedule:leave': SalonDayPayload;
  'hold:start': HoldStartPayload;
  'hold:heartbeat': HoldTokenPayload;
  'hold:release': HoldTokenPayload;
  'time:sync': TimeSyncPayload;
}

/** What each command's successful acknowledgement carries besides `ok: true`. */
export interface CommandResults {
  'schedule:join': JoinResult;
  'schedule:leave': object;
  'hold:start': Hold;
  'hold:heartbeat': HoldTimes;
  'hold:release': object;
  /** The server's clock: kiosks draw "now" by it, and a missing answer means the connection is dead. */
  'time:sync': { now: string };
}

/** The name of a client command. */
export type CommandName = keyof CommandPayloads;

/** Client to server; every command takes an acknowledgement callback. */
export type ClientToServerEvents = {
  [K in CommandName]: (p: CommandPayloads[K], ack: (r: Ack<CommandResults[K]>) => void) => void;
};

/** Events that go to a salon-day room. */
export type RoomEventName = 'slot:locked' | 'slot:unlocked' | 'slot:booked' | 'slot:released';

/** The room of a salon-local day: `salon:<salonId>:<date>`. */
export function scheduleRoom(salonId: number, date: string): string {
  return `salon:${salonId}:${date}`;
}

/** The room every authenticated socket of one account joins (offers to that customer). */
export function userRoom(userId: number): string {
  return `user:${userId}`;
}

/** The room every socket of one owner joins. */
export function ownerRoom(userId: number): string {
  return `owner:${userId}`;
}
