/**
 * The one place errors become HTTP answers: RFC 9457 problem+json with a
 * stable `code`. 5xx answers never carry internals; the log does.
 */
import { ErrorCode, type Problem } from '@glamify/shared';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, toAppError } from '../errors.ts';

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function sendProblem(reply: FastifyReply, err: AppError): FastifyReply {
  const { retryAfterSeconds } = err.extras;
  const body: Problem = {
    type: `https://glamify.app/problems/${err.code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[err.status] ?? 'Error',
    status: err.status,
    ...err.details(),
  };
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
  return reply.status(err.status).type('application/problem+json').send(body);
}

/**
 * An HTTP-layer failure as an AppError: Fastify's own body and media-type
 * errors first, then the transport-neutral mapping (AppError, schema
 * failures, database refusals, INTERNAL).
 */
export function httpError(err: FastifyError | Error): AppError {
  const fe = err as FastifyError;
  if (err instanceof AppError || (fe as { validation?: unknown }).validation) return toAppError(err);
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(ErrorCode.VALIDATION_FAILED, 'The request body is not valid JSON', { field: 'body' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(ErrorCode.VALIDATION_FAILED, 'The request body is too large', { field: 'body' }, 413);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(ErrorCode.VALIDATION_FAILED, 'Send JSON (application/json)', { field: 'body' }, 415);
  }
  if (fe.code?.startsWith('FST_JWT_')) return new AppError(ErrorCode.UNAUTHENTICATED, 'Sign in to do this');
  if (fe.statusCode === 429) return new AppError(ErrorCode.RATE_LIMITED, 'Too many attempts; wait a minute');
  const mapped = toAppError(err);
  if (mapped.code === ErrorCode.INTERNAL && fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError(ErrorCode.VALIDATION_FAILED, fe.message, {}, fe.statusCode);
  }
  return mapped;
}

/** The problem+json schema routes reference as `Problem#` in their error responses. */
export const ProblemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', enum: Object.values(ErrorCode) },
    field: { type: 'string' },
    lockedUntil: { type: 'string', format: 'date-time' },
    alternatives: {
      type: 'array',
      items: {
        type: 'object',
        properties: { slotId: { type: 'integer' }, staffId: { type: 'integer' }, startsAt: { type: 'string' } },
      },
    },
  },
  required: ['type', 'title', 'status', 'detail', 'code'],
} as const;

export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.addSchema(ProblemSchema);
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const mapped = httpError(err);
    if (mapped.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: mapped.code, detail: mapped.message }, 'request rejected');
    return sendProblem(reply, mapped);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      new AppError(ErrorCode.NOT_FOUND, `No route for ${request.method} ${request.url.split('?')[0]}`),
    ),
  );
});
