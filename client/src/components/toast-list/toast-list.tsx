import { useStore } from '../../hooks/use-store';
import { alertText, dismissToast, toasts } from '../../lib/alerts';

/** Owner alerts as they arrive; the live region announces each new one. */
export function ToastList() {
  const list = useStore(toasts);
  return (
    <section class="toast-list" aria-live="polite" aria-label="Booking alerts">
      {list.map((t) => {
        const { title, body } = alertText(t.kind, t.alert, t.timezone);
        return (
          <div key={t.id} class={`toast toast--${t.kind}`}>
            <div>
              <p class="toast__title">{title}</p>
              <p class="toast__body">{body}</p>
            </div>
            <button
              type="button"
              class="toast__close"
              aria-label={`Dismiss: ${title}`}
              onClick={() => dismissToast(t.id)}
            >
              ×
            </button>
          </div>
        );
      })}
    </section>
  );
}
