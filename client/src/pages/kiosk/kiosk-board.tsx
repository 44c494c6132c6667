/**
 * The kiosk's day, drawn to be read across a room: a column per stylist,
 * blocks placed by time (free, being booked, booked with first name and
 * service on a paired screen, past), the cleanup buffer shaded as taken,
 * and a "now" line. Each column is a list, so a screen reader reads a
 * stylist's day in order.
 */
import { isCheckInWindow, type KioskBooking, localTime, type SalonDetail } from '@glamify/shared';
import { useEffect, useRef } from 'preact/hooks';
import { type Block, type Board, hourMarks, nowFraction } from '../../lib/day-board';

export function canCheckIn(b: KioskBooking | undefined, now: number): b is KioskBooking {
  return b !== undefined && b.status === 'CONFIRMED' && !b.checkedIn && isCheckInWindow(b.startsAt, b.endsAt, now);
}

interface Props {
  salon: SalonDetail;
  board: Board;
  now: number;
  /** The paired kiosk's names; null on an unpaired screen. */
  bookings: ReadonlyMap<number, KioskBooking> | null;
  onCheckIn: (b: KioskBooking) => void;
}

const minutes = (ms: number) => ms / 60_000;

function BlockView({ block, props, tz }: { block: Block; props: Props; tz: string }) {
  const { board, now, bookings } = props;
  const from = localTime(new Date(block.start), tz);
  const to = localTime(new Date(block.end), tz);
  const style = {
    top: `calc(${minutes(block.start - board.start)} * var(--per-minute))`,
    height: `calc(${minutes(block.end - block.start)} * var(--per-minute))`,
  };
  const booking = block.bookingId !== null ? bookings?.get(block.bookingId) : undefined;
  const past = block.past ? ' is-past' : '';
  const when = <span class="visually-hidden">{`${from} to ${to}: `}</span>;
  if (block.kind !== 'booked') {
    const label = block.kind === 'held' ? 'Being booked' : block.past ? 'Past' : 'Free';
    return (
      <li class={`kblock kblock--${block.kind}${past}`} style={style} data-kind={block.kind}>
        {when}
        <span
          class={
            block.kind === 'free' && !block.past && block.end - block.start >= 30 * 60_000
              ? 'kblock__tag'
              : 'visually-hidden'
          }
        >
          {label}
        </span>
      </li>
    );
  }
  const buffer =
    block.serviceEnd !== null && block.serviceEnd < block.end ? (
      <span
        class="kblock__buffer"
        aria-hidden="true"
        style={{ height: `calc(${minutes(block.end - block.serviceEnd)} * var(--per-minute))` }}
      />
    ) : null;
  const body = booking ? (
    <>
      {when}
      <span class="kblock__name">
        {booking.firstName}
        {booking.checkedIn && <span class="kblock__here"> ✓ here</span>}
      </span>
      <span class="kblock__service">{booking.services.join(', ')}</span>
    </>
  ) : (
    <>
      {when}
      <span class="kblock__name">Booked</span>
      <span class="kblock__service">
        {from}–{to}
      </span>
    </>
  );
  const checkable = bookings !== null && canCheckIn(booking, now);
  return (
    <li
      class={`kblock kblock--booked${past}${booking?.checkedIn ? ' is-here' : ''}`}
      style={style}
      data-kind="booked"
      data-booking-id={block.bookingId ?? undefined}
    >
      {checkable ? (
        <button type="button" class="kblock__button" onClick={() => props.onCheckIn(booking)}>
          {body}
          <span class="visually-hidden">, tap to check in</span>
        </button>
      ) : (
        <div class="kblock__inner">{body}</div>
      )}
      {buffer}
    </li>
  );
}

export function KioskBoard(props: Props) {
  const { salon, board, now } = props;
  const tz = salon.timezone;
  const scrollRef = useRef<HTMLElement>(null);
  const touched = useRef(0);
  const at = nowFraction(board, now);
  const minute = Math.floor(now / 60_000);

  // Keep "now" in view, a quarter from the top, unless someone scrolled in the last minute.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || at === null || Date.now() - touched.current < 60_000) return;
    const target = at * (el.scrollHeight - 0) - el.clientHeight / 4;
    el.scrollTo({ top: Math.max(0, target), behavior: 'smooth' });
  }, [minute, board.start, board.end, at === null]);

  const names = new Map(salon.staff.map((s) => [s.id, s.name]));
  const total = minutes(board.end - board.start);
  return (
    <div class="kboard" style={{ '--stylists': board.columns.length }}>
      <div class="kboard__head" aria-hidden="true">
        <span class="kboard__corner" />
        {board.columns.map((c) => (
          <span key={c.staffId} class="kboard__stylist">
            {names.get(c.staffId) ?? 'Stylist'}
          </span>
        ))}
      </div>
      <section
        class="kboard__scroll"
        ref={scrollRef}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take keyboard focus (WCAG 2.1.1) when it holds nothing focusable, as on an unpaired kiosk
        tabIndex={0}
        aria-label="Today's schedule by stylist"
        onWheel={() => {
          touched.current = Date.now();
        }}
        onTouchStart={() => {
          touched.current = Date.now();
        }}
      >
        <div class="kboard__body" style={{ height: `calc(${total} * var(--per-minute))` }}>
          <div class="kboard__axis" aria-hidden="true">
            {hourMarks(board, tz).map((m) => (
              <span
                key={m.at}
                class="kboard__hour"
                style={{ top: `calc(${minutes(m.at - board.start)} * var(--per-minute))` }}
              >
                {m.label}
              </span>
            ))}
          </div>
          {board.columns.map((c, i) => (
            <section
              key={c.staffId}
              class="kboard__col"
              style={{ gridColumn: String(i + 2) }}
              aria-label={names.get(c.staffId) ?? 'Stylist'}
              data-staff-id={c.staffId}
            >
              <h2 class="visually-hidden">{names.get(c.staffId) ?? 'Stylist'}</h2>
              <ul class="kboard__list">
                {c.blocks.map((b) => (
                  <BlockView key={`${b.start}-${b.kind}-${b.bookingId ?? ''}`} block={b} props={props} tz={tz} />
                ))}
              </ul>
            </section>
          ))}
          {at !== null && (
            <div class="kboard__now" style={{ top: `${at * 100}%` }}>
              <span class="visually-hidden">Now, {localTime(new Date(now), tz)}</span>
            </div>
          )}
        </div>
      </section>
    </div>
  );
}
