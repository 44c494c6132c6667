import { useEffect, useState } from 'preact/hooks';
import { useStore } from '../../hooks/use-store';
import { alertText, dismissToast, TOAST_MS, toasts } from '../../lib/alerts';

/**
 * Owner alerts as they arrive, in the page's flow (never on top of it, so
 * they cover no button): the newest one shows, the others wait their turn,
 * and each goes by itself after TOAST_MS unless the owner is pointing at it
 * or has focus in it. `reserve` keeps the strip's height even when empty, so
 * an alert arriving never moves what the owner is about to click.
 */
export function ToastList({ reserve = false }: { reserve?: boolean }) {
  const list = useStore(toasts);
  const current = list[0];
  const [paused, setPaused] = useState(false);

  useEffect(() => {
    if (!current || paused) return;
    const t = setTimeout(() => dismissToast(current.id), TOAST_MS);
    return () => clearTimeout(t);
  }, [current?.id, paused]);

  const text = current ? alertText(current.kind, current.alert, current.timezone) : null;
  return (
    <section
      class={`toast-strip${reserve ? ' toast-strip--reserved' : ''}`}
      aria-live="polite"
      aria-label="Booking alerts"
    >
      {current && text && (
        <article
          key={current.id}
          class={`toast toast--${current.kind}`}
          aria-label={text.title}
          onMouseEnter={() => setPaused(true)}
          onMouseLeave={() => setPaused(false)}
          onFocusIn={() => setPaused(true)}
          onFocusOut={() => setPaused(false)}
        >
          <div class="toast__text">
            <p class="toast__title">{text.title}</p>
            <p class="toast__body">{text.body}</p>
          </div>
          {list.length > 1 && <span class="toast__more">+{list.length - 1} more</span>}
          <button
            type="button"
            class="toast__close"
            aria-label={`Dismiss: ${text.title}`}
            onClick={() => {
              setPaused(false);
              dismissToast(current.id);
            }}
          >
            ×
          </button>
        </article>
      )}
    </section>
  );
}
