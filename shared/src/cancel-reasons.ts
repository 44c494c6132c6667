/** Cancellation reasons (contract: POST /bookings/:id/cancel). No schemas here: the client bundles this. */

/**
 * Why a salon cancels, as its customer reads it. Fixed wording: an owner
 * never writes free text to anyone from Glamify's address. An owner's reason
 * off this list is kept as the salon's own note (the contract takes any
 * string) and the customer reads none; a customer's own reason, to the
 * salon, is free text.
 */
export const SALON_CANCEL_REASONS = ['stylist_unavailable', 'salon_closed', 'customer_asked', 'other'] as const;
/** stylist_unavailable | salon_closed | customer_asked | other */
export type SalonCancelReason = (typeof SALON_CANCEL_REASONS)[number];
/** What the customer reads for each salon reason (mail, push, their bookings) and the owner sees. */
export const SALON_CANCEL_REASON_TEXT: Record<SalonCancelReason, string> = {
  stylist_unavailable: 'Your stylist is not available at that time.',
  salon_closed: 'The salon is closed at that time.',
  customer_asked: 'You asked the salon to cancel it.',
  other: 'The salon cannot keep the appointment.',
};
/** The reader's text for a salon's reason; null for anything else (a customer's words, or none). */
export function salonCancelReasonText(reason: string | null | undefined): string | null {
  return reason && Object.hasOwn(SALON_CANCEL_REASON_TEXT, reason)
    ? SALON_CANCEL_REASON_TEXT[reason as SalonCancelReason]
    : null;
}
