/** "Move your booking to …?": the confirmation, a taken time's alternatives, and errors. */
import type { Alternative, Booking, SalonDetail } from '@glamify/shared';
import { useEffect, useRef } from 'preact/hooks';
import { messageOf } from '../../lib/api-error';
import { whenLabel } from '../../lib/format';

export interface Choice {
  slotId: number;
  staffId: number;
  startsAt: string;
}

export type MoveState =
  | { phase: 'idle' }
  | { phase: 'sending' }
  | { phase: 'moved'; booking: Booking }
  | { phase: 'conflict'; alternatives: Alternative[] }
  | { phase: 'error'; error: unknown };

export function MoveConfirm({
  booking,
  salon,
  choice,
  state,
  onConfirm,
  onCancel,
  onAlternative,
}: {
  booking: Booking;
  salon: SalonDetail;
  choice: Choice;
  state: MoveState;
  onConfirm: () => void;
  onCancel: () => void;
  onAlternative: (a: Alternative) => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const staffName = (id: number) => salon.staff.find((s) => s.id === id)?.name ?? 'a stylist';
  useEffect(() => headingRef.current?.focus(), [choice.slotId, state.phase === 'conflict']);

  if (state.phase === 'conflict') {
    return (
      <section class="panel panel--conflict move-confirm" aria-labelledby="move-heading">
        <h2 id="move-heading" ref={headingRef} tabIndex={-1}>
          Sorry, {whenLabel(choice.startsAt, salon.timezone)} was just taken
        </h2>
        {state.alternatives.length === 0 ? (
          <p class="muted">No other free times nearby. Pick another day below.</p>
        ) : (
          <>
            <p>The nearest free times:</p>
            <ul class="alt-list">
              {state.alternatives.map((a) => (
                <li key={a.slotId}>
                  <button type="button" class="btn btn--secondary alt-btn" onClick={() => onAlternative(a)}>
                    <span class="alt-btn__time">{whenLabel(a.startsAt, salon.timezone)}</span>
                    <span class="alt-btn__who">with {staffName(a.staffId)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        <button type="button" class="btn btn--ghost" onClick={onCancel}>
          Pick another time
        </button>
      </section>
    );
  }

  return (
    <section class="panel move-confirm" aria-labelledby="move-heading">
      <h2 id="move-heading" ref={headingRef} tabIndex={-1}>
        Move your booking?
      </h2>
      <dl class="summary">
        <div>
          <dt>From</dt>
          <dd>
            {whenLabel(booking.startsAt, salon.timezone)} with {booking.staffName}
          </dd>
        </div>
        <div class="summary__total">
          <dt>To</dt>
          <dd>
            {whenLabel(choice.startsAt, salon.timezone)} with {staffName(choice.staffId)}
          </dd>
        </div>
      </dl>
      <p class="muted">Same services and price; the old time is given back to others.</p>
      {state.phase === 'error' && (
        <p class="notice notice--error" role="alert">
          {messageOf(state.error)}
        </p>
      )}
      <div class="actions">
        <button type="button" class="btn btn--primary" onClick={onConfirm} disabled={state.phase === 'sending'}>
          {state.phase === 'sending' ? 'Moving…' : state.phase === 'error' ? 'Try again' : 'Move my booking'}
        </button>
        <button type="button" class="btn btn--ghost" onClick={onCancel} disabled={state.phase === 'sending'}>
          Pick another time
        </button>
      </div>
    </section>
  );
}
