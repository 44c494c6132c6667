/**
 * Domain events: what services say happened, published after commit by
 * lib/tx.ts. The realtime module turns them into Socket.IO events (locally
 * and, through the bus, on every other instance); the notification module
 * listens for queued notifications.
 */
import type { BookingAlert, BookingRescheduledAlert, WaitlistOffer } from '@glamify/shared';

export type DomainEvent =
  | { type: 'slot:locked'; salonId: number; date: string; slotIds: number[]; expiresAt: string }
  | { type: 'slot:unlocked'; salonId: number; date: string; slotIds: number[] }
  | { type: 'slot:booked'; salonId: number; date: string; slotIds: number[] }
  | { type: 'slot:released'; salonId: number; date: string; slotIds: number[] }
  /** Slots were added or removed (hours, stylists, the horizon moving on): watchers re-read those days. */
  | { type: 'schedule:changed'; salonId: number; dates: string[] }
  | { type: 'booking:created'; ownerId: number; customerId: number | null; alert: BookingAlert }
  | { type: 'booking:cancelled'; ownerId: number; customerId: number | null; alert: BookingAlert }
  | { type: 'booking:checked-in'; ownerId: number; customerId: number | null; alert: BookingAlert }
  | { type: 'booking:rescheduled'; ownerId: number; customerId: number | null; alert: BookingRescheduledAlert }
  /** A freed time is held for a waiting customer: to all of their sockets, on every instance. */
  | { type: 'waitlist:offered'; customerId: number; offer: WaitlistOffer }
  /** Local only: notification records were committed and wait for dispatch. */
  | { type: 'notifications:queued'; ids: number[] }
  /** Local only: a booking awaits its deposit until `dueAt` (the job queue schedules the deadline). */
  | { type: 'payment:due'; bookingId: number; dueAt: string }
  /** Local only: a checkout may take no more money (paid elsewhere, expired, cancelled); the provider is told. */
  | { type: 'payment:closed'; provider: 'demo' | 'stripe'; checkoutRef: string }
  /** Local only: refund records were committed and wait to be sent to the provider. */
  | { type: 'refunds:queued'; ids: number[] }
  /** Local only: the waitlist changed (an entry joined, an offer was declined): look for offers now. */
  | { type: 'waitlist:changed' };

export type Listener = (events: readonly DomainEvent[]) => void;

/** The one publisher. Listeners run synchronously and must not throw. */
export interface EventHub {
  publish(events: readonly DomainEvent[]): void;
  subscribe(listener: Listener): () => void;
}

export function createEventHub(onListenerError: (err: unknown) => void): EventHub {
  const listeners = new Set<Listener>();
  return {
    publish(events) {
      for (const l of listeners) {
        try {
          l(events);
        } catch (err) {
          onListenerError(err);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
