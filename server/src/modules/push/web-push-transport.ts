/**
 * Sending one push to one device with the `web-push` package: the payload is
 * encrypted for the device (RFC 8291, aes128gcm) and the request signed with
 * our VAPID key (RFC 8292).
 */
import type { Agent } from 'node:https';
import webpush, { WebPushError } from 'web-push';
import type { VapidKeys } from '../../lib/secret.ts';

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushOptions {
  /** How long the push service keeps it for a device that is offline. */
  ttlSeconds: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
  /** Pushes with one topic replace each other while undelivered (≤ 32 base64url characters). */
  topic?: string;
}

export interface PushTransport {
  /** Resolves once the push service accepted it; rejects with the service's status when it refused. */
  send(target: PushTarget, payload: string, opts: PushOptions): Promise<void>;
}

/** How long one push service may keep a socket quiet before the send counts as failed. */
const SOCKET_TIMEOUT_MS = 10_000;

export function webPushTransport(vapid: () => Promise<VapidKeys>, subject: string, agent?: Agent): PushTransport {
  return {
    async send(target, payload, opts) {
      const { publicKey, privateKey } = await vapid();
      const vapidDetails = { subject, publicKey, privateKey };
      await webpush.sendNotification(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        payload,
        {
          vapidDetails,
          TTL: opts.ttlSeconds,
          urgency: opts.urgency,
          ...(opts.topic ? { topic: opts.topic } : {}),
          contentEncoding: 'aes128gcm',
          timeout: SOCKET_TIMEOUT_MS,
          ...(agent ? { agent } : {}),
        },
      );
    },
  };
}

/** The push service's answer that the subscription no longer exists (the user revoked it, or it expired). */
export function isGone(err: unknown): boolean {
  return err instanceof WebPushError && (err.statusCode === 404 || err.statusCode === 410);
}

/** A short reason for the log and the record, without the endpoint's secret path. */
export function pushFailure(err: unknown): string {
  if (err instanceof WebPushError) return `push service answered ${err.statusCode}`;
  return String((err as Error)?.message ?? err).slice(0, 200);
}
