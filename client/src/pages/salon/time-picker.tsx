import { type DaySummary, localTime, type SalonDetail, type Service, type Slot } from '@glamify/shared';
import { useEffect } from 'preact/hooks';
import { DayFull } from '../../components/day-full/day-full';
import { lazyPage } from '../../components/lazy-page/lazy-page';
import { EmptyState, ErrorState } from '../../components/status-view/status-view';
import { useFreeStarts } from '../../hooks/use-free-starts';
import { dayLabel, plural, zoneDiffers, zoneName } from '../../lib/format';
import { navigate } from '../../lib/router';
import { session } from '../../lib/session';

/**
 * The checkout of one slot. `anyStaff`: the customer chose "any stylist", so
 * the booking may go to another free stylist at that time; otherwise it is
 * exactly this stylist's slot.
 */
export function checkoutUrl(p: {
  salonId: number;
  serviceId: number;
  slot: Pick<Slot, 'id' | 'staffId' | 'startsAt'>;
  date: string;
  anyStaff: boolean;
}): string {
  const q = new URLSearchParams({
    salon: String(p.salonId),
    service: String(p.serviceId),
    slot: String(p.slot.id),
    staff: String(p.slot.staffId),
    at: p.slot.startsAt,
    date: p.date,
    ...(p.anyStaff ? { any: '1' } : {}),
  });
  return `/checkout?${q}`;
}

/** Opens the checkout for a slot, through sign-in when needed. */
export function openCheckout(url: string, opts: { replace?: boolean } = {}): void {
  if (session.get()) navigate(url, opts);
  else navigate(`/login?next=${encodeURIComponent(url)}`, opts);
}

// Only a day without free times offers the waitlist: its code comes when one is shown.
const WaitlistJoin = lazyPage(
  () => import('../../components/waitlist-join/waitlist-join').then((m) => m.WaitlistJoin),
  { quiet: true },
);

function partOfDay(hhmm: string): 'Morning' | 'Afternoon' | 'Evening' {
  const h = Number(hhmm.slice(0, 2));
  return h < 12 ? 'Morning' : h < 17 ? 'Afternoon' : 'Evening';
}

export function TimePicker({
  salon,
  service,
  staffId,
  date,
  day,
  nextFree,
  onPickDay,
  onPick,
  step = 4,
  onFreeCount,
}: {
  salon: SalonDetail;
  service: Service;
  staffId: number | undefined;
  /** undefined while the first free day is being looked up. */
  date: string | undefined;
  /** What the day has, from the day summaries (the live list decides the times themselves). */
  day?: DaySummary | undefined;
  /** The next day with free times, for a day without any. */
  nextFree?: string | undefined;
  /** Given: a day without free times says why and offers the next free day (`DayFull`). */
  onPickDay?: (date: string) => void;
  /** What a tap on a time does; by default it opens the checkout (a reschedule confirms the move instead). */
  onPick?: (slot: Slot) => void;
  /** The step number in the heading. */
  step?: number;
  /** Told the live count of free times of the day whenever it changes (the day's chip shows it). */
  onFreeCount?: (date: string, count: number) => void;
}) {
  const free = useFreeStarts(salon, service, staffId, date);
  const liveCount = free.mode === 'live' ? free.starts.length : undefined;
  useEffect(() => {
    if (date !== undefined && liveCount !== undefined) onFreeCount?.(date, liveCount);
  }, [date, liveCount]);
  const staffName = (id: number) => salon.staff.find((s) => s.id === id)?.name ?? 'a stylist';

  const groups = new Map<string, Slot[]>();
  for (const s of free.starts) {
    const part = partOfDay(localTime(s.startsAt, salon.timezone));
    groups.set(part, [...(groups.get(part) ?? []), s]);
  }

  let status: string;
  if (free.mode === 'live') {
    status =
      free.watching && free.watching > 1
        ? `Live · ${plural(free.watching, 'person is', 'people are')} looking at this day`
        : 'Live · times update as people book';
  } else if (free.mode === 'fallback') {
    status = 'Live updates paused — reconnecting. Times may be out of date.';
  } else if (free.mode === 'error') {
    status = 'Could not load free times.';
  } else {
    status = 'Loading free times…';
  }

  // Times are the salon's wall clock; say so when this device's clock reads differently.
  const otherZone = date !== undefined && zoneDiffers(`${date}T12:00:00Z`, salon.timezone);
  return (
    <section class="picker time-picker" aria-labelledby="times-heading">
      <h2 id="times-heading" class="picker__title">
        <span class="step">{step}</span> Free times{date ? ` · ${dayLabel(date)}` : ''}
      </h2>
      {otherZone && <p class="zone-note">Times are {zoneName(salon.timezone, `${date}T12:00:00Z`)}.</p>}
      <p class={`live-status live-status--${free.mode}`} role="status">
        <span class="live-dot" aria-hidden="true" />
        {status}
      </p>
      {free.mode === 'error' && <ErrorState error={free.error} />}
      {free.mode === 'loading' && (
        <div class="time-grid time-grid--skeleton" aria-hidden="true">
          {Array.from({ length: 8 }, (_, i) => (
            <span key={i} class="skeleton" />
          ))}
        </div>
      )}
      {(free.mode === 'live' || free.mode === 'fallback') &&
        free.starts.length === 0 &&
        date &&
        (onPickDay ? (
          <DayFull
            service={service}
            stylistName={staffId === undefined ? undefined : staffName(staffId)}
            date={date}
            status={day?.status === 'free' ? 'full' : day?.status}
            nextFree={nextFree}
            onPickDay={onPickDay}
          >
            <WaitlistJoin salon={salon} serviceId={service.id} date={date} staffId={staffId} />
          </DayFull>
        ) : (
          <EmptyState title="No free times on this day">
            <p>Try another day{staffId !== undefined ? ' or any stylist' : ''}.</p>
            <WaitlistJoin salon={salon} serviceId={service.id} date={date} staffId={staffId} />
          </EmptyState>
        ))}
      {[...groups].map(([part, slots]) => (
        <div key={part} class="time-group">
          <h3 class="time-group__title">{part}</h3>
          <ul class="time-grid">
            {slots.map((s) => {
              const time = localTime(s.startsAt, salon.timezone);
              return (
                <li key={s.id}>
                  <button
                    type="button"
                    class="time-btn"
                    data-slot-id={s.id}
                    aria-label={`${time}${staffId === undefined ? ` with ${staffName(s.staffId)}` : ''}`}
                    onClick={() =>
                      onPick
                        ? onPick(s)
                        : openCheckout(
                            checkoutUrl({
                              salonId: salon.id,
                              serviceId: service.id,
                              slot: s,
                              date: date ?? '',
                              anyStaff: staffId === undefined,
                            }),
                          )
                    }
                  >
                    {time}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}
