/** The salon's stylists: names, a short bio, and whether they take bookings (their free times follow live). */
import type { SalonDetail, Staff } from '@glamify/shared';
import { useState } from 'preact/hooks';
import { ErrorState, Loading } from '../../../components/status-view/status-view';
import { useResource } from '../../../hooks/use-resource';
import { api } from '../../../lib/api';
import { ApiError, messageOf } from '../../../lib/api-error';

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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; field?: string | undefined } | null>(null);
  const id = initial ? `st-${initial.id}` : 'st-new';
  return (
    <form
      class="setup-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await onSave(name.trim(), bio.trim());
          if (!initial) {
            setName('');
            setBio('');
          }
        } catch (x) {
          setError({ text: messageOf(x), field: x instanceof ApiError ? x.field : undefined });
        } finally {
          setBusy(false);
        }
      }}
    >
      <div class="field field--grow">
        <label for={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          required
          maxLength={100}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
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
      </div>
      {error && (
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

export function StaffEditor({ salon, onChanged }: { salon: SalonDetail; onChanged: () => void }) {
  const list = useResource((signal) => api.salonStaff(salon.id, signal), [salon.id]);
  const [editing, setEditing] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const done = () => {
    list.reload();
    onChanged();
  };
  const toggle = async (s: Staff) => {
    setError(null);
    try {
      await api.updateStaff(salon.id, s.id, { active: !s.active });
      done();
    } catch (x) {
      setError(messageOf(x));
    }
  };
  return (
    <section class="setup-section" aria-labelledby="staff-heading">
      <h2 id="staff-heading">Stylists</h2>
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
              <StaffForm
                initial={s}
                submitLabel="Save"
                onCancel={() => setEditing(null)}
                onSave={async (name, bio) => {
                  await api.updateStaff(salon.id, s.id, { name, bio });
                  setEditing(null);
                  done();
                }}
              />
            ) : (
              <>
                <div class="setup-item__main">
                  <p class="setup-item__title">
                    {s.name} {!s.active && <span class="badge">not taking bookings</span>}
                  </p>
                  {s.bio && <p class="setup-item__desc">{s.bio}</p>}
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
                    aria-label={`${s.active ? 'Stop bookings for' : 'Take bookings again for'} ${s.name}`}
                  >
                    {s.active ? 'Stop bookings' : 'Take bookings'}
                  </button>
                </div>
              </>
            )}
          </li>
        ))}
      </ul>
      <h3>Add a stylist</h3>
      <StaffForm
        submitLabel="Add stylist"
        onSave={async (name, bio) => {
          await api.createStaff(salon.id, { name, ...(bio ? { bio } : {}) });
          done();
        }}
      />
    </section>
  );
}
