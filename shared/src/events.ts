/**
 * The realtime contract: Socket.IO event maps both sides compile against.
 * Commands (client to server) are in the present tense and always take an
 * acknowledgement; broadcasts (server to client) are in the past tense.
 */

import type { Slot } from './dto.ts';
import type { ErrorCode } from './errors.ts';

/** Sent by clients in the handshake `auth`; the server refuses other majors. */
export const PROTOCOL_VERSION = 1;

/** A failed acknowledgement: only known codes reach clients. */
export interface AckError {
  ok: false;
  code: ErrorCode;
  /** For SLOT_LOCKED: when the blocking hold ends. */
  lockedUntil?: string;
}
/** An acknowledgement: success with a payload, or a known error code. */
export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;

/** A salon-local day. */
export interface SalonDay {
  salonId: number;
  /** Salon-local date, YYYY-MM-DD. */
  date: string;
}

export interface SlotsLockedEvent extends SalonDay {
  slotIds: number[];
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
  customerName: string;
  services: string[];
  staffName: string;
  startsAt: string;
  endsAt: string;
  /** For booking:cancelled: who cancelled. */
  cancelledBy?: 'customer' | 'owner';
}

/** Server to client. */
export interface ServerToClientEvents {
  'slot:locked': (e: SlotsLockedEvent) => void;
  'slot:unlocked': (e: SlotsChangedEvent) => void;
  'slot:booked': (e: SlotsChangedEvent) => void;
  'slot:released': (e: SlotsChangedEvent) => void;
  'schedule:presence': (e: PresenceEvent) => void;
  'booking:created': (e: BookingAlert) => void;
  'booking:cancelled': (e: BookingAlert) => void;
}

/** Client to server; every command takes an acknowledgement callback. */
export interface ClientToServerEvents {
  'schedule:join': (p: SalonDay, ack: (r: Ack<{ slots: Slot[]; watching: number }>) => void) => void;
  'schedule:leave': (p: SalonDay, ack: (r: Ack) => void) => void;
  'hold:start': (
    p: { slotId: number; serviceId: number },
    ack: (r: Ack<{ lockToken: string; slotIds: number[]; expiresAt: string }>) => void,
  ) => void;
  'hold:heartbeat': (p: { lockToken: string }, ack: (r: Ack<{ expiresAt: string }>) => void) => void;
  'hold:release': (p: { lockToken: string }, ack: (r: Ack) => void) => void;
}

/** Events that go to a salon-day room. */
export type RoomEventName = 'slot:locked' | 'slot:unlocked' | 'slot:booked' | 'slot:released';

/** The room of a salon-local day: `salon:<salonId>:<date>`. */
export function scheduleRoom(salonId: number, date: string): string {
  return `salon:${salonId}:${date}`;
}

/** The room every socket of one owner joins. */
export function ownerRoom(userId: number): string {
  return `owner:${userId}`;
}
