import { addDays, type Booking, localDate, localTime, type SalonDetail } from '@glamify/shared';
import { useEffect, useState } from 'preact/hooks';
import { AppLink } from '../../components/app-link/app-link';
import { CalendarFeed } from '../../components/calendar-feed/calendar-feed';
import { OwnerWaitlist } from '../../components/owner-waitlist/owner-waitlist';
import { EmptyState, ErrorState, Loading } from '../../components/status-view/status-view';
import { useResource } from '../../hooks/use-resource';
import { useStore } from '../../hooks/use-store';
import { toasts } from '../../lib/alerts';
import { api } from '../../lib/api';
import { messageOf } from '../../lib/api-error';
import { dayLabel, money } from '../../lib/format';
import { here, location, replaceQuery } from '../../lib/router';
import { salonById } from '../../lib/salon-cache';
import { session } from '../../lib/session';
import { NotificationToggle } from './notification-toggle';

/** The salons this owner runs, with their details (time zone, stylists). */
async function ownedSalons(signal: AbortSignal): Promise<SalonDetail[]> {
  const page = await api.mySalons(signal);
  return Promise.all(page.items.map((s) => salonById(s.id)));
}

function BookingRow({ booking, timezone, onChange }: { booking: Booking; timezone: string; onChange: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const finish = (to: 'completed' | 'no-show') => async () => {
    setBusy(true);
    setError(null);
    try {
      await (to === 'completed' ? api.completeBooking(booking.id) : api.noShow(booking.id));
      onChange();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  // Completed and no-show are for bookings that have started (the server refuses earlier).
  const started = Date.parse(booking.startsAt) <= Date.now();
  const when = localTime(booking.startsAt, timezone);
  return (
    <li class={`card owner-row owner-row--${booking.status.toLowerCase()}`}>
      <p class="owner-row__time">
        {localTime(booking.startsAt, timezone)}–{localTime(booking.endsAt, timezone)}
      </p>
      <div class="owner-row__main">
        <p class="owner-row__who">
          {booking.customerName}
          {booking.guest && (
            <span class="muted"> · walk-in{booking.guest.phone ? ` · ${booking.guest.phone}` : ''}</span>
          )}
        </p>
        <p class="muted">
          {booking.items.map((i) => i.name).join(', ')} · {booking.staffName} ·{' '}
          {money(booking.totalPriceCents, booking.currency)}
        </p>
        {error && (
          <p class="field__error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div class="owner-row__actions">
        <span class={`badge badge--${booking.status.toLowerCase().replace('_', '-')}`}>
          {booking.status.toLowerCase().replace('_', '-')}
        </span>
        {booking.status === 'CONFIRMED' && started && (
          <>
            <button
              type="button"
              class="btn btn--secondary btn--small"
              onClick={finish('completed')}
              disabled={busy}
              aria-label={`Mark ${booking.customerName}'s ${when} booking completed`}
            >
              {busy ? 'Saving…' : 'Mark completed'}
            </button>
            <button
              type="button"
              class="btn btn--ghost btn--small"
              onClick={finish('no-show')}
              disabled={busy}
              aria-label={`Mark ${booking.customerName}'s ${when} booking as a no-show`}
            >
              No-show
            </button>
          </>
        )}
      </div>
    </li>
  );
}

function DayBookings({ salon }: { salon: SalonDetail }) {
  const params = new URLSearchParams(useStore(location).search);
  const today = localDate(new Date(), salon.timezone);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? (params.get('date') as string) : today;
  const alerts = useStore(toasts);
  const list = useResource((signal) => api.bookings({ salonId: salon.id, date, limit: 100 }, signal), [salon.id, date]);

  // A new alert for this salon: the list changed.
  const latest = alerts[0];
  useEffect(() => {
    if (latest && latest.alert.salonId === salon.id) list.reload();
  }, [latest?.id]);

  const items = [...(list.data?.items ?? [])].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const active = items.filter((b) => b.status !== 'CANCELLED');
  return (
    <section aria-labelledby="day-heading" class="owner-day">
      <div class="day-nav">
        <button
          type="button"
          class="btn btn--ghost btn--small"
          onClick={() => replaceQuery({ date: addDays(date, -1) })}
          aria-label="Previous day"
        >
          ←
        </button>
        <h2 id="day-heading">
          {date === today ? 'Today' : dayLabel(date)}
          {date === today && <span class="muted"> · {dayLabel(date)}</span>}
        </h2>
        <button
          type="button"
          class="btn btn--ghost btn--small"
          onClick={() => replaceQuery({ date: addDays(date, 1) })}
          aria-label="Next day"
        >
          →
        </button>
        {date !== today && (
          <button type="button" class="btn btn--ghost btn--small" onClick={() => replaceQuery({ date: null })}>
            Today
          </button>
        )}
      </div>
      <p class="muted" role="status">
        {list.data ? `${active.length} ${active.length === 1 ? 'booking' : 'bookings'}` : ''}
      </p>
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.data && items.length === 0 && <EmptyState title="No bookings on this day" />}
      {items.length > 0 && (
        <ul class="owner-list">
          {items.map((b) => (
            <BookingRow key={b.id} booking={b} timezone={salon.timezone} onChange={list.reload} />
          ))}
        </ul>
      )}
      <OwnerWaitlist salonId={salon.id} date={date} version={latest?.id ?? 0} />
    </section>
  );
}

function Dashboard({ ownerId }: { ownerId: number }) {
  const salons = useResource((signal) => ownedSalons(signal), [ownerId]);
  const params = new URLSearchParams(useStore(location).search);
  if (salons.loading && !salons.data) return <Loading label="Loading your salons…" />;
  if (!salons.data) return <ErrorState error={salons.error} onRetry={salons.reload} />;
  if (salons.data.length === 0) return <EmptyState title="You don't run a salon on Glamify yet" />;
  const chosen = salons.data.find((s) => String(s.id) === params.get('salon')) ?? salons.data[0];
  if (!chosen) return null;
  return (
    <>
      <div class="owner-toolbar">
        {salons.data.length > 1 ? (
          <div class="field">
            <label for="owner-salon">Salon</label>
            <select
              id="owner-salon"
              value={chosen.id}
              onChange={(e) => replaceQuery({ salon: e.currentTarget.value, date: null })}
            >
              {salons.data.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p class="owner-salon-name">{chosen.name}</p>
        )}
        <AppLink href={`/kiosk/${chosen.id}`} class="btn btn--ghost btn--small">
          Open front-desk kiosk
        </AppLink>
      </div>
      <NotificationToggle />
      <CalendarFeed />
      <DayBookings salon={chosen} />
    </>
  );
}

export function OwnerPage() {
  const s = useStore(session);
  return (
    <div class="page">
      <h1 tabIndex={-1}>Salon dashboard</h1>
      {!s ? (
        <p>
          <AppLink href={`/login?next=${encodeURIComponent(here())}`}>Sign in</AppLink> with your owner account.
        </p>
      ) : s.user.role !== 'owner' ? (
        <p>This dashboard is for salon owners.</p>
      ) : (
        <Dashboard ownerId={s.user.id} />
      )}
    </div>
  );
}
