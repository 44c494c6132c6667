/** The week around the shown day: previous and next week, each day one click away, and back to today. */
import { addDays } from '@glamify/shared';
import { dayLabel } from '../../../lib/format';

/** Monday of the week a YYYY-MM-DD date falls in. */
export function mondayOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

export function WeekStrip({ date, today, onPick }: { date: string; today: string; onPick: (date: string) => void }) {
  const monday = mondayOf(date);
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  return (
    <nav class="week" aria-label="Week">
      <button
        type="button"
        class="btn btn--ghost btn--small"
        onClick={() => onPick(addDays(date, -7))}
        aria-label="Previous week"
      >
        ‹ Week
      </button>
      <ol class="week__days">
        {days.map((d) => (
          <li key={d}>
            <button
              type="button"
              class={`week__day${d === date ? ' is-shown' : ''}${d === today ? ' is-today' : ''}`}
              aria-current={d === date ? 'date' : undefined}
              onClick={() => onPick(d)}
            >
              <span class="week__weekday">{dayLabel(d, { weekday: 'short', day: undefined, month: undefined })}</span>{' '}
              <span class="week__date">{dayLabel(d, { weekday: undefined, day: 'numeric', month: undefined })}</span>
              <span class="visually-hidden">
                {` ${dayLabel(d, { weekday: undefined, day: undefined, month: 'long' })}${d === today ? ', today' : ''}`}
              </span>
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        class="btn btn--ghost btn--small"
        onClick={() => onPick(addDays(date, 7))}
        aria-label="Next week"
      >
        Week ›
      </button>
      {date !== today && (
        <button type="button" class="btn btn--secondary btn--small" onClick={() => onPick(today)}>
          Today
        </button>
      )}
    </nav>
  );
}
