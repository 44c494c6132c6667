/**
 * The one error type of the server. Services throw AppError with a code from
 * the shared list; the HTTP error handler and the socket wrapper translate it.
 */
import { type Alternative, ErrorCode, errorStatus, type ProblemDetails } from '@glamify/shared';

export interface AppErrorExtras {
  field?: string;
  lockedUntil?: string;
  alternatives?: Alternative[];
  /** For RATE_LIMITED: sent as the Retry-After header, not in the body. */
  retryAfterSeconds?: number;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly extras: AppErrorExtras;

  /** `status` overrides the code's usual HTTP status (422, 413, 415 share VALIDATION_FAILED). */
  constructor(code: ErrorCode, detail: string, extras: AppErrorExtras = {}, status?: number) {
    super(detail);
    this.name = 'AppError';
    this.code = code;
    this.status = status ?? errorStatus[code];
    this.extras = extras;
  }

  /** What both transports send: the problem body's fields, the socket ack's fields (Retry-After is a header). */
  details(): ProblemDetails {
    const { retryAfterSeconds: _header, ...extras } = this.extras;
    return { code: this.code, detail: this.message, ...extras };
  }
}

/** One failure of a JSON-schema validator (ajv and TypeBox report alike). */
export interface SchemaIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  /** ajv: missingProperty / additionalProperty; TypeBox: requiredProperties / additionalProperties. */
  params?: object;
}

interface FieldParams {
  missingProperty?: string;
  additionalProperty?: string;
  requiredProperties?: string[];
  additionalProperties?: string[];
}

/** Names the field a schema failure is about: `name`, `breaks/0/starts`, `limit`. */
function fieldOf(e: SchemaIssue, whole: string): string {
  const base = (e.instancePath ?? '').replace(/^\//, '');
  const p = e.params as FieldParams | undefined;
  const extra =
    p?.missingProperty ?? p?.additionalProperty ?? p?.requiredProperties?.[0] ?? p?.additionalProperties?.[0];
  return [base, extra].filter(Boolean).join('/') || whole;
}

/** A 400 naming the field of the first schema failure; `context` is where it was (body, querystring, payload). */
export function schemaError(issues: readonly SchemaIssue[], context: string): AppError {
  // TypeBox reports `additionalProperties: false` twice; the named one is the useful one.
  const first = issues.find((e) => e.keyword !== 'boolean') ?? issues[0] ?? {};
  // A socket payload that is wrong as a whole is the "payload"; an HTTP one the "body".
  const field = fieldOf(first, context === 'payload' ? 'payload' : 'body');
  const detail =
    first.keyword === 'additionalProperties'
      ? `Unknown field "${field}" in ${context}`
      : first.keyword === 'required'
        ? `Missing field "${field}" in ${context}`
        : `Field "${field}" in ${context} ${first.message ?? 'is invalid'}`;
  return new AppError(ErrorCode.VALIDATION_FAILED, detail, { field });
}

/** Shorthands for the most common errors. */
export const notFound = (code: ErrorCode, what: string) => new AppError(code, `${what} was not found`);
export const forbidden = (detail = 'You may not do this') => new AppError(ErrorCode.FORBIDDEN, detail);
export const invalid = (field: string, detail: string) => new AppError(ErrorCode.VALIDATION_FAILED, detail, { field });

interface PgError {
  code?: string;
  constraint?: string;
}

/** PostgreSQL SQLSTATEs worth retrying: serialization failure, deadlock. */
export function isRetryable(err: unknown): boolean {
  const code = pgCode(err);
  return code === '40001' || code === '40P01';
}

/** The SQLSTATE of a driver error, looking through MikroORM's wrappers. */
export function pgCode(err: unknown): string | undefined {
  let e = err as (PgError & { cause?: unknown; previous?: unknown }) | undefined;
  for (let i = 0; e && i < 4; i++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = (e.previous ?? e.cause) as typeof e;
  }
  return undefined;
}

/** The constraint name of a driver error, looking through wrappers. */
export function pgConstraint(err: unknown): string | undefined {
  let e = err as (PgError & { cause?: unknown; previous?: unknown }) | undefined;
  for (let i = 0; e && i < 4; i++) {
    if (e.constraint) return e.constraint;
    e = (e.previous ?? e.cause) as typeof e;
  }
  return undefined;
}

/**
 * Turns a database error that means "the data says no" into an AppError.
 * The constraints named here are the last line of defence behind the
 * application's checks.
 */
export function fromDatabaseError(err: unknown): AppError | undefined {
  const code = pgCode(err);
  const constraint = pgConstraint(err);
  if (code === '23P01' && constraint === 'bookings_no_overlap') {
    return new AppError(ErrorCode.SLOT_BOOKED, 'That time was just booked by someone else');
  }
  if (code === '23505' && constraint === 'slot_locks_slot_id_key') {
    return new AppError(ErrorCode.SLOT_LOCKED, 'Someone else is holding that time');
  }
  if (code === '23505' && constraint === 'users_email_lower_key') {
    return new AppError(ErrorCode.EMAIL_TAKEN, 'An account with this email already exists', { field: 'email' });
  }
  if (code === '23514' && (constraint === 'bookings_final_status' || constraint === 'bookings_deposit_paid')) {
    return new AppError(
      ErrorCode.INVALID_TRANSITION,
      constraint === 'bookings_final_status'
        ? 'This booking has reached a final state'
        : 'This booking is not confirmed until its deposit is paid',
    );
  }
  if (code === '55P03') {
    return new AppError(ErrorCode.SLOT_LOCKED, 'Someone else is booking that time right now');
  }
  if (code === '22P02' || code === '22007' || code === '22008' || code === '22003') {
    return new AppError(ErrorCode.VALIDATION_FAILED, 'A value is out of range or malformed');
  }
  return undefined;
}

/**
 * Any thrown error as an AppError, for every transport: known errors as they
 * are, database refusals by constraint, schema failures naming the field,
 * and anything else as INTERNAL (whose detail never carries internals).
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const v = err as { validation?: SchemaIssue[]; validationContext?: string } | undefined;
  if (v?.validation && v.validation.length > 0) return schemaError(v.validation, v.validationContext ?? 'request');
  return (
    fromDatabaseError(err) ?? new AppError(ErrorCode.INTERNAL, 'Something went wrong on our side; please try again')
  );
}
