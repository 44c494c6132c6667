import { localDate, localTime, type SalonDetail } from '@glamify/shared';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { useDay } from '../../hooks/use-day';
import { useNow } from '../../hooks/use-now';
import { useResource } from '../../hooks/use-resource';
import { useStore } from '../../hooks/use-store';
import { api } from '../../lib/api';
import { ApiError } from '../../lib/api-error';
import { dayLabel } from '../../lib/format';
import { connection, resyncAll } from '../../lib/socket';
import { applyUpdate, updateAvailable } from '../../lib/sw';
import { kioskRows } from './kiosk-grid';

const RESYNC_MS = 10 * 60 * 1000;

/** Keeps the screen on while the kiosk is visible, where the browser allows it. */
function useWakeLock(): void {
  useEffect(() => {
    let lock: WakeLockSentinel | undefined;
    const request = () => {
      if (document.visibilityState === 'visible' && 'wakeLock' in navigator) {
        navigator.wakeLock.request('screen').then(
          (l) => {
            lock = l;
          },
          () => {},
        );
      }
    };
    request();
    document.addEventListener('visibilitychange', request);
    return () => {
      document.removeEventListener('visibilitychange', request);
      void lock?.release().catch(() => {});
    };
  }, []);
}

const statusText = { available: 'Free', locked: 'Being booked', booked: 'Booked' } as const;

function Schedule({ salon }: { salon: SalonDetail }) {
  const now = useNow(1000);
  const date = localDate(new Date(now), salon.timezone);
  const day = useDay(salon.id, date);
  const conn = useStore(connection);
  const staff = salon.staff.filter((s) => s.active);
  const staffIds = useMemo(() => staff.map((s) => s.id), [salon]);
  const rows = useMemo(
    () => (day.slots ? kioskRows(day.slots, staffIds, salon.timezone) : []),
    [day.slots, staffIds, salon.timezone],
  );
  const nowRef = useRef<HTMLTableRowElement>(null);
  const minute = Math.floor(now / 60_000);

  // Keep the current time in view as the day goes by.
  useEffect(() => {
    nowRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [minute, rows.length > 0]);

  const reconnecting = conn !== 'connected' || !day.live;
  return (
    <div class="kiosk">
      <header class="kiosk__bar">
        <div>
          <h1 class="kiosk__title" tabIndex={-1}>
            {salon.name}
          </h1>
          <p class="kiosk__date">{dayLabel(date, { weekday: 'long', day: 'numeric', month: 'long' })}</p>
        </div>
        <div class="kiosk__right">
          <p class={`kiosk__conn${reconnecting ? ' kiosk__conn--down' : ''}`} role="status">
            {reconnecting ? 'reconnecting…' : day.watching ? 'live' : ''}
          </p>
          <p class="kiosk__clock">
            <time dateTime={new Date(now).toISOString()}>{localTime(new Date(now), salon.timezone)}</time>
          </p>
          <button
            type="button"
            class="kiosk__fullscreen"
            onClick={() => void document.documentElement.requestFullscreen?.().catch(() => {})}
          >
            Full screen
          </button>
        </div>
      </header>
      <div class="kiosk__scroll">
        <ul class="kiosk__legend" aria-label="Legend">
          <li class="kiosk__key kiosk__key--booked">Booked</li>
          <li class="kiosk__key kiosk__key--locked">Being booked</li>
          <li class="kiosk__key kiosk__key--available">Free</li>
          <li class="kiosk__key kiosk__key--off">Not working</li>
        </ul>
        <table class="kiosk__grid">
          <caption class="visually-hidden">Today's schedule by stylist</caption>
          <thead>
            <tr>
              <th scope="col" class="kiosk__timehead">
                Time
              </th>
              {staff.map((s) => (
                <th scope="col" key={s.id} class="kiosk__stylist">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          {rows.length === 0 ? (
            <tbody>
              <tr>
                <td colSpan={staff.length + 1} class="kiosk__message">
                  {day.slots === null ? "Loading today's schedule…" : 'No appointments today.'}
                </td>
              </tr>
            </tbody>
          ) : (
            <tbody>
              {rows.map((r) => {
                const isNow = r.startsAt <= now && now < r.endsAt;
                const past = r.endsAt <= now;
                return (
                  <tr
                    key={r.startsAt}
                    ref={isNow ? nowRef : undefined}
                    class={`${isNow ? 'is-now' : ''}${past ? ' is-past' : ''}`}
                  >
                    <th scope="row" class="kiosk__time">
                      {r.time}
                    </th>
                    {r.cells.map((c, i) =>
                      c === null ? (
                        <td key={staffIds[i]} class="kiosk__cell kiosk__cell--off" />
                      ) : c.span === 0 ? null : (
                        <td key={staffIds[i]} rowSpan={c.span} class={`kiosk__cell kiosk__cell--${c.status}`}>
                          {c.status !== 'available' && (
                            <span class="kiosk__block">
                              <strong>{statusText[c.status]}</strong>
                              {c.span > 1 && (
                                <span>
                                  {c.from}–{c.to}
                                </span>
                              )}
                            </span>
                          )}
                          {c.status === 'available' && <span class="visually-hidden">Free</span>}
                        </td>
                      ),
                    )}
                  </tr>
                );
              })}
            </tbody>
          )}
        </table>
      </div>
    </div>
  );
}

export function KioskPage({ salonId }: { salonId: string }) {
  const id = Number(salonId);
  const salon = useResource((signal) => api.salon(id, signal), [id]);
  const update = useStore(updateAvailable);
  useWakeLock();

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

  if (salon.data) return <Schedule salon={salon.data} />;
  return (
    <div class="kiosk">
      <h1 class="kiosk__message" tabIndex={-1}>
        {missing ? 'Salon not found' : salon.error !== undefined ? 'Waiting for the connection…' : 'Loading…'}
      </h1>
    </div>
  );
}
