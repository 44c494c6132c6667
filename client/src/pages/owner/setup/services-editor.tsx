/** The salon's menu: services with what they include, length, cleanup time and price; off the menu and back. */
import type { SalonDetail, Service } from '@glamify/shared';
import { useState } from 'preact/hooks';
import { ErrorState, Loading } from '../../../components/status-view/status-view';
import { useResource } from '../../../hooks/use-resource';
import { api } from '../../../lib/api';
import { ApiError, messageOf } from '../../../lib/api-error';
import { duration, money } from '../../../lib/format';

interface Draft {
  name: string;
  description: string;
  durationMinutes: string;
  bufferMinutes: string;
  price: string;
}

const toDraft = (s?: Service): Draft => ({
  name: s?.name ?? '',
  description: s?.description ?? '',
  durationMinutes: String(s?.durationMinutes ?? 30),
  bufferMinutes: String(s?.bufferMinutes ?? 0),
  price: s ? (s.priceCents / 100).toFixed(2) : '',
});

function ServiceForm({
  initial,
  submitLabel,
  onSave,
  onCancel,
}: {
  initial?: Service | undefined;
  submitLabel: string;
  onSave: (d: Draft) => Promise<void>;
  onCancel?: () => void;
}) {
  const [d, setD] = useState(toDraft(initial));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; field?: string | undefined } | null>(null);
  const id = initial ? `svc-${initial.id}` : 'svc-new';
  const set = (k: keyof Draft) => (e: { currentTarget: { value: string } }) =>
    setD({ ...d, [k]: e.currentTarget.value });
  const err = (f: string) => (error?.field === f ? <p class="field__error">{error.text}</p> : null);
  return (
    <form
      class="setup-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await onSave(d);
          if (!initial) setD(toDraft());
        } catch (x) {
          setError({ text: messageOf(x), field: x instanceof ApiError ? x.field : undefined });
        } finally {
          setBusy(false);
        }
      }}
    >
      <div class="field field--grow">
        <label for={`${id}-name`}>Name</label>
        <input id={`${id}-name`} required maxLength={100} value={d.name} onInput={set('name')} />
        {err('name')}
      </div>
      <div class="field field--wide">
        <label for={`${id}-desc`}>What it includes</label>
        <textarea id={`${id}-desc`} rows={2} maxLength={500} value={d.description} onInput={set('description')} />
        {err('description')}
      </div>
      <div class="field field--num">
        <label for={`${id}-dur`}>Minutes</label>
        <input
          id={`${id}-dur`}
          type="number"
          min={5}
          max={600}
          step={5}
          required
          value={d.durationMinutes}
          onInput={set('durationMinutes')}
        />
        {err('durationMinutes')}
      </div>
      <div class="field field--num">
        <label for={`${id}-buf`}>Cleanup (min)</label>
        <input
          id={`${id}-buf`}
          type="number"
          min={0}
          max={240}
          step={5}
          value={d.bufferMinutes}
          onInput={set('bufferMinutes')}
        />
        {err('bufferMinutes')}
      </div>
      <div class="field field--num">
        <label for={`${id}-price`}>Price</label>
        <input
          id={`${id}-price`}
          inputMode="decimal"
          required
          pattern="[0-9]+([.,][0-9]{1,2})?"
          value={d.price}
          onInput={set('price')}
        />
        {err('priceCents')}
      </div>
      {error &&
        !['name', 'description', 'durationMinutes', 'bufferMinutes', 'priceCents'].includes(error.field ?? '') && (
          <p class="field__error" role="alert">
            {error.text}
          </p>
        )}
      <div class="setup-form__actions">
        <button type="submit" class="btn btn--small" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="btn btn--ghost btn--small" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function body(d: Draft) {
  return {
    name: d.name.trim(),
    description: d.description.trim(),
    durationMinutes: Number(d.durationMinutes),
    bufferMinutes: Number(d.bufferMinutes || 0),
    priceCents: Math.round(Number(d.price.replace(',', '.')) * 100),
  };
}

export function ServicesEditor({ salon, onChanged }: { salon: SalonDetail; onChanged: () => void }) {
  const list = useResource((signal) => api.salonServices(salon.id, signal), [salon.id]);
  const [editing, setEditing] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const done = () => {
    list.reload();
    onChanged();
  };
  const toggle = async (s: Service) => {
    setError(null);
    try {
      if (s.active) await api.deactivateService(salon.id, s.id);
      else await api.updateService(salon.id, s.id, { active: true });
      done();
    } catch (x) {
      setError(messageOf(x));
    }
  };
  return (
    <section class="setup-section" aria-labelledby="services-heading">
      <h2 id="services-heading">Services</h2>
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && !list.data && <ErrorState error={list.error} onRetry={list.reload} />}
      {error && (
        <p class="field__error" role="alert">
          {error}
        </p>
      )}
      <ul class="setup-list">
        {list.data?.items.map((s) => (
          <li key={s.id} class={`setup-item${s.active ? '' : ' is-off'}`}>
            {editing === s.id ? (
              <ServiceForm
                initial={s}
                submitLabel="Save"
                onCancel={() => setEditing(null)}
                onSave={async (d) => {
                  await api.updateService(salon.id, s.id, body(d));
                  setEditing(null);
                  done();
                }}
              />
            ) : (
              <>
                <div class="setup-item__main">
                  <p class="setup-item__title">
                    {s.name} {!s.active && <span class="badge">off the menu</span>}
                  </p>
                  <p class="muted">
                    {duration(s.durationMinutes)}
                    {s.bufferMinutes > 0 && ` + ${s.bufferMinutes} min cleanup`} · {money(s.priceCents, s.currency)}
                  </p>
                  {s.description && <p class="setup-item__desc">{s.description}</p>}
                </div>
                <div class="setup-item__actions">
                  <button
                    type="button"
                    class="btn btn--ghost btn--small"
                    onClick={() => setEditing(s.id)}
                    aria-label={`Edit ${s.name}`}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    class="btn btn--ghost btn--small"
                    onClick={() => void toggle(s)}
                    aria-label={`${s.active ? 'Take off menu' : 'Put back'}: ${s.name}`}
                  >
                    {s.active ? 'Take off menu' : 'Put back'}
                  </button>
                </div>
              </>
            )}
          </li>
        ))}
      </ul>
      <h3>Add a service</h3>
      <ServiceForm
        submitLabel="Add service"
        onSave={async (d) => {
          await api.createService(salon.id, body(d));
          done();
        }}
      />
    </section>
  );
}
