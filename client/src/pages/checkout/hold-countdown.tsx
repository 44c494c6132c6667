/**
 * The hold's honest countdown (WCAG 2.2.1, Timing Adjustable): the time the
 * hold really has left, the most it can be held in all, a warning at least
 * a minute before the end with an "I need more time" button while the cap
 * allows, and a plain message once it does not. The digits change every
 * second but are hidden from screen readers; the warning is an alert whose
 * text does not change, so it is read once.
 */

import { localTime } from '@glamify/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useCountdown } from '../../hooks/use-countdown';
import type { ExtendOutcome } from '../../hooks/use-hold';
import { clock, deviceZone, zoneDiffers } from '../../lib/format';

/** Warn this long before the end: over the 20 s WCAG asks for, so there is time to read and act. */
export const WARN_MS = 60_000;

/**
 * A hold's end on the device's clock (it is about "now", not the appointment),
 * written like every other time in the app; "your time" where the salon's
 * clock, which the rest of the checkout shows, reads differently.
 */
function deviceTime(iso: string, salonZone: string): string {
  return `${localTime(iso, deviceZone())}${zoneDiffers(iso, salonZone) ? ' your time' : ''}`;
}

export function HoldCountdown({
  expiresAt,
  holdEndsAt,
  timeZone,
  onExtend,
}: {
  expiresAt: string;
  /** The latest the hold can last, however often more time is asked for. */
  holdEndsAt: string;
  /** The salon's zone, to say whose clock the hold's end is on when it differs. */
  timeZone: string;
  onExtend: () => Promise<ExtendOutcome>;
}) {
  const left = useCountdown(expiresAt) ?? 0;
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<'extended' | 'failed' | null>(null);
  const boxRef = useRef<HTMLElement>(null);
  const capped = Date.parse(expiresAt) >= Date.parse(holdEndsAt);
  const warning = left > 0 && left <= WARN_MS;

  // A new warning starts afresh.
  useEffect(() => {
    if (warning) setOutcome(null);
  }, [warning]);

  const more = async () => {
    setBusy(true);
    const result = await onExtend();
    setBusy(false);
    if (result === 'extended' || result === 'capped') {
      setOutcome('extended');
      // The button goes away with the warning: keep the keyboard where the news is.
      boxRef.current?.focus();
    } else if (result === 'failed') {
      setOutcome('failed');
    }
  };
  const note =
    outcome === 'extended'
      ? `More time added: held until ${deviceTime(expiresAt, timeZone)}.`
      : outcome === 'failed'
        ? "We couldn't reach Glamify to add time. Try again, or confirm now."
        : null;

  return (
    <section
      class={`countdown${warning ? ' countdown--urgent' : ''}`}
      ref={boxRef}
      tabIndex={-1}
      aria-labelledby="countdown-label"
    >
      <div class="countdown__row">
        <span class="countdown__label" id="countdown-label">
          We're holding this time for you
        </span>
        {/* Minutes and seconds, said as such: beside "Held until 10:46" a bare 04:58 reads as a time of day. */}
        <span class="countdown__clock" aria-hidden="true">
          <span data-testid="countdown">{clock(left)}</span>
          <span class="countdown__unit">min left</span>
        </span>
      </div>
      <p class="countdown__cap" data-testid="hold-cap">
        {capped
          ? `This is the longest we can hold a time: it ends at ${deviceTime(holdEndsAt, timeZone)}.`
          : `Held until ${deviceTime(expiresAt, timeZone)}. You can ask for more time, up to ${deviceTime(holdEndsAt, timeZone)} at the latest.`}
      </p>
      {warning && (
        <div class="countdown__warning" role="alert">
          <p>
            <strong>About a minute left.</strong>{' '}
            {capped
              ? 'We cannot hold this time any longer: confirm now, or it goes back to others.'
              : 'Confirm now, or ask for more time.'}
          </p>
          {!capped && (
            <button type="button" class="btn btn--secondary" onClick={more} disabled={busy}>
              {busy ? 'Adding time…' : 'I need more time'}
            </button>
          )}
        </div>
      )}
      <p class="visually-hidden" role="status">
        {note ?? `Held until ${deviceTime(expiresAt, timeZone)}.`}
      </p>
      {note && (
        <p class="countdown__note" aria-hidden="true">
          {note}
        </p>
      )}
    </section>
  );
}
