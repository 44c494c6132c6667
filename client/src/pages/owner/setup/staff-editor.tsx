/** The salon's stylists: names, a short bio, and whether they take bookings (their free times follow live). */
import type { SalonDetail, Staff } from '@glamify/shared';
import { useState } from 'preact/hooks';
import { api } from '../../../lib/api';
import { SetupForm, SetupList } from './setup-list';

const FIELDS = ['name', 'bio'] as const;

function StaffForm({
  initial,
  submitLabel,
  onSave,
  onCancel,
}: {
  initial?: Staff | undefined;
  submitLabel: string;
  onSave: (name: string, bio: string) => Promise<void>;
  onCancel?: () => void;
}) {
  const [name, setName] = useState(initial?.name ?? '');
  const [bio, setBio] = useState(initial?.bio ?? '');
  const id = initial ? `st-${initial.id}` : 'st-new';
  return (
    <SetupForm
      submitLabel={submitLabel}
      fields={FIELDS}
      onCancel={onCancel}
      onSubmit={async () => {
        await onSave(name.trim(), bio.trim());
        if (!initial) {
          setName('');
          setBio('');
        }
      }}
    >
      {(err) => (
        <>
          <div class="field field--grow">
            <label for={`${id}-name`}>Name</label>
            <input
              id={`${id}-name`}
              required
              maxLength={100}
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
            {err('name')}
          </div>
          <div class="field field--wide">
            <label for={`${id}-bio`}>Short bio</label>
            <textarea
              id={`${id}-bio`}
              rows={2}
              maxLength={300}
              value={bio}
              onInput={(e) => setBio(e.currentTarget.value)}
            />
            {err('bio')}
          </div>
        </>
      )}
    </SetupForm>
  );
}

export function StaffEditor({ salon, onChanged }: { salon: SalonDetail; onChanged: () => void }) {
  return (
    <SetupList<Staff>
      id="staff"
      title="Stylists"
      load={(signal) => api.salonStaff(salon.id, signal)}
      deps={[salon.id]}
      onChanged={onChanged}
      offBadge="not taking bookings"
      toggle={{
        run: (s) => api.updateStaff(salon.id, s.id, { active: !s.active }),
        label: (s) => (s.active ? 'Stop bookings' : 'Take bookings'),
        aria: (s) => `${s.active ? 'Stop bookings for' : 'Take bookings again for'} ${s.name}`,
      }}
      details={(s) => s.bio && <p class="setup-item__desc">{s.bio}</p>}
      editForm={(s, saved, cancel) => (
        <StaffForm
          initial={s}
          submitLabel="Save"
          onCancel={cancel}
          onSave={async (name, bio) => {
            await api.updateStaff(salon.id, s.id, { name, bio });
            saved();
          }}
        />
      )}
      addTitle="Add a stylist"
      addForm={(saved) => (
        <StaffForm
          submitLabel="Add stylist"
          onSave={async (name, bio) => {
            await api.createStaff(salon.id, { name, ...(bio ? { bio } : {}) });
            saved();
          }}
        />
      )}
    />
  );
}
