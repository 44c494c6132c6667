/** Picking the new time for a booking, and confirming the move. */
import { type Alternative, addDays, type Booking, localDate, type SalonDetail, type Service } from '@glamify/shared';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AddToCalendar } from '../../components/add-to-calendar/add-to-calendar';
import { AppLink } from '../../components/app-link/app-link';
import { useDaySummaries } from '../../hooks/use-day-summaries';
import { api } from '../../lib/api';
import { ApiError } from '../../lib/api-error';
import { bookingsVersion } from '../../lib/cancellations';
import { whenLabel } from '../../lib/format';
import { uuid } from '../../lib/uuid';
import { DayPicker } from '../salon/day-picker';
import { TimePicker } from '../salon/time-picker';
import { type Choice, MoveConfirm, type MoveState } from './move-confirm';
import './reschedule.css';

const DAYS = 14;

/** The booking's whole length (every item, with buffers), as one "service" for the picker to fit. */
function bookingAsService(booking: Booking, salon: SalonDetail): Service {
  const first = salon.services.find((s) => s.id === booking.items[0]?.serviceId);
  const buffers = booking.items.reduce(
    (sum, i) => sum + (salon.services.find((s) => s.id === i.serviceId)?.bufferMinutes ?? 0),
    0,
  );
  return {
    id: booking.items[0]?.serviceId ?? first?.id ?? 0,
    name: booking.items.map((i) => i.name).join(', '),
    description: '',
    durationMinutes: booking.totalDurationMinutes,
    bufferMinutes: buffers,
    priceCents: booking.totalPriceCents,
    currency: booking.currency,
    active: true,
  };
}

export function Reschedule({ booking, salon }: { booking: Booking; salon: SalonDetail }) {
  const today = localDate(new Date(), salon.timezone);
  const days = useMemo(() => Array.from({ length: DAYS }, (_, i) => addDays(today, i)), [today]);
  const current = localDate(booking.startsAt, salon.timezone);
  const [date, setDate] = useState(days.includes(current) ? current : today);
  const stylistWorks = salon.staff.some((s) => s.id === booking.staffId && s.active);
  const [anyStaff, setAnyStaff] = useState(!stylistWorks);
  const [choice, setChoice] = useState<Choice | null>(null);
  const [state, setState] = useState<MoveState>({ phase: 'idle' });
  const service = useMemo(() => bookingAsService(booking, salon), [booking, salon]);
  // Day states are per service: exact for a one-service booking; a longer one chooses without them.
  const { summaries, onFreeCount } = useDaySummaries(
    {
      salonId: salon.id,
      serviceId: service.id,
      staffId: anyStaff ? undefined : booking.staffId,
      from: today,
      days: DAYS,
    },
    booking.items.length === 1,
  );
  const headingRef = useRef<HTMLHeadingElement>(null);
  // One key per picked time: a retry after a lost answer never moves twice.
  const key = useMemo(() => (choice ? uuid() : ''), [choice?.slotId, anyStaff]);

  useEffect(() => {
    if (state.phase === 'moved') headingRef.current?.focus();
  }, [state.phase]);

  const confirm = async () => {
    if (!choice) return;
    setState({ phase: 'sending' });
    try {
      const moved = await api.rescheduleBooking(booking.id, {
        slotId: choice.slotId,
        ...(anyStaff ? { anyStaff: true } : {}),
        idempotencyKey: key,
      });
      bookingsVersion.update((v) => v + 1);
      setState({ phase: 'moved', booking: moved });
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'SLOT_BOOKED' || error.code === 'SLOT_LOCKED')) {
        setState({ phase: 'conflict', alternatives: error.alternatives });
      } else {
        setState({ phase: 'error', error });
      }
    }
  };
  const pickAlternative = (a: Alternative) => {
    setChoice({ slotId: a.slotId, staffId: a.staffId, startsAt: a.startsAt });
    setDate(localDate(a.startsAt, salon.timezone));
    setState({ phase: 'idle' });
  };

  if (state.phase === 'moved') {
    const b = state.booking;
    return (
      <section class="panel panel--success" aria-labelledby="moved-heading">
        <p class="success-mark" aria-hidden="true">
          ✓
        </p>
        <h1 id="moved-heading" ref={headingRef} tabIndex={-1}>
          Your booking has moved
        </h1>
        <p class="lead">
          {salon.name}, {whenLabel(b.startsAt, salon.timezone)} with {b.staffName}
        </p>
        <div class="actions">
          <AddToCalendar bookingId={b.id} class="btn btn--secondary" />
          <AppLink href="/bookings" class="btn btn--ghost">
            My bookings
          </AppLink>
        </div>
      </section>
    );
  }

  return (
    <>
      <div class="salon-head">
        <h1 tabIndex={-1}>Move your booking</h1>
        <p class="salon-head__address">
          {booking.items.map((i) => i.name).join(', ')} at {salon.name} · now{' '}
          <strong>{whenLabel(booking.startsAt, salon.timezone)}</strong> with {booking.staffName}
        </p>
      </div>
      {choice && (
        <MoveConfirm
          booking={booking}
          salon={salon}
          choice={choice}
          state={state}
          onConfirm={() => void confirm()}
          onCancel={() => {
            setChoice(null);
            setState({ phase: 'idle' });
          }}
          onAlternative={pickAlternative}
        />
      )}
      <div class="booking-layout reschedule">
        <div class="booking-layout__choices">
          <fieldset class="picker">
            <legend>
              <span class="step">1</span> Stylist
            </legend>
            <div class="chip-row">
              {stylistWorks && (
                <label class="choice choice--chip">
                  <input type="radio" name="who" checked={!anyStaff} onChange={() => setAnyStaff(false)} />
                  <span>{booking.staffName}</span>
                </label>
              )}
              <label class="choice choice--chip">
                <input type="radio" name="who" checked={anyStaff} onChange={() => setAnyStaff(true)} />
                <span>Any stylist</span>
              </label>
            </div>
          </fieldset>
          <DayPicker days={days} summaries={summaries} value={date} onChange={setDate} step={2} />
        </div>
        <TimePicker
          salon={salon}
          service={service}
          staffId={anyStaff ? undefined : booking.staffId}
          date={date}
          day={summaries?.get(date)}
          step={3}
          onFreeCount={onFreeCount}
          onPick={(s) => {
            setChoice({ slotId: s.id, staffId: s.staffId, startsAt: s.startsAt });
            setState({ phase: 'idle' });
          }}
        />
      </div>
    </>
  );
}
