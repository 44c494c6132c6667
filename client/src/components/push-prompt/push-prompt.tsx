/**
 * Offers Web Push where it helps: owners on their dashboard (alerts when the
 * app is closed), customers after booking (reminders on this device). The
 * browser asks for permission only after the person presses the button.
 */
import { useEffect } from 'preact/hooks';
import { useStore } from '../../hooks/use-store';
import { disablePush, enablePush, push, refreshPush } from '../../lib/push';
import './push-prompt.css';

const words = {
  owner: {
    offer: 'Get an alert for every new, moved, cancelled or checked-in booking — also when Glamify is closed.',
    button: 'Turn on booking alerts',
    on: 'Booking alerts are on for this device.',
    unsupported: 'This browser cannot alert you while Glamify is closed; alerts appear here while the page is open.',
  },
  customer: {
    offer: 'Get a reminder on this device before your appointment.',
    button: 'Remind me on this device',
    on: 'Reminders will come to this device.',
    unsupported: null,
  },
} as const;

export function PushPrompt({ audience }: { audience: 'owner' | 'customer' }) {
  const { status, error } = useStore(push);
  const w = words[audience];
  useEffect(() => {
    void refreshPush();
  }, []);

  if (status === 'unsupported') return w.unsupported ? <p class="muted push-prompt">{w.unsupported}</p> : null;
  if (status === 'blocked') {
    return (
      <p class="muted push-prompt" role="status">
        Notifications are blocked for Glamify in this browser’s settings.
        {audience === 'owner' ? ' Alerts appear here while the page is open.' : ''}
      </p>
    );
  }
  if (status === 'on') {
    return (
      <p class="push-prompt push-prompt--on" role="status">
        {w.on}{' '}
        <button type="button" class="btn btn--ghost btn--small" onClick={() => void disablePush()}>
          Turn off
        </button>
      </p>
    );
  }
  return (
    <div class="notice notice--info push-prompt">
      <p>{w.offer}</p>
      {status === 'failed' && (
        <p class="field__error" role="alert">
          {error ?? 'Notifications could not be turned on.'}
        </p>
      )}
      <button
        type="button"
        class="btn btn--secondary btn--small"
        disabled={status === 'working'}
        onClick={() => void enablePush()}
      >
        {status === 'working' ? 'Turning on…' : status === 'failed' ? 'Try again' : w.button}
      </button>
    </div>
  );
}
