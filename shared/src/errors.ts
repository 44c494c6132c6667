/**
 * Stable, machine-readable error codes. Every problem+json body and every
 * failed socket acknowledgement carries one of these in `code`.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  SALON_NOT_FOUND: 'SALON_NOT_FOUND',
  SERVICE_NOT_FOUND: 'SERVICE_NOT_FOUND',
  SLOT_NOT_FOUND: 'SLOT_NOT_FOUND',
  SLOT_BOOKED: 'SLOT_BOOKED',
  SLOT_LOCKED: 'SLOT_LOCKED',
  LOCK_EXPIRED: 'LOCK_EXPIRED',
  LOCK_NOT_HELD: 'LOCK_NOT_HELD',
  BOOKING_NOT_FOUND: 'BOOKING_NOT_FOUND',
  BOOKING_ALREADY_CANCELLED: 'BOOKING_ALREADY_CANCELLED',
  BOOKING_COMPLETED: 'BOOKING_COMPLETED',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  RATE_LIMITED: 'RATE_LIMITED',
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  /** Completing or marking a no-show before the booking has started. */
  BOOKING_NOT_STARTED: 'BOOKING_NOT_STARTED',
  /** Checking in outside the booking's check-in window (it opens before the start and closes at the end). */
  CHECK_IN_CLOSED: 'CHECK_IN_CLOSED',
  /** A kiosk check-in whose code matches neither the booking code nor the last digits of the guest's phone. */
  CHECK_IN_CODE_INVALID: 'CHECK_IN_CODE_INVALID',
  /** A kiosk pairing code that is unknown, already used, revoked or expired. */
  PAIRING_CODE_INVALID: 'PAIRING_CODE_INVALID',
  /** The deposit's deadline has passed (or the booking is no longer awaiting payment). */
  PAYMENT_EXPIRED: 'PAYMENT_EXPIRED',
  /** A payment webhook whose signature does not verify: not from the provider, altered, or too old. */
  WEBHOOK_SIGNATURE_INVALID: 'WEBHOOK_SIGNATURE_INVALID',
  /** A customer's change (a reschedule) inside the salon's free-cancellation window; owners are not bound by it. */
  POLICY_WINDOW_CLOSED: 'POLICY_WINDOW_CLOSED',
  /** A waitlist offer's token after the offer ended (expired, declined, passed on). */
  OFFER_EXPIRED: 'OFFER_EXPIRED',
  /** No such waitlist entry of yours. */
  WAITLIST_ENTRY_NOT_FOUND: 'WAITLIST_ENTRY_NOT_FOUND',
  /** Server-side failure; the detail never carries internals. */
  INTERNAL: 'INTERNAL',
} as const;

/** Union of every error code. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** HTTP status each code maps to (one table, used by the server's error handler). */
export const errorStatus: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SALON_NOT_FOUND: 404,
  SERVICE_NOT_FOUND: 404,
  SLOT_NOT_FOUND: 404,
  SLOT_BOOKED: 409,
  SLOT_LOCKED: 409,
  LOCK_EXPIRED: 409,
  LOCK_NOT_HELD: 409,
  BOOKING_NOT_FOUND: 404,
  BOOKING_ALREADY_CANCELLED: 409,
  BOOKING_COMPLETED: 409,
  INVALID_TRANSITION: 409,
  RATE_LIMITED: 429,
  EMAIL_TAKEN: 409,
  INVALID_CREDENTIALS: 401,
  BOOKING_NOT_STARTED: 409,
  CHECK_IN_CLOSED: 409,
  CHECK_IN_CODE_INVALID: 403,
  PAIRING_CODE_INVALID: 400,
  PAYMENT_EXPIRED: 409,
  WEBHOOK_SIGNATURE_INVALID: 400,
  POLICY_WINDOW_CLOSED: 409,
  OFFER_EXPIRED: 409,
  WAITLIST_ENTRY_NOT_FOUND: 404,
  INTERNAL: 500,
};

/** A nearby free start time offered with a 409, so the customer can re-pick in one tap. */
export interface Alternative {
  slotId: number;
  staffId: number;
  startsAt: string;
}

/**
 * What a failure says, over HTTP (inside the problem+json body) and over the
 * socket (inside a failed acknowledgement) alike.
 */
export interface ProblemDetails {
  code: ErrorCode;
  /** For people; never internals. */
  detail: string;
  /** The request field that failed validation, when there is one. */
  field?: string;
  /** For SLOT_LOCKED: when the blocking hold ends. */
  lockedUntil?: string;
  /**
   * For SLOT_LOCKED and SLOT_BOOKED, always present: the nearest free starts
   * of the stylist asked for first, then the same time with other stylists.
   */
  alternatives?: Alternative[];
}

/** RFC 9457 problem details as Glamify sends them. */
export interface Problem extends ProblemDetails {
  type: string;
  title: string;
  status: number;
}
