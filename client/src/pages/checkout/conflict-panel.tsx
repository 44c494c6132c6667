/** The checkout's "this time is gone" screen: the nearest free times, the waitlist, the way back to all times. */
import { type Alternative, localTime, type SalonDetail, type Service } from '@glamify/shared';
import type { Ref } from 'preact';
import { AppLink } from '../../components/app-link/app-link';
import { WaitlistExactJoin } from '../../components/waitlist-join/waitlist-join';
import { dayLabel, whenLabel } from '../../lib/format';

/**
 * The server picks the alternatives (the chosen stylist's nearest times, then
 * the same time with others) and sends them in that order; a customer reads
 * them as a list of times, so they are shown in time order, then by stylist.
 */
export function inTimeOrder(alternatives: readonly Alternative[], staffName: (id: number) => string): Alternative[] {
  return [...alternatives].sort(
    (a, b) =>
      Date.parse(a.startsAt) - Date.parse(b.startsAt) || staffName(a.staffId).localeCompare(staffName(b.staffId)),
  );
}

export function ConflictPanel({
  code,
  alternatives,
  salon,
  service,
  slotId,
  at,
  date,
  backToTimes,
  onPick,
  headingRef,
}: {
  code: string;
  alternatives: readonly Alternative[];
  salon: SalonDetail;
  service: Service;
  slotId: number;
  at: string;
  date: string;
  /** "See all times": the salon's day, with the stylist the customer chose. */
  backToTimes: string;
  onPick: (alt: Alternative) => void;
  headingRef: Ref<HTMLHeadingElement>;
}) {
  const staffName = (id: number) => salon.staff.find((s) => s.id === id)?.name ?? 'a stylist';
  return (
    <section class="panel panel--conflict" aria-labelledby="conflict-heading">
      <h1 id="conflict-heading" ref={headingRef} tabIndex={-1}>
        {code === 'SLOT_BOOKED' ? 'Sorry, this time was just booked' : 'Someone else is booking this time'}
      </h1>
      <p>
        {localTime(at, salon.timezone)} on {dayLabel(date)} is no longer free. Here are the nearest free times for{' '}
        {service.name}:
      </p>
      {alternatives.length === 0 ? (
        <p class="muted">No other free times nearby.</p>
      ) : (
        <ul class="alt-list">
          {inTimeOrder(alternatives, staffName).map((a) => (
            <li key={a.slotId}>
              <button
                type="button"
                class="btn btn--secondary alt-btn"
                data-starts-at={a.startsAt}
                onClick={() => onPick(a)}
              >
                <span class="alt-btn__time">{whenLabel(a.startsAt, salon.timezone)}</span>
                <span class="alt-btn__who">with {staffName(a.staffId)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <p>
        {code === 'SLOT_BOOKED'
          ? 'Want this exact time if it is cancelled? We hold it for you and tell you at once.'
          : 'Someone may not finish booking it. Want it if they let it go? We hold it for you and tell you at once.'}
      </p>
      <WaitlistExactJoin slotId={slotId} serviceId={service.id} />
      <AppLink href={backToTimes} class="btn btn--ghost">
        See all times
      </AppLink>
    </section>
  );
}
