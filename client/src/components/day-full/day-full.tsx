/**
 * What the salon page says about a day with no time left for the chosen
 * service: full, closed, or over for today, and the first day that has one.
 * A full day is also where the waitlist is offered: `children` (the
 * waitlist's join) shows on a full day only.
 */
import type { DayStatus, Service } from '@glamify/shared';
import type { ComponentChildren } from 'preact';
import { dayLabel } from '../../lib/format';

export interface DayFullProps {
  service: Service;
  /** The chosen stylist's name; undefined for any stylist. */
  stylistName: string | undefined;
  date: string;
  /** What the day is: full (the default when unknown), closed, or over (today, late). */
  status: DayStatus | undefined;
  /** The next day with free times, when there is one in view. */
  nextFree: string | undefined;
  onPickDay: (date: string) => void;
  /** Shown on a full day: what can be done about it (the waitlist). */
  children?: ComponentChildren;
}

export function DayFull({ service, stylistName, date, status, nextFree, onPickDay, children }: DayFullProps) {
  const title =
    status === 'closed'
      ? `Closed on ${dayLabel(date)}`
      : status === 'over'
        ? 'No more times today'
        : `Fully booked on ${dayLabel(date)}`;
  const detail =
    status === 'closed'
      ? stylistName
        ? `${stylistName} does not work that day.`
        : 'The salon is closed that day.'
      : status === 'over'
        ? 'The times left today have passed or are too soon to book.'
        : `${stylistName ? `${stylistName} has no free time` : 'No stylist has a free time'} for ${service.name} that day.`;
  return (
    <div class={`state state--empty day-full day-full--${status ?? 'full'}`} data-day-status={status ?? 'full'}>
      <p class="state__title">{title}</p>
      <p>{detail}</p>
      {(status ?? 'full') === 'full' && children}
      {nextFree ? (
        <button type="button" class="btn btn--secondary" onClick={() => onPickDay(nextFree)}>
          First free day: {dayLabel(nextFree)}
        </button>
      ) : (
        <p class="muted">No free times in the next two weeks{stylistName ? ' — try any stylist' : ''}.</p>
      )}
    </div>
  );
}
