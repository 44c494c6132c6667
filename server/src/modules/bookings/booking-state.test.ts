import type { BookingStatus } from '@glamify/shared';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { assertTransition } from './booking-state.ts';

const all: BookingStatus[] = ['PENDING', 'CONFIRMED', 'COMPLETED', 'NO_SHOW', 'CANCELLED'];
const legal = new Set([
  'PENDING>CONFIRMED',
  'PENDING>CANCELLED',
  'CONFIRMED>COMPLETED',
  'CONFIRMED>NO_SHOW',
  'CONFIRMED>CANCELLED',
]);

describe('booking state machine', () => {
  for (const from of all) {
    for (const to of all) {
      const ok = legal.has(`${from}>${to}`);
      it(`${from} -> ${to} is ${ok ? 'allowed' : 'refused'}`, () => {
        if (ok) expect(() => assertTransition(from, to)).not.toThrow();
        else {
          const err = (() => {
            try {
              assertTransition(from, to);
            } catch (e) {
              return e as AppError;
            }
            throw new Error('expected a refusal');
          })();
          expect(err).toBeInstanceOf(AppError);
          expect(err.status).toBe(409);
          const code =
            from === 'CANCELLED'
              ? 'BOOKING_ALREADY_CANCELLED'
              : from === 'COMPLETED'
                ? 'BOOKING_COMPLETED'
                : 'INVALID_TRANSITION';
          expect(err.code).toBe(code);
        }
      });
    }
  }
});
