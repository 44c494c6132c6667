/**
 * The salon policy's time window, the same on both sides: the PWA tells the
 * customer until when a change is free, the server decides by the same rule.
 */

/** The instant the free-cancellation (and free-reschedule) window closes. */
export function freeChangeEndsAt(startsAt: string | Date, freeCancellationHours: number): Date {
  return new Date(new Date(startsAt).getTime() - freeCancellationHours * 3_600_000);
}

/** True while a customer may still cancel or reschedule without a fee. */
export function isFreeChange(startsAt: string | Date, freeCancellationHours: number, now: Date): boolean {
  return now.getTime() < freeChangeEndsAt(startsAt, freeCancellationHours).getTime();
}

/** Check-in opens this long before the start, and closes when the services end. */
export const CHECK_IN_OPENS_MS = 2 * 60 * 60 * 1000;

/**
 * True while a customer may check in: the server decides by it, and the
 * console and the kiosk offer check-in by the same rule.
 */
export function isCheckInWindow(startsAt: string | Date, endsAt: string | Date, now: Date | number): boolean {
  const t = typeof now === 'number' ? now : now.getTime();
  return t >= new Date(startsAt).getTime() - CHECK_IN_OPENS_MS && t < new Date(endsAt).getTime();
}
