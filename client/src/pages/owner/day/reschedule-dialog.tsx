/**
 * Moving a booking (POST /bookings/:id/reschedule): the owner picks a day
 * and one of the free times where the whole booking fits (as many slots as
 * it holds now, its cleanup included), the same stylist's first. The move
 * is one transaction on the server; a time taken meanwhile comes back with
 * nearby free times.
 */
import { addDays, type Booking, fittingStarts, localDate, localTime, type SalonDetail } from '@glamify/shared';
import { useMemo, useState } from 'preact/hooks';
import { Dialog } from '../../../components/dialog/dialog';
import { useDay } from '../../../hooks/use-day';
import { ApiError, api } from '../../../lib/api';
import { messageOf } from '../../../lib/api-error';
import { dayLabel } from '../../../lib/format';
import { uuid } from '../../../lib/uuid';

function failure(err: unknown): string {
  // A server without the reschedule route answers 404 NOT_FOUND (a missing booking is BOOKING_NOT_FOUND).
  if (err instanceof ApiError && err.code === 'NOT_FOUND') return 'Rescheduling is not available on this server yet.';
  return messageOf(err);
}

export function RescheduleDialog({
  salon,
  booking,
  onDone,
  onClose,
}: {
  salon: SalonDetail;
  booking: Booking;
  onDone: (b: Booking) => void;
  onClose: () => void;
}) {
  const tz = salon.timezone;
  const today = localDate(new Date(), tz);
  const [date, setDate] = useState(localDate(booking.startsAt, tz));
  const [chosen, setChosen] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = useMemo(() => uuid(), [booking.id, chosen]);
  const day = useDay(salon.id, date, { wholeDay: true });
  const needed = Math.max(1, booking.slotIds.length);
  const starts = useMemo(() => {
    // A move is booked like a new booking: not sooner than the salon's notice.
    const earliest = Date.now() + salon.minNoticeMinutes * 60_000;
    return fittingStarts(day.slots ?? [], needed)
      .filter((s) => Date.parse(s.startsAt) >= earliest)
      .sort((a, b) => Number(b.staffId === booking.staffId) - Number(a.staffId === booking.staffId));
  }, [day.slots, needed]);
  const byStaff = salon.staff
    .map((st) => ({ staff: st, starts: starts.filter((s) => s.staffId === st.id) }))
    .filter((g) => g.starts.length > 0)
    .sort((a, b) => Number(b.staff.id === booking.staffId) - Number(a.staff.id === booking.staffId));

  const submit = async () => {
    if (chosen === null) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await api.rescheduleBooking(booking.id, { slotId: chosen, idempotencyKey: key }));
      onClose();
    } catch (err) {
      setError(failure(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Move ${booking.customerName}'s booking`} onClose={onClose} class="dialog--wide">
      <p class="muted">
        Now {dayLabel(localDate(booking.startsAt, tz))} at {localTime(booking.startsAt, tz)} with {booking.staffName}.
      </p>
      <div class="day-nav">
        <button
          type="button"
          class="btn btn--ghost btn--small"
          disabled={date <= today}
          onClick={() => setDate(addDays(date, -1))}
          aria-label="Previous day"
        >
          ←
        </button>
        <h3 class="day-nav__label">{dayLabel(date, { weekday: 'long', day: 'numeric', month: 'long' })}</h3>
        <button
          type="button"
          class="btn btn--ghost btn--small"
          onClick={() => setDate(addDays(date, 1))}
          aria-label="Next day"
        >
          →
        </button>
      </div>
      {day.slots === null ? (
        <p role="status">Loading free times…</p>
      ) : byStaff.length === 0 ? (
        <p>No free time fits this booking on that day.</p>
      ) : (
        <fieldset class="move-times">
          <legend class="visually-hidden">Free times</legend>
          {byStaff.map((g) => (
            <div key={g.staff.id} class="move-times__staff">
              <p class="move-times__name">{g.staff.name}</p>
              <div class="move-times__list">
                {g.starts.map((s) => (
                  <label key={s.id} class={`chip${chosen === s.id ? ' is-chosen' : ''}`}>
                    <input
                      type="radio"
                      name="move-to"
                      class="visually-hidden"
                      checked={chosen === s.id}
                      onChange={() => setChosen(s.id)}
                    />
                    {localTime(s.startsAt, tz)}
                  </label>
                ))}
              </div>
            </div>
          ))}
        </fieldset>
      )}
      {error && (
        <p class="field__error" role="alert">
          {error}
        </p>
      )}
      <div class="panel-actions">
        <button type="button" class="btn" disabled={chosen === null || busy} onClick={() => void submit()}>
          {busy ? 'Moving…' : 'Move booking'}
        </button>
        <button type="button" class="btn btn--ghost" onClick={onClose}>
          Keep as it is
        </button>
      </div>
    </Dialog>
  );
}
