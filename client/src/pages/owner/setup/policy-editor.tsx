/** The booking policy: deposit, free cancellation window, fees, and when reminders go out. */
import type { SalonDetail, SalonPolicy } from '@glamify/shared';
import { useState } from 'preact/hooks';
import { api } from '../../../lib/api';
import { ApiError, messageOf } from '../../../lib/api-error';

const FIELDS: { key: Exclude<keyof SalonPolicy, 'reminderHoursBefore'>; label: string; hint: string; max: number }[] = [
  { key: 'depositPercent', label: 'Deposit (%)', hint: 'Share of the price paid when booking; 0 for none.', max: 100 },
  {
    key: 'freeCancellationHours',
    label: 'Free cancellation until (hours before)',
    hint: 'Later, customers pay the late fee and cannot reschedule.',
    max: 720,
  },
  { key: 'lateCancelFeePercent', label: 'Late cancellation fee (%)', hint: 'Kept out of the deposit.', max: 100 },
  { key: 'noShowFeePercent', label: 'No-show fee (%)', hint: 'Kept out of the deposit.', max: 100 },
];

export function PolicyEditor({ salon, onChanged }: { salon: SalonDetail; onChanged: () => void }) {
  const [values, setValues] = useState<Record<string, string>>(() => ({
    ...Object.fromEntries(FIELDS.map((f) => [f.key, String(salon.policy[f.key])])),
    reminders: salon.policy.reminderHoursBefore.join(', '),
  }));
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<{ text: string; field?: string | undefined } | null>(null);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    const reminders = (values.reminders ?? '')
      .split(/[,\s]+/)
      .filter(Boolean)
      .map(Number);
    try {
      await api.updatePolicy(salon.id, {
        depositPercent: Number(values.depositPercent),
        freeCancellationHours: Number(values.freeCancellationHours),
        lateCancelFeePercent: Number(values.lateCancelFeePercent),
        noShowFeePercent: Number(values.noShowFeePercent),
        reminderHoursBefore: reminders,
      });
      setSaved(true);
      onChanged();
    } catch (x) {
      setError({ text: messageOf(x), field: x instanceof ApiError ? x.field : undefined });
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (key: string) =>
    error?.field?.startsWith(key) ? (
      <p class="field__error" role="alert">
        {error.text}
      </p>
    ) : null;

  return (
    <section class="setup-section" aria-labelledby="policy-heading">
      <h2 id="policy-heading">Booking policy</h2>
      <form class="policy" onSubmit={save}>
        {FIELDS.map((f) => (
          <div class="field" key={f.key}>
            <label for={`policy-${f.key}`}>{f.label}</label>
            <input
              id={`policy-${f.key}`}
              type="number"
              min={0}
              max={f.max}
              required
              value={values[f.key]}
              aria-describedby={`policy-${f.key}-hint`}
              onInput={(e) => setValues({ ...values, [f.key]: e.currentTarget.value })}
            />
            <p class="field__hint" id={`policy-${f.key}-hint`}>
              {f.hint}
            </p>
            {fieldError(f.key)}
          </div>
        ))}
        <div class="field">
          <label for="policy-reminders">Reminders (hours before, up to three)</label>
          <input
            id="policy-reminders"
            value={values.reminders}
            inputMode="numeric"
            pattern="[0-9, ]*"
            onInput={(e) => setValues({ ...values, reminders: e.currentTarget.value })}
          />
          {fieldError('reminderHoursBefore')}
        </div>
        {error &&
          ![
            'depositPercent',
            'freeCancellationHours',
            'lateCancelFeePercent',
            'noShowFeePercent',
            'reminderHoursBefore',
          ].some((k) => error.field?.startsWith(k)) && (
            <p class="field__error" role="alert">
              {error.text}
            </p>
          )}
        <div class="setup-form__actions">
          <button type="submit" class="btn" disabled={busy}>
            {busy ? 'Saving…' : 'Save policy'}
          </button>
          {saved && (
            <span class="muted" role="status">
              Saved.
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
