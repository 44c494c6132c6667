/**
 * Working hours and breaks for the week: the salon's, and any stylist's own
 * (a stylist without their own hours for a weekday works the salon's). The
 * whole week is saved at once (PUT replaces it); free times follow live.
 * Rows of stylists not shown here (no longer active) are kept as they are.
 */
import type { SalonDetail, TimeRange, WorkingHours } from '@glamify/shared';
import { useState } from 'preact/hooks';
import { api } from '../../../lib/api';
import { ApiError, messageOf } from '../../../lib/api-error';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

interface Day {
  opens: string;
  closes: string;
  breaks: TimeRange[];
}

type Week = (Day | null)[];

function weekOf(hours: readonly WorkingHours[], staffId: number | null): Week {
  return WEEKDAYS.map((_, i) => {
    const row = hours.find((h) => h.weekday === i + 1 && h.staffId === staffId);
    return row ? { opens: row.opens, closes: row.closes, breaks: row.breaks.map((b) => ({ ...b })) } : null;
  });
}

export function HoursEditor({ salon, onChanged }: { salon: SalonDetail; onChanged: () => void }) {
  const [whose, setWhose] = useState<number | null>(null);
  const [week, setWeek] = useState<Week>(() => weekOf(salon.workingHours, null));
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<{ text: string; weekday?: number } | null>(null);
  const salonWeek = weekOf(salon.workingHours, null);

  const switchTo = (id: number | null) => {
    setWhose(id);
    setWeek(weekOf(salon.workingHours, id));
    setError(null);
    setSaved(false);
  };
  const update = (i: number, day: Day | null) => {
    setSaved(false);
    setWeek(week.map((d, j) => (j === i ? day : d)));
  };

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const others = salon.workingHours.filter((h) => h.staffId !== whose);
    const mine: WorkingHours[] = week.flatMap((d, i) => (d ? [{ weekday: i + 1, staffId: whose, ...d }] : []));
    const hours = [...mine, ...others];
    try {
      await api.replaceHours(salon.id, hours);
      setSaved(true);
      onChanged();
    } catch (x) {
      // `hours/3/breaks/0`: the row the server names, so the message sits by its weekday.
      const at = x instanceof ApiError ? /^hours\/(\d+)/.exec(x.field ?? '') : null;
      const row = at ? hours[Number(at[1])] : undefined;
      setError({ text: messageOf(x), ...(row && row.staffId === whose ? { weekday: row.weekday } : {}) });
    } finally {
      setBusy(false);
    }
  };

  const stylist = whose !== null;
  return (
    <section class="setup-section" aria-labelledby="hours-heading">
      <h2 id="hours-heading">Working hours and breaks</h2>
      <div class="field field--inline">
        <label for="hours-whose">Hours of</label>
        <select
          id="hours-whose"
          value={whose ?? ''}
          onChange={(e) => switchTo(e.currentTarget.value ? Number(e.currentTarget.value) : null)}
        >
          <option value="">The salon</option>
          {salon.staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      {stylist && <p class="muted">On a day without their own hours, a stylist works the salon's hours.</p>}
      <form onSubmit={save}>
        <ol class="hours">
          {week.map((d, i) => {
            const name = WEEKDAYS[i] as string;
            const id = `h-${whose ?? 's'}-${i}`;
            const fallback = salonWeek[i];
            return (
              <li key={name} class="hours__day">
                <fieldset>
                  <legend class="hours__name">{name}</legend>
                  <label class="hours__toggle">
                    <input
                      type="checkbox"
                      checked={d !== null}
                      onChange={(e) =>
                        update(
                          i,
                          e.currentTarget.checked
                            ? { opens: fallback?.opens ?? '09:00', closes: fallback?.closes ?? '18:00', breaks: [] }
                            : null,
                        )
                      }
                    />{' '}
                    {stylist ? 'Own hours' : 'Open'}
                  </label>
                  {d === null ? (
                    <span class="muted hours__closed">
                      {stylist
                        ? fallback
                          ? `Salon hours, ${fallback.opens}–${fallback.closes}`
                          : 'Salon closed'
                        : 'Closed'}
                    </span>
                  ) : (
                    <div class="hours__times">
                      <label for={`${id}-o`}>From</label>
                      <input
                        id={`${id}-o`}
                        type="time"
                        step={300}
                        required
                        value={d.opens}
                        onInput={(e) => update(i, { ...d, opens: e.currentTarget.value })}
                      />
                      <label for={`${id}-c`}>to</label>
                      <input
                        id={`${id}-c`}
                        type="time"
                        step={300}
                        required
                        value={d.closes}
                        onInput={(e) => update(i, { ...d, closes: e.currentTarget.value })}
                      />
                      {d.breaks.map((b, k) => (
                        <span key={k} class="hours__break">
                          <label for={`${id}-b${k}s`}>Break</label>
                          <input
                            id={`${id}-b${k}s`}
                            type="time"
                            step={300}
                            required
                            value={b.starts}
                            onInput={(e) =>
                              update(i, {
                                ...d,
                                breaks: d.breaks.map((x, j) => (j === k ? { ...x, starts: e.currentTarget.value } : x)),
                              })
                            }
                          />
                          <label for={`${id}-b${k}e`}>to</label>
                          <input
                            id={`${id}-b${k}e`}
                            type="time"
                            step={300}
                            required
                            value={b.ends}
                            onInput={(e) =>
                              update(i, {
                                ...d,
                                breaks: d.breaks.map((x, j) => (j === k ? { ...x, ends: e.currentTarget.value } : x)),
                              })
                            }
                          />
                          <button
                            type="button"
                            class="btn btn--ghost btn--small"
                            aria-label={`Remove break ${k + 1} on ${name}`}
                            onClick={() => update(i, { ...d, breaks: d.breaks.filter((_, j) => j !== k) })}
                          >
                            Remove
                          </button>
                        </span>
                      ))}
                      {d.breaks.length < 6 && (
                        <button
                          type="button"
                          class="btn btn--ghost btn--small"
                          onClick={() => update(i, { ...d, breaks: [...d.breaks, { starts: '12:30', ends: '13:00' }] })}
                        >
                          Add break<span class="visually-hidden"> on {name}</span>
                        </button>
                      )}
                    </div>
                  )}
                  {error?.weekday === i + 1 && (
                    <p class="field__error" role="alert">
                      {error.text}
                    </p>
                  )}
                </fieldset>
              </li>
            );
          })}
        </ol>
        {error && error.weekday === undefined && (
          <p class="field__error" role="alert">
            {error.text}
          </p>
        )}
        <div class="setup-form__actions">
          <button type="submit" class="btn" disabled={busy}>
            {busy ? 'Saving…' : 'Save hours'}
          </button>
          {saved && (
            <span class="muted" role="status">
              Saved: free times follow at once.
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
