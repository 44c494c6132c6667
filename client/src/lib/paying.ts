/**
 * Leaving the app to pay a deposit, and finding the way back: the checkout
 * notes which booking this tab left to pay for, so the browser's back button
 * leads to that booking's payment page rather than to a new hold.
 */
import type { Booking } from '@glamify/shared';

/**
 * After booking: when the booking awaits its deposit, leaves for the checkout
 * (a page of the server, then the provider's, which sends the customer back
 * to /bookings/:id/payment) and answers true.
 */
export function leaveToPay(booking: Booking, slotId: number, serviceId: number): boolean {
  const url = booking.status === 'PENDING' ? booking.payment?.checkoutUrl : null;
  if (!url) return false;
  try {
    // Coming back to this checkout (the browser's back button) then means the payment page, not a new hold.
    sessionStorage.setItem(payingKey(slotId, serviceId), String(booking.id));
  } catch {
    // No storage: the way back shows the checkout again, which is only less convenient.
  }
  window.location.assign(url);
  return true;
}

const payingKey = (slotId: number, serviceId: number) => `glamify.paying.${slotId}.${serviceId}`;

/** The booking this tab left to pay for from this checkout, if any (`forget` drops the note). */
export function payingFor(slotId: number, serviceId: number, forget = false): number | undefined {
  try {
    const key = payingKey(slotId, serviceId);
    const id = Number(sessionStorage.getItem(key));
    if (forget) sessionStorage.removeItem(key);
    return Number.isInteger(id) && id > 0 ? id : undefined;
  } catch {
    return undefined;
  }
}
