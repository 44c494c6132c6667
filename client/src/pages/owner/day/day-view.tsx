/**
 * The owner's day: the week around it, what the day holds (bookings that
 * hold time are counted; cancelled ones are listed apart), the calendar
 * (live: whole-day slots over the socket, bookings read as they change), and
 * the panels beside it. Dialogs for a booking, a new booking and a move.
 */
import { type Booking, localDate, type SalonDetail } from '@glamify/shared';
import { useMemo, useState } from 'preact/hooks';
import { ErrorState, Loading } from '../../../components/status-view/status-view';
import { useDay } from '../../../hooks/use-day';
import { useNow } from '../../../hooks/use-now';
import { useStore } from '../../../hooks/use-store';
import { buildBoard } from '../../../lib/day-board';
import { dayLabel, plural } from '../../../lib/format';
import { location, replaceQuery } from '../../../lib/router';
import { BookingPanel } from './booking-panel';
import { DayCalendar } from './day-calendar';
import { DaySide } from './day-side';
import { NewBookingDialog, type PickedTime } from './new-booking-dialog';
import { RescheduleDialog } from './reschedule-dialog';
import { useDayBookings } from './use-day-bookings';
import { WeekStrip } from './week-strip';

export function DayView({ salon }: { salon: SalonDetail }) {
  const params = new URLSearchParams(useStore(location).search);
  const now = useNow(15_000);
  const today = localDate(new Date(now), salon.timezone);
  const asked = params.get('date') ?? '';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : today;
  const day = useDay(salon.id, date, { wholeDay: true });
  const list = useDayBookings(salon.id, date, day.slots);
  const [openId, setOpenId] = useState<number | null>(null);
  const [moving, setMoving] = useState<Booking | null>(null);
  const [pick, setPick] = useState<PickedTime | null>(null);

  const items = list.items ?? [];
  const active = items.filter((b) => b.status !== 'CANCELLED');
  const cancelled = items.filter((b) => b.status === 'CANCELLED');
  const here = active.filter((b) => b.checkedInAt).length;
  const byId = useMemo(() => new Map(items.map((b) => [b.id, b])), [list.items]);
  const minute = Math.floor(now / 60_000) * 60_000;
  const board = useMemo(
    () =>
      buildBoard(day.slots ?? [], {
        staffOrder: salon.staff.map((s) => s.id),
        bookings: active,
        now: minute,
        mergeFree: false,
      }),
    [day.slots, list.items, minute, salon],
  );
  const open = openId !== null ? byId.get(openId) : undefined;

  return (
    <section class="owner-day" aria-labelledby="day-heading">
      <WeekStrip date={date} today={today} onPick={(d) => replaceQuery({ date: d === today ? null : d })} />
      <div class="owner-day__summary">
        <h2 id="day-heading">
          {date === today ? 'Today' : dayLabel(date, { weekday: 'long' })}
          <span class="muted"> · {dayLabel(date, { weekday: undefined, day: 'numeric', month: 'long' })}</span>
        </h2>
        <p class="owner-day__counts" role="status">
          {list.items === null
            ? ''
            : [
                plural(active.length, 'booking', 'bookings'),
                ...(here ? [`${here} checked in`] : []),
                ...(cancelled.length ? [`${cancelled.length} cancelled`] : []),
              ].join(' · ')}
        </p>
        <p class="muted owner-day__hint">Pick a free time to book a walk-in or a phone booking.</p>
      </div>
      {list.error !== undefined && list.items === null && <ErrorState error={list.error} onRetry={list.reload} />}
      <div class="owner-day__layout">
        <div class="owner-day__calendar">
          {day.slots === null ? (
            <Loading label="Loading the day…" />
          ) : board.columns.length === 0 ? (
            <p class="state state--empty">The salon is closed on this day.</p>
          ) : (
            <DayCalendar
              salon={salon}
              board={board}
              now={now}
              bookings={byId}
              onFree={(block) =>
                setPick({
                  slotId: block.slotIds[0] as number,
                  staffId: block.staffId,
                  startsAt: new Date(block.start).toISOString(),
                })
              }
              onBooking={(b) => setOpenId(b.id)}
            />
          )}
        </div>
        <DaySide salon={salon} date={date} cancelled={cancelled} onOpen={(b) => setOpenId(b.id)} />
      </div>
      {open && !moving && (
        <BookingPanel
          booking={open}
          salon={salon}
          now={now}
          onChanged={() => list.reload()}
          onReschedule={() => setMoving(open)}
          onClose={() => setOpenId(null)}
        />
      )}
      {moving && (
        <RescheduleDialog
          salon={salon}
          booking={moving}
          onDone={() => list.reload()}
          onClose={() => {
            setMoving(null);
            setOpenId(null);
          }}
        />
      )}
      {pick && day.slots && (
        <NewBookingDialog
          salon={salon}
          pick={pick}
          slots={day.slots}
          onBooked={list.reload}
          onClose={() => setPick(null)}
        />
      )}
    </section>
  );
}
