import type { WorkingHours } from '@glamify/shared';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { checkWorkingHours } from './working-hours.ts';

const day = (over: Partial<WorkingHours> = {}): WorkingHours => ({
  weekday: 1,
  staffId: null,
  opens: '09:00',
  closes: '18:00',
  breaks: [],
  ...over,
});

function fieldOf(hours: WorkingHours[], staff = new Set([7])): string | undefined {
  try {
    checkWorkingHours(hours, staff);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('VALIDATION_FAILED');
    return (err as AppError).extras.field;
  }
}

describe('checkWorkingHours', () => {
  it('accepts a sensible week with salon and stylist rows', () => {
    const week = [
      day({
        breaks: [
          { starts: '12:00', ends: '13:00' },
          { starts: '15:00', ends: '15:15' },
        ],
      }),
      day({
        weekday: 2,
        breaks: [
          { starts: '09:00', ends: '09:30' },
          { starts: '17:30', ends: '18:00' },
        ],
      }),
      day({ weekday: 1, staffId: 7, opens: '10:00', closes: '14:00' }),
    ];
    expect(fieldOf(week)).toBeUndefined();
    expect(fieldOf([])).toBeUndefined();
  });

  it.each([
    ['closing before opening', [day(), day({ weekday: 2, opens: '18:00', closes: '09:00' })], 'hours/1/closes'],
    ['closing at opening', [day({ opens: '09:00', closes: '09:00' })], 'hours/0/closes'],
    ['a malformed time', [day({ opens: '9:00' })], 'hours/0/opens'],
    ['a break before opening', [day({ breaks: [{ starts: '08:30', ends: '09:30' }] })], 'hours/0/breaks/0'],
    ['a break after closing', [day({ breaks: [{ starts: '17:30', ends: '18:30' }] })], 'hours/0/breaks/0'],
    ['a backwards break', [day({ breaks: [{ starts: '13:00', ends: '12:00' }] })], 'hours/0/breaks/0'],
    [
      'overlapping breaks',
      [
        day({
          breaks: [
            { starts: '12:00', ends: '13:00' },
            { starts: '12:30', ends: '13:30' },
          ],
        }),
      ],
      'hours/0/breaks/1',
    ],
    [
      'overlapping breaks given out of order',
      [
        day({
          breaks: [
            { starts: '15:00', ends: '16:00' },
            { starts: '10:00', ends: '11:00' },
            { starts: '10:30', ends: '10:45' },
          ],
        }),
      ],
      'hours/0/breaks/2',
    ],
    ['a duplicate salon weekday', [day(), day({ weekday: 3 }), day()], 'hours/2/weekday'],
    ['a duplicate stylist weekday', [day({ staffId: 7 }), day({ staffId: 7 })], 'hours/1/weekday'],
    ['a stylist of another salon', [day(), day({ staffId: 8 })], 'hours/1/staffId'],
  ])('rejects %s, naming the field', (_name, hours, field) => {
    expect(fieldOf(hours)).toBe(field);
  });

  it('lets breaks touch without overlapping', () => {
    expect(
      fieldOf([
        day({
          breaks: [
            { starts: '12:00', ends: '12:30' },
            { starts: '12:30', ends: '13:00' },
          ],
        }),
      ]),
    ).toBeUndefined();
  });
});
