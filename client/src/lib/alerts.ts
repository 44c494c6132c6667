/**
 * Owner alerts: booking:created / booking:cancelled / booking:rescheduled /
 * booking:checked-in from the socket, kept as a short toast list that
 * empties itself (each toast goes after TOAST_MS, unless the owner is
 * reading it) and, when the tab is hidden, shown as a system notification
 * (tagged like the Web Push one for the same event, so a device with both
 * shows it once).
 */
import type { BookingAlert, BookingRescheduledAlert } from '@glamify/shared';
import { whenLabel } from './format';
import { salonById } from './salon-cache';
import { session } from './session';
import { type AlertKind, onBookingAlert } from './socket';
import { createStore } from './store';

/** How long a toast stays, unless hovered or focused. */
export const TOAST_MS = 8000;

export interface Toast {
  id: number;
  kind: AlertKind;
  alert: BookingAlert | BookingRescheduledAlert;
  /** The salon's time zone, to show the start as the salon's wall clock. */
  timezone: string | undefined;
  at: number;
}

export const toasts = createStore<readonly Toast[]>([]);
let nextId = 1;

export function dismissToast(id: number): void {
  toasts.update((list) => list.filter((t) => t.id !== id));
}

function timeLabel(instant: string, timezone?: string): string {
  if (Number.isNaN(Date.parse(instant))) return instant;
  return timezone
    ? whenLabel(instant, timezone)
    : new Date(instant).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function alertText(
  kind: AlertKind,
  a: BookingAlert | BookingRescheduledAlert,
  timezone?: string,
): { title: string; body: string } {
  const time = timeLabel(a.startsAt, timezone);
  const services = a.services.join(', ');
  if (kind === 'rescheduled' && 'previousStartsAt' in a) {
    return {
      title: `Booking moved${a.rescheduledBy === 'owner' ? ' by the salon' : ' by the customer'}`,
      body: `${a.customerName} — ${services} with ${a.staffName}, now ${time} (was ${timeLabel(a.previousStartsAt, timezone)})`,
    };
  }
  if (kind === 'created') {
    return {
      title: `New booking at ${a.salonName}`,
      body: `${a.customerName} — ${services} with ${a.staffName}, ${time}`,
    };
  }
  if (kind === 'checked-in') {
    return {
      title: `${a.customerName} has arrived`,
      body: `Checked in${a.checkedInBy === 'kiosk' ? ' at the kiosk' : ''} for ${services} with ${a.staffName}, ${time}`,
    };
  }
  const by = a.cancelledBy === 'owner' ? ' by the salon' : a.cancelledBy === 'customer' ? ' by the customer' : '';
  return {
    title: a.cancelReason === 'payment_expired' ? 'Booking released: deposit not paid' : `Booking cancelled${by}`,
    body: `${a.customerName} — ${services} with ${a.staffName}, ${time} (${a.salonName})`,
  };
}

async function systemNotify(kind: AlertKind, a: BookingAlert, timezone?: string): Promise<void> {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  if (document.visibilityState !== 'hidden') return;
  const { title, body } = alertText(kind, a, timezone);
  // The Web Push twin of this alert carries the same tag (`booking-<id>-booking_<kind>`).
  const options: NotificationOptions = {
    body,
    tag: `booking-${a.bookingId}-booking_${kind.replace('-', '_')}`,
    icon: '/icons/icon-192.png',
  };
  try {
    // Mobile browsers only allow notifications through the service worker.
    const reg = await navigator.serviceWorker?.getRegistration();
    if (reg) await reg.showNotification(title, options);
    else new Notification(title, options);
  } catch {
    // Notifications are a bonus; the in-app toast is already there.
  }
}

/** Listens for alerts while an owner is signed in. */
export function startOwnerAlerts(): () => void {
  let stop: (() => void) | undefined;
  const sync = () => {
    const isOwner = session.get()?.user.role === 'owner';
    if (isOwner && !stop) {
      stop = onBookingAlert((kind, alert) => {
        void salonById(alert.salonId)
          .then((s) => s.timezone)
          .catch(() => undefined)
          .then((timezone) => {
            toasts.update((list) => [{ id: nextId++, kind, alert, timezone, at: Date.now() }, ...list].slice(0, 5));
            void systemNotify(kind, alert, timezone);
          });
      });
    } else if (!isOwner && stop) {
      stop();
      stop = undefined;
      toasts.set([]);
    }
  };
  const unsubscribe = session.subscribe(sync);
  sync();
  return () => {
    unsubscribe();
    stop?.();
  };
}
