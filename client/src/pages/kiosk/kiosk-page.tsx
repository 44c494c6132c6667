/**
 * The front-desk kiosk: a tablet left on for days. It draws the salon's
 * whole working day live (by the server's clock), says within seconds when
 * its connection is dead and since when its picture is old, keeps the
 * screen on, recovers and updates by itself. Paired, it shows first names
 * and lets customers check in.
 */
import { type KioskBooking, localDate, localTime, type SalonDetail } from '@glamify/shared';
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useDay } from '../../hooks/use-day';
import { useNow } from '../../hooks/use-now';
import { useResource } from '../../hooks/use-resource';
import { useStore } from '../../hooks/use-store';
import { api } from '../../lib/api';
import { ApiError } from '../../lib/api-error';
import { buildBoard } from '../../lib/day-board';
import { dayLabel, prepareFormatting } from '../../lib/format';
import { keepAlive, liveness } from '../../lib/liveness';
import { connection, resyncAll } from '../../lib/socket';
import { applyUpdate, updateAvailable } from '../../lib/sw';
import { KioskBoard } from './kiosk-board';
import { KioskCheckIn } from './kiosk-check-in';
import { KioskPairing } from './kiosk-pairing';
import { useKioskBookings } from './use-kiosk-bookings';
import { type KioskSessionState, useKioskSession } from './use-kiosk-session';
import { useWakeLock } from './use-wake-lock';
import './kiosk.css';

const RESYNC_MS = 10 * 60 * 1000;

/** Live, still connecting (nothing has failed yet, or the day is loading), or down since a last answer. */
function Status({
  live,
  down,
  lastSeen,
  timeZone,
}: {
  live: boolean;
  down: boolean;
  lastSeen: number | null;
  timeZone: string;
}) {
  return (
    <p class={`kiosk__status${live ? '' : ' kiosk__status--down'}`} role="status" data-live={live}>
      {live
        ? 'Live'
        : down && lastSeen !== null
          ? `Offline — reconnecting · last updated ${localTime(new Date(lastSeen), timeZone)}`
          : 'Connecting…'}
    </p>
  );
}

/**
 * The kiosk's chrome: the bar (name, date, status, clock), the legend and the
 * tools, with the day (or a message) below. The same frame is drawn while the
 * salon loads, so the screen's layout is final from its first paint and
 * nothing moves when the day arrives.
 */
function Frame({
  title,
  date,
  status,
  clock,
  paired,
  onPair,
  children,
}: {
  title: string;
  date: string;
  status: ComponentChildren;
  clock: ComponentChildren;
  paired: boolean;
  onPair: () => void;
  children: ComponentChildren;
}) {
  return (
    <div class="kiosk">
      <header class="kiosk__bar">
        <div class="kiosk__name">
          <h1 class="kiosk__title" tabIndex={-1}>
            {title}
          </h1>
          <p class="kiosk__date">{date}</p>
        </div>
        {status}
        <p class="kiosk__clock">{clock}</p>
      </header>
      <div class="kiosk__hint">
        <p>{paired ? 'Arrived? Tap your name to check in.' : 'Today at the salon'}</p>
        <ul class="kiosk__legend" aria-label="Legend">
          <li class="kiosk__key kiosk__key--booked">Booked</li>
          <li class="kiosk__key kiosk__key--held">Being booked</li>
          <li class="kiosk__key kiosk__key--free">Free</li>
          <li class="kiosk__key kiosk__key--past">Past</li>
        </ul>
        <div class="kiosk__tools">
          {!paired && (
            <button type="button" class="kiosk__tool" onClick={onPair}>
              Pair screen
            </button>
          )}
          <button
            type="button"
            class="kiosk__tool kiosk__fullscreen"
            onClick={() => void document.documentElement.requestFullscreen?.().catch(() => {})}
          >
            Full screen
          </button>
        </div>
      </div>
      {children}
    </div>
  );
}

function Screen({
  salon,
  session,
  reloadSalon,
  onPair,
}: {
  salon: SalonDetail;
  session: KioskSessionState;
  reloadSalon: () => void;
  onPair: () => void;
}) {
  const life = useStore(liveness);
  const conn = useStore(connection);
  const now = useNow(1000) + life.clockOffset;
  const minute = Math.floor(now / 60_000) * 60_000;
  const date = localDate(new Date(now), salon.timezone);
  const day = useDay(salon.id, date, { wholeDay: true });
  const names = useKioskBookings(session.token, date, day.slots, session.forget);
  const [checking, setChecking] = useState<KioskBooking | null>(null);

  const byId = useMemo(() => (names.items ? new Map(names.items.map((b) => [b.id, b])) : null), [names.items]);
  const board = useMemo(
    () =>
      buildBoard(day.slots ?? [], {
        staffOrder: salon.staff.map((s) => s.id),
        bookings: names.items ?? [],
        now: minute,
        mergeFree: true,
      }),
    [day.slots, names.items, minute, salon],
  );
  // A stylist added since the salon was read: read it again for their name.
  const unknown = board.columns.filter((c) => !salon.staff.some((s) => s.id === c.staffId)).length;
  useEffect(() => {
    if (unknown > 0) reloadSalon();
  }, [unknown]);

  const live = life.alive && conn === 'connected' && day.live;
  // Down only once the server stopped answering: while the day's snapshot is on its way, it is connecting.
  const down = !life.alive || conn !== 'connected';
  const paired = session.token !== null;
  const staffName = (id: number) => salon.staff.find((s) => s.id === id)?.name ?? 'your stylist';
  return (
    <Frame
      title={salon.name}
      date={dayLabel(date, { weekday: 'long', day: 'numeric', month: 'long' })}
      status={<Status live={live} down={down} lastSeen={life.lastSeen} timeZone={salon.timezone} />}
      clock={<time dateTime={new Date(now).toISOString()}>{localTime(new Date(now), salon.timezone)}</time>}
      paired={paired}
      onPair={onPair}
    >
      {day.slots === null ? (
        <p class="kiosk__message">
          {down && life.lastSeen !== null ? 'Waiting for the connection…' : "Loading today's schedule…"}
        </p>
      ) : board.columns.length === 0 ? (
        <p class="kiosk__message">The salon is closed today.</p>
      ) : (
        <KioskBoard salon={salon} board={board} now={now} bookings={paired ? byId : null} onCheckIn={setChecking} />
      )}
      {checking && session.token && (
        <KioskCheckIn
          booking={checking}
          token={session.token}
          timeZone={salon.timezone}
          staffName={staffName(checking.staffId)}
          onClose={() => setChecking(null)}
          onDone={names.refresh}
        />
      )}
    </Frame>
  );
}

export function KioskPage({ salonId }: { salonId: string }) {
  const id = Number(salonId);
  const salon = useResource((signal) => api.salon(id, signal), [id]);
  const session = useKioskSession(id);
  const [pairing, setPairing] = useState(false);
  const update = useStore(updateAvailable);
  useWakeLock();
  useEffect(() => keepAlive(), []);
  useEffect(prepareFormatting, []);

  // Nobody is at the kiosk to press a button: retry, resync and update on its own.
  const missing = salon.error instanceof ApiError && salon.error.status === 404;
  useEffect(() => {
    if (salon.error === undefined || missing) return;
    const t = setTimeout(salon.reload, 10_000);
    return () => clearTimeout(t);
  }, [salon.error]);
  useEffect(() => {
    const t = setInterval(resyncAll, RESYNC_MS);
    return () => clearInterval(t);
  }, []);
  useEffect(() => {
    if (update) applyUpdate();
  }, [update]);

  if (missing) {
    return (
      <div class="kiosk">
        <h1 class="kiosk__message" tabIndex={-1}>
          Salon not found
        </h1>
      </div>
    );
  }
  const onPair = () => setPairing(true);
  const waiting = salon.error !== undefined;
  return (
    <>
      {salon.data ? (
        <Screen salon={salon.data} session={session} reloadSalon={salon.reload} onPair={onPair} />
      ) : (
        // The salon's name, zone and clock are on their way: the frame as it will be, with the
        // message the day shows while it loads (placeholders hold the size of what is to come).
        <Frame
          title="Salon schedule"
          date={'\u00a0'}
          status={<Status live={false} down={waiting} lastSeen={null} timeZone="UTC" />}
          clock={
            <span class="kiosk__placeholder" aria-hidden="true">
              00:00
            </span>
          }
          paired={session.token !== null}
          onPair={onPair}
        >
          <p class="kiosk__message">{waiting ? 'Waiting for the connection…' : "Loading today's schedule…"}</p>
        </Frame>
      )}
      {pairing && <KioskPairing onPair={session.pair} onClose={() => setPairing(false)} />}
    </>
  );
}
