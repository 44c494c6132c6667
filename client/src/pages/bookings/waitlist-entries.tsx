import { localTime, type WaitlistEntry } from '@glamify/shared';
import { useEffect, useState } from 'preact/hooks';
import { ErrorState } from '../../components/status-view/status-view';
import { useOnline } from '../../hooks/use-online';
import { useResource } from '../../hooks/use-resource';
import { useStore } from '../../hooks/use-store';
import { api } from '../../lib/api';
import { ApiError, messageOf } from '../../lib/api-error';
import { bookingsVersion } from '../../lib/cancellations';
import { dayLabel, whenLabel } from '../../lib/format';
import { offers } from '../../lib/offers';

/** "Any time", "10:00–14:00", "from 10:00", or the exact time of an exact-slot entry. */
function wish(e: WaitlistEntry): string {
  if (e.startsAt) return `exactly ${localTime(e.startsAt, e.timezone)}`;
  if (e.from && e.to) return `${e.from}–${e.to}`;
  if (e.from) return `from ${e.from}`;
  if (e.to) return `until ${e.to}`;
  return 'any time';
}

function Entry({ entry, onLeft }: { entry: WaitlistEntry; onLeft: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const leave = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.leaveWaitlist(entry.id);
      onLeft();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  const label = `${entry.serviceName} at ${entry.salonName}, ${dayLabel(entry.date)}`;
  return (
    <li class="card waitlist-item">
      <div class="waitlist-item__main">
        <p>
          <strong>{entry.serviceName}</strong> at {entry.salonName}
        </p>
        <p class="muted">
          {dayLabel(entry.date)} · {wish(entry)} · {entry.staffName ? `with ${entry.staffName}` : 'any stylist'}
        </p>
        <p class="muted">
          {entry.offer
            ? `Held for you: ${whenLabel(entry.offer.startsAt, entry.timezone)} — book it in the banner.`
            : entry.position
              ? `Waiting · number ${entry.position} in line`
              : 'Waiting'}
        </p>
        {error && (
          <p class="field__error" role="alert">
            {error}
          </p>
        )}
      </div>
      <button
        type="button"
        class="btn btn--secondary btn--small"
        onClick={leave}
        disabled={busy}
        aria-label={`Leave the waitlist: ${label}`}
      >
        {busy ? 'Leaving…' : 'Leave'}
      </button>
    </li>
  );
}

/**
 * The customer's live waitlist entries, each with "Leave". Renders nothing
 * when there are none, nor while offline before they have loaded.
 */
export function WaitlistEntries() {
  // An offer arriving or ending changes an entry's state: read again.
  const offerKey = useStore(offers)
    .map((o) => o.lockToken)
    .join();
  const version = useStore(bookingsVersion);
  const list = useResource((signal) => api.myWaitlist(signal), [offerKey, version]);
  const [gone, setGone] = useState<Set<number>>(new Set());
  useEffect(() => setGone(new Set()), [list.data]);
  const online = useOnline();
  // Back online: read again, so the section comes back by itself.
  useEffect(() => {
    if (online && list.error !== undefined) list.reload();
  }, [online]);
  if (list.error !== undefined && !list.data) {
    // Offline, the bookings below say so (and show their saved copy): the waitlist, which has
    // no saved copy, steps aside rather than adding an error above them.
    // (A hidden mark of that state, for the tests: nothing a person sees.)
    if (!online) return <span hidden data-waitlist="offline" />;
    if (list.error instanceof ApiError && list.error.isNetwork) {
      return (
        <p class="waitlist-unreachable muted">
          Your waitlist can't be loaded right now.{' '}
          <button type="button" class="btn btn--ghost btn--small" onClick={list.reload}>
            Try again
          </button>
        </p>
      );
    }
    return <ErrorState error={list.error} onRetry={list.reload} />;
  }
  const live = (list.data?.items ?? []).filter(
    (e) => (e.status === 'waiting' || e.status === 'offered') && !gone.has(e.id),
  );
  if (live.length === 0) return null;
  return (
    <section aria-labelledby="waitlist-heading">
      <h2 id="waitlist-heading">Waitlist</h2>
      <ul class="waitlist-list">
        {live.map((e) => (
          <Entry key={e.id} entry={e} onLeft={() => setGone((s) => new Set(s).add(e.id))} />
        ))}
      </ul>
    </section>
  );
}
