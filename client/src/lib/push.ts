/**
 * Web Push on this device: whether it can be had, turning it on (permission,
 * a subscription with the server's VAPID key, saved on the server) and off.
 * The service worker (sw.ts) shows what arrives, also when the app is closed.
 *
 * Signing out ends this device's subscription, so the next person on the
 * device never receives the previous one's alerts.
 */
import type { PushSubscriptionBody } from '@glamify/shared';
import { api } from './api';
import { messageOf } from './api-error';
import { session } from './session';
import { createStore } from './store';

/**
 * unsupported: no service worker or push in this browser (or a development
 * build); blocked: the person said no in the browser; off / on: for this
 * device and account; working: asking; failed: the last try did not work.
 */
export type PushStatus = 'unsupported' | 'blocked' | 'off' | 'on' | 'working' | 'failed';

export const push = createStore<{ status: PushStatus; error?: string }>({ status: 'off' });

function supported(): boolean {
  return (
    typeof window !== 'undefined' &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    typeof Notification !== 'undefined' &&
    import.meta.env.PROD
  );
}

/** The service worker's registration, or undefined when none comes up soon (a private window, say). */
async function registration(): Promise<ServiceWorkerRegistration | undefined> {
  const timeout = new Promise<undefined>((r) => setTimeout(() => r(undefined), 10_000));
  return Promise.race([navigator.serviceWorker.ready, timeout]);
}

function keyBytes(key: ArrayBuffer | null | undefined): string {
  return key ? btoa(String.fromCharCode(...new Uint8Array(key))) : '';
}

function base64UrlToBase64(s: string): string {
  const b = s.replace(/-/g, '+').replace(/_/g, '/');
  return b + '='.repeat((4 - (b.length % 4)) % 4);
}

function body(sub: PushSubscription): PushSubscriptionBody {
  const json = sub.toJSON() as { endpoint?: string; keys?: { p256dh?: string; auth?: string } };
  return {
    endpoint: json.endpoint ?? sub.endpoint,
    keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
  };
}

/** Reads where this device stands, without asking the person anything. */
export async function refreshPush(): Promise<PushStatus> {
  if (!supported()) return setStatus('unsupported');
  if (Notification.permission === 'denied') return setStatus('blocked');
  const reg = await registration();
  if (!reg) return setStatus('unsupported');
  const sub = await reg.pushManager.getSubscription().catch(() => null);
  return setStatus(sub && Notification.permission === 'granted' ? 'on' : 'off');
}

function setStatus(status: PushStatus, error?: string): PushStatus {
  push.set(error ? { status, error } : { status });
  return status;
}

/** Asks for permission (call it from a click), subscribes this device and tells the server. */
export async function enablePush(): Promise<PushStatus> {
  if (!supported()) return setStatus('unsupported');
  setStatus('working');
  try {
    const permission = await Notification.requestPermission();
    if (permission === 'denied') return setStatus('blocked');
    if (permission !== 'granted') return setStatus('off');
    const reg = await registration();
    if (!reg) return setStatus('unsupported');
    const { publicKey } = await api.pushPublicKey();
    let sub = await reg.pushManager.getSubscription();
    // A subscription made with another server key (the keys were replaced) cannot be pushed to: renew it.
    if (sub && keyBytes(sub.options.applicationServerKey) !== base64UrlToBase64(publicKey)) {
      await sub.unsubscribe();
      sub = null;
    }
    sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey });
    await api.savePushSubscription(body(sub));
    return setStatus('on');
  } catch (err) {
    return setStatus(
      'failed',
      err instanceof DOMException ? 'This browser could not set up notifications.' : messageOf(err),
    );
  }
}

/** Stops pushes to this device: on the server (with `bearer`, the token of who is signing out) and in the browser. */
export async function disablePush(bearer?: string): Promise<void> {
  if (!supported()) return;
  const reg = await registration();
  const sub = await reg?.pushManager.getSubscription().catch(() => null);
  if (sub) {
    await api.deletePushSubscription(sub.endpoint, bearer).catch(() => undefined);
    // Even if the server was not reached: a dead subscription answers 410 and the server drops it then.
    await sub.unsubscribe().catch(() => false);
  }
  setStatus(supported() && Notification.permission === 'denied' ? 'blocked' : 'off');
}

/**
 * At start: reads where the device stands and, when it has a subscription,
 * saves it again for whoever is signed in (the server may have dropped it,
 * or another account had the device). When its user signs out, the device's
 * subscription ends (with the token that was in use, for the tidy-up).
 */
export function startPushSession(): () => void {
  let token = session.get()?.token;
  void refreshPush().then(async (status) => {
    if (status !== 'on' || !session.get()) return;
    const sub = await (await registration())?.pushManager.getSubscription();
    if (sub) await api.savePushSubscription(body(sub)).catch(() => undefined);
  });
  return session.subscribe((s) => {
    if (!s && token) void disablePush(token);
    token = s?.token;
  });
}
