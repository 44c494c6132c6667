/**
 * The two shapes every part of the salon's setup shares: a form that saves
 * (busy state, the server's message next to the field it names or above the
 * buttons), and a list of things that can be edited in place, switched off
 * and on again, and added to.
 */
import type { ComponentChildren, VNode } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorState, Loading } from '../../../components/status-view/status-view';
import { type Resource, useResource } from '../../../hooks/use-resource';
import { ApiError, messageOf } from '../../../lib/api-error';

type FieldError = (field: string) => VNode | null;

export function SetupForm({
  submitLabel,
  fields,
  onSubmit,
  onCancel,
  children,
}: {
  submitLabel: string;
  /** The fields whose errors the form shows beside them; any other error shows above the buttons. */
  fields: readonly string[];
  onSubmit: () => Promise<void>;
  onCancel?: (() => void) | undefined;
  children: (fieldError: FieldError) => ComponentChildren;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; field?: string | undefined } | null>(null);
  const fieldError: FieldError = (f) => (error?.field === f ? <p class="field__error">{error.text}</p> : null);
  return (
    <form
      class="setup-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await onSubmit();
        } catch (x) {
          setError({ text: messageOf(x), field: x instanceof ApiError ? x.field : undefined });
        } finally {
          setBusy(false);
        }
      }}
    >
      {children(fieldError)}
      {error && !fields.includes(error.field ?? '') && (
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

interface Entry {
  id: number;
  name: string;
  active: boolean;
}

export function SetupList<T extends Entry>({
  id,
  title,
  load,
  deps,
  onChanged,
  offBadge,
  toggle,
  details,
  editForm,
  addTitle,
  addForm,
}: {
  id: string;
  title: string;
  load: (signal: AbortSignal) => Promise<{ items: T[] }>;
  deps: readonly unknown[];
  /** After any change: the salon around the list reads itself again. */
  onChanged: () => void;
  /** The badge an entry that is switched off wears. */
  offBadge: string;
  /** Switches an entry off or on, and names that action for its button and for a screen reader. */
  toggle: { run: (item: T) => Promise<unknown>; label: (item: T) => string; aria: (item: T) => string };
  details: (item: T) => ComponentChildren;
  editForm: (item: T, saved: () => void, cancel: () => void) => ComponentChildren;
  addTitle: string;
  addForm: (saved: () => void) => ComponentChildren;
}) {
  const list: Resource<{ items: T[] }> = useResource(load, deps);
  const [editing, setEditing] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const done = () => {
    list.reload();
    onChanged();
  };
  const switchOver = async (item: T) => {
    setError(null);
    try {
      await toggle.run(item);
      done();
    } catch (x) {
      setError(messageOf(x));
    }
  };
  return (
    <section class="setup-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && !list.data && <ErrorState error={list.error} onRetry={list.reload} />}
      {error && (
        <p class="field__error" role="alert">
          {error}
        </p>
      )}
      <ul class="setup-list">
        {list.data?.items.map((item) => (
          <li key={item.id} class={`setup-item${item.active ? '' : ' is-off'}`}>
            {editing === item.id ? (
              editForm(
                item,
                () => {
                  setEditing(null);
                  done();
                },
                () => setEditing(null),
              )
            ) : (
              <>
                <div class="setup-item__main">
                  <p class="setup-item__title">
                    {item.name} {!item.active && <span class="badge">{offBadge}</span>}
                  </p>
                  {details(item)}
                </div>
                <div class="setup-item__actions">
                  <button
                    type="button"
                    class="btn btn--ghost btn--small"
                    onClick={() => setEditing(item.id)}
                    aria-label={`Edit ${item.name}`}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    class="btn btn--ghost btn--small"
                    onClick={() => void switchOver(item)}
                    aria-label={toggle.aria(item)}
                  >
                    {toggle.label(item)}
                  </button>
                </div>
              </>
            )}
          </li>
        ))}
      </ul>
      <h3>{addTitle}</h3>
      {addForm(done)}
    </section>
  );
}
