import { describe, expect, it } from 'vitest';
import { ApiError, messageOf, networkError, parseProblem } from '../src/lib/api-error';

describe('parseProblem', () => {
  it('reads a problem+json body with field, alternatives and lockedUntil', () => {
    const body = JSON.stringify({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'This time is being booked by someone else',
      code: 'SLOT_LOCKED',
      field: 'slotId',
      lockedUntil: '2026-12-01T10:05:00Z',
      alternatives: [
        { slotId: 12, staffId: 3, startsAt: '2026-12-01T10:30:00+01:00' },
        { slotId: 'bad', staffId: 3, startsAt: 'x' },
      ],
    });
    const err = parseProblem(409, 'application/problem+json; charset=utf-8', body);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('SLOT_LOCKED');
    expect(err.status).toBe(409);
    expect(err.detail).toBe('This time is being booked by someone else');
    expect(err.field).toBe('slotId');
    expect(err.lockedUntil).toBe('2026-12-01T10:05:00Z');
    expect(err.alternatives).toEqual([{ slotId: 12, staffId: 3, startsAt: '2026-12-01T10:30:00+01:00' }]);
    expect(err.isNetwork).toBe(false);
  });

  it('names the field of a validation error', () => {
    const err = parseProblem(
      400,
      'application/problem+json',
      JSON.stringify({
        title: 'Bad Request',
        status: 400,
        detail: 'email must be an email',
        code: 'VALIDATION_FAILED',
        field: 'email',
      }),
    );
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.field).toBe('email');
    expect(err.alternatives).toEqual([]);
  });

  it('falls back to a code by status when the body is not JSON', () => {
    const err = parseProblem(502, 'text/html', '<html>Bad gateway</html>');
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.status).toBe(502);
    expect(err.detail).toMatch(/unavailable/i);
    expect(err.field).toBeUndefined();
  });

  it('survives a JSON content type with a broken body, and uses the title when there is no detail', () => {
    expect(parseProblem(401, 'application/json', '{oops').code).toBe('UNAUTHENTICATED');
    const titled = parseProblem(
      404,
      'application/problem+json',
      JSON.stringify({ title: 'Salon not found', code: 'SALON_NOT_FOUND' }),
    );
    expect(titled.code).toBe('SALON_NOT_FOUND');
    expect(titled.detail).toBe('Salon not found');
  });

  it('ignores a code that is not a plain constant', () => {
    const err = parseProblem(429, 'application/json', JSON.stringify({ code: '<script>' }));
    expect(err.code).toBe('RATE_LIMITED');
  });
});

describe('networkError and messageOf', () => {
  it('marks failures that never reached the server', () => {
    const err = networkError(new TypeError('Failed to fetch'));
    expect(err.code).toBe('NETWORK_ERROR');
    expect(err.status).toBe(0);
    expect(err.isNetwork).toBe(true);
    expect(messageOf(err)).toMatch(/connection/);
  });

  it('gives a human message for anything thrown', () => {
    expect(messageOf(new Error('boom'))).toBe('boom');
    expect(messageOf('???')).toMatch(/went wrong/);
  });
});
