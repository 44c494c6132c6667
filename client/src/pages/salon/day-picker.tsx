/**
 * The day row: two weeks from the salon's today, each day marked with what
 * it has for the chosen service (free times, full, closed, nothing left
 * today). Closed days and a finished today cannot be chosen; full days can,
 * so the day itself can say what is possible instead.
 */
import type { DayStatus, DaySummary } from '@glamify/shared';
import { useEffect, useRef } from 'preact/hooks';
import { dayLabel, plural } from '../../lib/format';

function statusText(day: DaySummary | undefined): string {
  if (!day) return '';
  switch (day.status) {
    case 'free':
      return plural(day.freeStarts, 'time', 'times');
    case 'full':
      return 'Full';
    case 'closed':
      return 'Closed';
    case 'over':
      return 'No more';
  }
}

const selectable = (status: DayStatus | undefined) => status !== 'closed' && status !== 'over';

export function DayPicker({
  days,
  summaries,
  value,
  onChange,
  step = 3,
}: {
  /** The step number in the legend. */
  step?: number;
  days: string[];
  /** Day states, once known; until then every day is shown without one. */
  summaries: ReadonlyMap<string, DaySummary> | undefined;
  value: string | undefined;
  onChange: (date: string) => void;
}) {
  const rowRef = useRef<HTMLDivElement>(null);
  // The chosen day (often the first free one, days ahead) is scrolled into the row's view,
  // sideways only: the page itself does not move.
  useEffect(() => {
    const row = rowRef.current;
    const chosen = row?.querySelector<HTMLElement>('input:checked')?.closest('label');
    if (!row || !chosen) return;
    const left = chosen.offsetLeft - row.offsetLeft;
    if (left < row.scrollLeft || left + chosen.offsetWidth > row.scrollLeft + row.clientWidth) {
      row.scrollLeft = Math.max(0, left - (row.clientWidth - chosen.offsetWidth) / 2);
    }
  }, [value]);
  return (
    <fieldset class="picker">
      <legend>
        <span class="step">{step}</span> Day
      </legend>
      <div class="day-row" ref={rowRef} aria-busy={summaries === undefined}>
        {days.map((d, i) => {
          const summary = summaries?.get(d);
          const status = summary?.status;
          const disabled = !selectable(status) && value !== d;
          return (
            <label key={d} class={`choice choice--day${status ? ` choice--${status}` : ''}`}>
              <input
                type="radio"
                name="date"
                value={d}
                checked={value === d}
                disabled={disabled}
                onChange={() => onChange(d)}
              />
              <span class="day__top">
                {i === 0 ? 'Today' : i === 1 ? 'Tomorrow' : dayLabel(d, { day: undefined, month: undefined })}
              </span>
              <span class="day__date">{dayLabel(d, { weekday: undefined })}</span>
              <span class="day__status">{statusText(summary) || '\u00a0'}</span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

/** The day to open on: the first with free times, else today. */
export function firstFreeDay(summaries: readonly DaySummary[] | undefined): string | undefined {
  return summaries?.find((d) => d.status === 'free')?.date;
}
