import type { Booking } from '@glamify/shared';
import { useEffect, useState } from 'preact/hooks';
import { AppLink } from '../../components/app-link/app-link';
import { EmptyState, ErrorState, Loading } from '../../components/status-view/status-view';
import { useHighlight } from '../../hooks/use-highlight';
import { useOnline } from '../../hooks/use-online';
import { useResource } from '../../hooks/use-resource';
import { useStore } from '../../hooks/use-store';
import { api } from '../../lib/api';
import { bookingsVersion, cancellationQueue } from '../../lib/cancellations';
import { deviceZone } from '../../lib/format';
import { here } from '../../lib/router';
import { salonsById } from '../../lib/salon-cache';
import { session } from '../../lib/session';
import { BookingCard } from './booking-card';
import { WaitlistEntries } from './waitlist-entries';

/** Upcoming (soonest first), then the rest (most recent first). */
export function orderBookings(items: readonly Booking[], now: number): { upcoming: Booking[]; past: Booking[] } {
  const isUpcoming = (b: Booking) => (b.status === 'CONFIRMED' || b.status === 'PENDING') && Date.parse(b.endsAt) > now;
  const upcoming = items.filter(isUpcoming).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const past = items.filter((b) => !isUpcoming(b)).sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
  return { upcoming, past };
}

function BookingList() {
  const version = useStore(bookingsVersion);
  const online = useOnline();
  const pending = useStore(cancellationQueue.items);
  const list = useResource(
    async (signal) => {
      const page = await api.bookings({ limit: 100 }, signal);
      const salons = await salonsById(page.items.map((b) => b.salonId));
      return { ...page, salons };
    },
    [version],
  );
  const [local, setLocal] = useState<Map<number, Booking>>(new Map());
  useHighlight('booking', 'booking-', list.data !== undefined);
  useEffect(() => setLocal(new Map()), [list.data]);
  // After "Yes, cancel it" the buttons are gone (and a cancelled card moves to the past list):
  // focus goes to that booking's title, and the outcome is announced.
  const [focus, setFocus] = useState<{ id: number; message: string } | null>(null);
  useEffect(() => {
    if (focus) document.getElementById(`booking-${focus.id}-title`)?.focus();
  }, [focus]);

  // Back online: refetch so what's shown is current again.
  useEffect(() => {
    if (online && list.error !== undefined) list.reload();
  }, [online]);

  if (list.loading && !list.data) return <Loading label="Loading your bookings…" />;
  if (!list.data) return <ErrorState error={list.error} onRetry={list.reload} />;

  const items = list.data.items.map((b) => local.get(b.id) ?? b);
  const { upcoming, past } = orderBookings(items, Date.now());
  const salonOf = (b: Booking) => list.data?.salons.get(b.salonId);
  const zoneOf = (b: Booking) => salonOf(b)?.timezone ?? deviceZone();
  const card = (b: Booking) => (
    <BookingCard
      key={b.id}
      booking={b}
      salon={salonOf(b)}
      timezone={zoneOf(b)}
      pending={pending.some((p) => p.bookingId === b.id)}
      onCancelled={(updated) => {
        setLocal((m) => new Map(m).set(updated.id, updated));
        setFocus({ id: updated.id, message: 'Booking cancelled.' });
      }}
      onQueued={(id) => setFocus({ id, message: "You're offline: the cancellation will be sent when you're back." })}
    />
  );

  return (
    <>
      <p class="visually-hidden" role="status">
        {focus?.message ?? ''}
      </p>
      {!online && (
        <p class="notice notice--info" role="status">
          You're offline — these are your bookings as last seen. Cancellations are sent when you're back online.
        </p>
      )}
      {items.length === 0 ? (
        <EmptyState title="No bookings yet">
          <p>
            <AppLink href="/">Find a salon</AppLink> and book your first appointment.
          </p>
        </EmptyState>
      ) : (
        <>
          <section aria-labelledby="upcoming-heading">
            <h2 id="upcoming-heading">Upcoming</h2>
            {upcoming.length ? (
              <ul class="booking-list">{upcoming.map(card)}</ul>
            ) : (
              <p class="muted">Nothing coming up.</p>
            )}
          </section>
          {past.length > 0 && (
            <section aria-labelledby="past-heading">
              <h2 id="past-heading">Past and cancelled</h2>
              <ul class="booking-list booking-list--past">{past.map(card)}</ul>
            </section>
          )}
        </>
      )}
    </>
  );
}

export function BookingsPage() {
  const signedIn = useStore(session) !== null;
  return (
    <div class="page">
      <h1 tabIndex={-1}>My bookings</h1>
      {signedIn ? (
        <>
          <WaitlistEntries />
          <BookingList />
        </>
      ) : (
        <p>
          <AppLink href={`/login?next=${encodeURIComponent(here())}`}>Sign in</AppLink> to see your bookings.
        </p>
      )}
    </div>
  );
}
