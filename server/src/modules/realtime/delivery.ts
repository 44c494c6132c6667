/**
 * Turns committed domain events into Socket.IO events. Room events go to the
 * salon-day room (no customer data there); booking alerts go only to the
 * salon owner's own sockets, waitlist offers only to the customer's.
 */
import { ownerRoom, scheduleRoom, userRoom } from '@glamify/shared';
import type { Server } from 'socket.io';
import type { DomainEvent } from '../../lib/events.ts';

/** Events other instances must see too. */
export function isRelayed(e: DomainEvent): boolean {
  return (
    e.type.startsWith('slot:') ||
    e.type.startsWith('booking:') ||
    e.type === 'schedule:changed' ||
    e.type === 'waitlist:offered'
  );
}

export function deliver(io: Server, e: DomainEvent): void {
  switch (e.type) {
    case 'slot:locked':
      io.to(scheduleRoom(e.salonId, e.date)).emit(e.type, {
        salonId: e.salonId,
        date: e.date,
        slotIds: e.slotIds,
        expiresAt: e.expiresAt,
      });
      return;
    case 'slot:unlocked':
    case 'slot:booked':
    case 'slot:released':
      io.to(scheduleRoom(e.salonId, e.date)).emit(e.type, { salonId: e.salonId, date: e.date, slotIds: e.slotIds });
      return;
    case 'schedule:changed':
      for (const date of e.dates) io.to(scheduleRoom(e.salonId, date)).emit(e.type, { salonId: e.salonId, date });
      return;
    case 'booking:created':
    case 'booking:cancelled':
    case 'booking:checked-in':
      io.to(ownerRoom(e.ownerId)).emit(e.type, e.alert);
      return;
    case 'waitlist:offered':
      io.to(userRoom(e.customerId)).emit('waitlist:offer', e.offer);
      return;
    case 'booking:rescheduled':
      io.to(ownerRoom(e.ownerId)).emit(e.type, e.alert);
      return;
    default:
      return;
  }
}
