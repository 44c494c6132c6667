/**
 * The owner's day: a column per stylist working that day, blocks by time.
 * A free time that is not over is a button (book a walk-in or a phone
 * booking there); a booking is a button that opens it; held times say
 * "being booked"; the cleanup after a service is shaded as taken; a line
 * marks now.
 */
import { type Booking, localTime, type SalonDetail } from '@glamify/shared';
import { useEffect, useRef } from 'preact/hooks';
import { type Block, type Board, hourMarks, nowFraction } from '../../../lib/day-board';

/** Pixels per minute: 15 minutes are 24 px. */
const PX = 1.6;

export interface CalendarProps {
  salon: SalonDetail;
  board: Board;
  now: number;
  bookings: ReadonlyMap<number, Booking>;
  onFree: (block: Block) => void;
  onBooking: (booking: Booking) => void;
}

function place(board: Board, from: number, to: number) {
  return { top: `${((from - board.start) / 60_000) * PX}px`, height: `${((to - from) / 60_000) * PX}px` };
}

function BlockView({ block, props, staffName }: { block: Block; props: CalendarProps; staffName: string }) {
  const { board, salon, bookings } = props;
  const tz = salon.timezone;
  const from = localTime(new Date(block.start), tz);
  const to = localTime(new Date(block.end), tz);
  const style = place(board, block.start, block.end);
  if (block.kind === 'free') {
    // The slot under way can still take a walk-in; one that is over cannot.
    if (block.past) return <li class="cal-block cal-block--past" style={style} aria-hidden="true" />;
    return (
      <li class="cal-block cal-block--free" style={style}>
        <button type="button" class="cal-free" data-slot-id={block.slotIds[0]} onClick={() => props.onFree(block)}>
          <span class="visually-hidden">Book </span>
          {from}
          <span class="visually-hidden"> with {staffName}</span>
        </button>
      </li>
    );
  }
  if (block.kind === 'held') {
    return (
      <li class={`cal-block cal-block--held${block.past ? ' is-past' : ''}`} style={style}>
        <span class="visually-hidden">{`${from} to ${to}: `}</span>Being booked
      </li>
    );
  }
  const booking = block.bookingId !== null ? bookings.get(block.bookingId) : undefined;
  if (!booking) {
    return (
      <li class="cal-block cal-block--booked" style={style}>
        <span class="cal-booking">
          <span class="visually-hidden">{`${from} to ${to}: `}</span>Booked
        </span>
      </li>
    );
  }
  const status = booking.status.toLowerCase().replace('_', '-');
  const buffer =
    block.serviceEnd !== null && block.serviceEnd < block.end ? (
      <span
        class="cal-buffer"
        aria-hidden="true"
        style={{ height: `${((block.end - block.serviceEnd) / 60_000) * PX}px` }}
      />
    ) : null;
  return (
    <li class={`cal-block cal-block--booked cal-block--${status}${block.past ? ' is-past' : ''}`} style={style}>
      <button type="button" class="cal-booking" data-booking-id={booking.id} onClick={() => props.onBooking(booking)}>
        <span class="cal-booking__line">
          <strong>{localTime(booking.startsAt, tz)}</strong> {booking.customerName}
          {booking.checkedInAt && <span class="cal-here"> ✓ here</span>}
        </span>
        <span class="cal-booking__line cal-booking__sub">
          {booking.items.map((i) => i.name).join(', ')}
          {booking.status === 'PENDING' && booking.payment?.status === 'DUE'
            ? ' · awaiting deposit'
            : booking.status !== 'CONFIRMED' && ` · ${status}`}
          {booking.guest && ' · walk-in'}
        </span>
        <span class="visually-hidden">{`, until ${localTime(booking.endsAt, tz)}${booking.status === 'CONFIRMED' ? ', confirmed' : ''}`}</span>
      </button>
      {buffer}
    </li>
  );
}

export function DayCalendar(props: CalendarProps) {
  const { salon, board, now } = props;
  const names = new Map(salon.staff.map((s) => [s.id, s.name]));
  const at = nowFraction(board, now);
  const height = ((board.end - board.start) / 60_000) * PX;
  const scrollRef = useRef<HTMLDivElement>(null);
  // Opening today's calendar shows what is happening now, not the morning; once per day shown.
  useEffect(() => {
    const box = scrollRef.current;
    if (box && at !== null) box.scrollTop = Math.max(0, at * height - box.clientHeight / 3);
  }, [board.start]);
  return (
    <div class="cal-scroll" ref={scrollRef}>
      <div class="cal" style={{ '--cols': board.columns.length }}>
        <div class="cal__head" aria-hidden="true">
          <span />
          {board.columns.map((c) => (
            <span key={c.staffId} class="cal__stylist">
              {names.get(c.staffId) ?? 'Stylist'}
            </span>
          ))}
        </div>
        <div class="cal__body" style={{ height: `${height}px` }}>
          <div class="cal__axis" aria-hidden="true">
            {hourMarks(board, salon.timezone).map((m) => (
              <span key={m.at} class="cal__hour" style={{ top: `${((m.at - board.start) / 60_000) * PX}px` }}>
                {m.label}
              </span>
            ))}
          </div>
          {board.columns.map((c, i) => (
            <section
              key={c.staffId}
              class="cal__col"
              style={{ gridColumn: String(i + 2) }}
              aria-label={names.get(c.staffId) ?? 'Stylist'}
              data-staff-id={c.staffId}
            >
              <h3 class="visually-hidden">{names.get(c.staffId) ?? 'Stylist'}</h3>
              <ul class="cal__list">
                {c.blocks.map((b) => (
                  <BlockView
                    key={`${b.start}-${b.kind}-${b.bookingId ?? ''}`}
                    block={b}
                    props={props}
                    staffName={names.get(c.staffId) ?? 'the stylist'}
                  />
                ))}
              </ul>
            </section>
          ))}
          {at !== null && (
            <div class="cal__now" style={{ top: `${at * height}px` }}>
              <span class="visually-hidden">Now, {localTime(new Date(now), salon.timezone)}</span>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
