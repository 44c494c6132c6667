import { useCountdown } from '../../hooks/use-countdown';
import { clock } from '../../lib/format';

/**
 * The time left on the hold. The digits change every second but are hidden
 * from screen readers; the live region speaks once a minute (and at 30 s).
 */
export function HoldCountdown({ expiresAt }: { expiresAt: string }) {
  const left = useCountdown(expiresAt) ?? 0;
  const minutes = Math.ceil(left / 60_000);
  const spoken =
    left <= 0
      ? 'Your hold has ended.'
      : left <= 30_000
        ? 'Less than 30 seconds left to confirm.'
        : `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} left to confirm.`;
  return (
    <div class={`countdown${left <= 60_000 ? ' countdown--urgent' : ''}`}>
      <span class="countdown__label">We're holding this time for you</span>
      <span class="countdown__clock" aria-hidden="true" data-testid="countdown">
        {clock(left)}
      </span>
      <span class="visually-hidden" aria-live="polite">
        {spoken}
      </span>
    </div>
  );
}
