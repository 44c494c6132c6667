/**
 * One error shape for everything the API can answer: problem+json bodies,
 * bodies that are not problem+json, and the network being gone.
 */
import { type Alternative, type ErrorCode, errorStatus, type ProblemDetails } from '@glamify/shared';

/**
 * Codes the client adds for failures the API never answered: no network, or
 * a proxy in front of it answering 502-504.
 */
export type ClientErrorCode = ErrorCode | 'NETWORK_ERROR' | 'UNAVAILABLE';

export class ApiError extends Error {
  readonly code: ClientErrorCode;
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  readonly detail: string;
  readonly field: string | undefined;
  readonly alternatives: Alternative[];
  readonly lockedUntil: string | undefined;

  constructor(init: {
    code: ClientErrorCode;
    status: number;
    detail: string;
    field?: string | undefined;
    alternatives?: Alternative[] | undefined;
    lockedUntil?: string | undefined;
  }) {
    super(init.detail);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.detail = init.detail;
    this.field = init.field;
    this.alternatives = init.alternatives ?? [];
    this.lockedUntil = init.lockedUntil;
  }

  get isNetwork(): boolean {
    return this.code === 'NETWORK_ERROR';
  }
}

function codeForStatus(status: number): ClientErrorCode {
  if (status === 400 || status === 422) return 'VALIDATION_FAILED';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 502 || status === 503 || status === 504) return 'UNAVAILABLE';
  return 'INTERNAL';
}

const fallbackDetail: Record<string, string> = {
  VALIDATION_FAILED: 'Some of the details are not valid.',
  UNAUTHENTICATED: 'Please sign in.',
  FORBIDDEN: 'You are not allowed to do that.',
  NOT_FOUND: 'Not found.',
  RATE_LIMITED: 'Too many attempts. Please wait a minute and try again.',
  UNAVAILABLE: 'The service is unavailable right now. Please try again shortly.',
  INTERNAL: 'Something went wrong on our side. Please try again.',
};

function isAlternative(a: unknown): a is Alternative {
  if (!a || typeof a !== 'object') return false;
  const o = a as Record<string, unknown>;
  return typeof o.slotId === 'number' && typeof o.staffId === 'number' && typeof o.startsAt === 'string';
}

/**
 * Turns a non-2xx answer into an ApiError. Pure: takes the status, the
 * content type and the body text, so it is tested without a server.
 */
export function parseProblem(status: number, contentType: string | null, body: string): ApiError {
  let json: Record<string, unknown> | undefined;
  if (body && /json/i.test(contentType ?? '')) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
    } catch {
      json = undefined;
    }
  }
  const code =
    typeof json?.code === 'string' && /^[A-Z_]+$/.test(json.code) ? (json.code as ErrorCode) : codeForStatus(status);
  const detail =
    (typeof json?.detail === 'string' && json.detail) ||
    (typeof json?.title === 'string' && json.title) ||
    fallbackDetail[code] ||
    fallbackDetail[codeForStatus(status)] ||
    `Request failed (${status}).`;
  return new ApiError({
    code,
    status,
    detail,
    field: typeof json?.field === 'string' ? json.field : undefined,
    alternatives: Array.isArray(json?.alternatives) ? json.alternatives.filter(isAlternative) : [],
    lockedUntil: typeof json?.lockedUntil === 'string' ? json.lockedUntil : undefined,
  });
}

/** A failed socket acknowledgement as the same error an HTTP problem becomes. */
export function ackError(details: ProblemDetails): ApiError {
  return new ApiError({
    code: details.code,
    status: errorStatus[details.code],
    detail: details.detail,
    field: details.field,
    alternatives: details.alternatives,
    lockedUntil: details.lockedUntil,
  });
}

export function networkError(cause?: unknown): ApiError {
  const err = new ApiError({
    code: 'NETWORK_ERROR',
    status: 0,
    detail: "Can't reach Glamify. Check your connection and try again.",
  });
  if (cause !== undefined) Object.defineProperty(err, 'cause', { value: cause });
  return err;
}

/** A message fit for a person, whatever was thrown. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.detail;
  if (err instanceof Error && err.message) return err.message;
  return 'Something went wrong. Please try again.';
}
