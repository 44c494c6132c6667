/**
 * The owner's notifications: a button with the unread count (kept current
 * on every alert, every reconnect and every minute), opening the list,
 * newest first; opening it marks them read.
 */
import type { Notification } from '@glamify/shared';
import { useEffect, useState } from 'preact/hooks';
import { Dialog } from '../../../components/dialog/dialog';
import { Loading } from '../../../components/status-view/status-view';
import { useStore } from '../../../hooks/use-store';
import { toasts } from '../../../lib/alerts';
import { api } from '../../../lib/api';
import { messageOf } from '../../../lib/api-error';
import { connection } from '../../../lib/socket';

const REFRESH_MS = 60_000;

function text(n: Notification): string {
  const p = n.payload as Record<string, unknown>;
  const who = String(p.customerName ?? 'A customer');
  const what = `${((p.services as string[] | undefined) ?? []).join(', ')} with ${String(p.staffName ?? '')}, ${String(p.startsAtLocal ?? '')}`;
  switch (n.type) {
    case 'booking_created':
      return `New booking: ${who} — ${what}`;
    case 'booking_cancelled':
      return `Cancelled by the ${String(p.cancelledBy ?? 'salon')}: ${who} — ${what}`;
    case 'booking_checked_in':
      return `${who} checked in${p.checkedInBy === 'kiosk' ? ' at the kiosk' : ''} — ${what}`;
    case 'booking_confirmed':
      return `Booked: ${what}`;
    case 'salon_message':
      return `Message sent to ${who} — ${what}`;
    default:
      return `${n.type.replace(/_/g, ' ')}: ${who}`;
  }
}

export function NotificationsButton() {
  const [unread, setUnread] = useState<number | null>(null);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Notification[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const latest = useStore(toasts)[0]?.id;
  // Alerts are at most once: after a reconnect, the count is read again.
  const conn = useStore(connection);

  useEffect(() => {
    const ctrl = new AbortController();
    api.notifications(ctrl.signal).then(
      (page) => {
        setUnread(page.unread);
        if (open) setItems(page.items);
      },
      () => {},
    );
    return () => ctrl.abort();
  }, [latest, version, conn === 'connected']);
  useEffect(() => {
    const t = setInterval(() => setVersion((v) => v + 1), REFRESH_MS);
    return () => clearInterval(t);
  }, []);

  const show = async () => {
    setOpen(true);
    setError(null);
    try {
      const page = await api.notifications();
      setItems(page.items);
      if (page.unread > 0) setUnread((await api.markRead({ all: true })).unread);
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <>
      <button type="button" class="btn btn--ghost btn--small notif-button" onClick={() => void show()}>
        Notifications
        {unread !== null && unread > 0 && (
          <span class="notif-button__count">
            {unread}
            <span class="visually-hidden"> unread</span>
          </span>
        )}
      </button>
      {open && (
        <Dialog title="Notifications" onClose={() => setOpen(false)}>
          {error && (
            <p class="field__error" role="alert">
              {error}
            </p>
          )}
          {items === null && !error && <Loading />}
          {items?.length === 0 && <p class="muted">Nothing yet.</p>}
          {items && items.length > 0 && (
            <ol class="notif-list">
              {items.map((n) => (
                <li key={n.id} class={n.readAt ? '' : 'is-unread'}>
                  <p>{text(n)}</p>
                  <p class="muted">
                    <time dateTime={n.createdAt}>{new Date(n.createdAt).toLocaleString()}</time>
                    {!n.readAt && ' · new'}
                  </p>
                </li>
              ))}
            </ol>
          )}
        </Dialog>
      )}
    </>
  );
}
