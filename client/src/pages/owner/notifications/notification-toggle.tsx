import { PushPrompt } from '../../../components/push-prompt/push-prompt';

/** Booking alerts on this device, also when Glamify is closed (Web Push). */
export function NotificationToggle() {
  return <PushPrompt audience="owner" />;
}
