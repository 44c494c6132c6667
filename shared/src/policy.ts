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
