import type { ComponentChildren } from 'preact';
import { ApiError, messageOf } from '../../lib/api-error';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div class="state state--loading" role="status">
      <span class="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state state--empty">
      <p class="state__title">{title}</p>
      {children}
    </div>
  );
}

export function ErrorState({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const offline = (error instanceof ApiError && error.isNetwork) || !navigator.onLine;
  return (
    <div class="state state--error" role="alert">
      <p class="state__title">{title ?? (offline ? "You're offline" : 'Something went wrong')}</p>
      <p>{offline ? "This isn't saved on your device yet. Try again when you're connected." : messageOf(error)}</p>
      {onRetry && (
        <button type="button" class="btn btn--secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
