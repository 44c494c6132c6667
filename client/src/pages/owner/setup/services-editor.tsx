/** The salon's menu: services with what they include, length, cleanup time and price; off the menu and back. */
import type { SalonDetail, Service } from '@glamify/shared';
import { useState } from 'preact/hooks';
import { api } from '../../../lib/api';
import { duration, money } from '../../../lib/format';
import { SetupForm, SetupList } from './setup-list';

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

const FIELDS = ['name', 'description', 'durationMinutes', 'bufferMinutes', 'priceCents'] as const;

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
  const id = initial ? `svc-${initial.id}` : 'svc-new';
  const set = (k: keyof Draft) => (e: { currentTarget: { value: string } }) =>
    setD({ ...d, [k]: e.currentTarget.value });
  return (
    <SetupForm
      submitLabel={submitLabel}
      fields={FIELDS}
      onCancel={onCancel}
      onSubmit={async () => {
        await onSave(d);
        if (!initial) setD(toDraft());
      }}
    >
      {(err) => (
        <>
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
        </>
      )}
    </SetupForm>
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
  return (
    <SetupList<Service>
      id="services"
      title="Services"
      load={(signal) => api.salonServices(salon.id, signal)}
      deps={[salon.id]}
      onChanged={onChanged}
      offBadge="off the menu"
      toggle={{
        run: (s) =>
          s.active ? api.deactivateService(salon.id, s.id) : api.updateService(salon.id, s.id, { active: true }),
        label: (s) => (s.active ? 'Take off menu' : 'Put back'),
        aria: (s) => `${s.active ? 'Take off menu' : 'Put back'}: ${s.name}`,
      }}
      details={(s) => (
        <>
          <p class="muted">
            {duration(s.durationMinutes)}
            {s.bufferMinutes > 0 && ` + ${s.bufferMinutes} min cleanup`} · {money(s.priceCents, s.currency)}
          </p>
          {s.description && <p class="setup-item__desc">{s.description}</p>}
        </>
      )}
      editForm={(s, saved, cancel) => (
        <ServiceForm
          initial={s}
          submitLabel="Save"
          onCancel={cancel}
          onSave={async (d) => {
            await api.updateService(salon.id, s.id, body(d));
            saved();
          }}
        />
      )}
      addTitle="Add a service"
      addForm={(saved) => (
        <ServiceForm
          submitLabel="Add service"
          onSave={async (d) => {
            await api.createService(salon.id, body(d));
            saved();
          }}
        />
      )}
    />
  );
}
