import { useState } from 'preact/hooks';

/** Asks for notification permission (a click is needed for browsers to show the prompt). */
export function NotificationToggle() {
  const supported = typeof Notification !== 'undefined';
  const [permission, setPermission] = useState(supported ? Notification.permission : 'denied');
  if (!supported) return null;
  if (permission === 'granted') {
    return (
      <p class="muted notif-note">
        System notifications are on: you'll be alerted even when this tab is in the background.
      </p>
    );
  }
  if (permission === 'denied') {
    return (
      <p class="muted notif-note">
        Notifications are blocked in this browser; alerts appear here while the page is open.
      </p>
    );
  }
  return (
    <div class="notice notice--info notif-note">
      <p>Get an alert for every new booking and cancellation, even when this tab is in the background.</p>
      <button
        type="button"
        class="btn btn--secondary btn--small"
        onClick={() => void Notification.requestPermission().then(setPermission)}
      >
        Turn on notifications
      </button>
    </div>
  );
}
