/**
 * Web Push (contract: "Web Push"): the subscription requests, and the
 * message the server encrypts for a device and the service worker shows.
 */
import Type, { type Static } from 'typebox';
import { IsoInstant } from './dto.ts';

/** base64url without padding (a trailing `=` or two is tolerated, as some browsers send it). */
const Base64Url = (min: number, max: number) =>
  Type.String({ minLength: min, maxLength: max, pattern: '^[A-Za-z0-9_-]+={0,2}$' });

export const PushEndpoint = Type.String({
  format: 'uri',
  minLength: 12,
  maxLength: 2048,
  pattern: '^https://',
  description: "The push service's URL for this device (https only)",
});

export const PushSubscriptionBody = Type.Object(
  {
    endpoint: PushEndpoint,
    keys: Type.Object(
      {
        /** The device's P-256 public key (65 bytes, uncompressed), base64url. */
        p256dh: Base64Url(86, 88),
        /** The device's 16-byte authentication secret, base64url. */
        auth: Base64Url(22, 24),
      },
      { additionalProperties: false },
    ),
    /** What `PushSubscription.toJSON()` also carries; accepted and ignored. */
    expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  },
  { additionalProperties: false },
);
/** Body of POST /push/subscriptions: this device's subscription (what `PushSubscription.toJSON()` gives). */
export type PushSubscriptionBody = Static<typeof PushSubscriptionBody>;

export const PushEndpointBody = Type.Object({ endpoint: PushEndpoint }, { additionalProperties: false });
/** Body of DELETE /push/subscriptions: stop pushing to this device. */
export type PushEndpointBody = Static<typeof PushEndpointBody>;

export const PushSubscriptionResult = Type.Object({ endpoint: Type.String(), createdAt: IsoInstant });
/** Answer of POST /push/subscriptions. */
export type PushSubscriptionResult = Static<typeof PushSubscriptionResult>;

export const PushPublicKey = Type.Object({ publicKey: Type.String() });
/** Answer of GET /push/public-key: the VAPID key to subscribe with (`applicationServerKey`), base64url. */
export type PushPublicKey = Static<typeof PushPublicKey>;

/**
 * Which notifications are pushed, by who receives them. Owners hear about
 * their salons' bookings (a booking released because its deposit was not
 * paid among them); customers get reminders and waitlist offers.
 */
export const PUSHED_TYPES = {
  owner: ['booking_created', 'booking_cancelled', 'booking_rescheduled', 'booking_checked_in', 'payment_expired_salon'],
  customer: ['booking_reminder', 'waitlist_offer'],
} as const;

/** A notification type that goes out as a push to someone. */
export type PushType = (typeof PUSHED_TYPES)[keyof typeof PUSHED_TYPES][number];

/** The version of `PushMessage`; the service worker shows what it understands. */
export const PUSH_MESSAGE_VERSION = 1;

/** What a push carries (encrypted end to end): everything the service worker needs to show it. */
export interface PushMessage {
  v: typeof PUSH_MESSAGE_VERSION;
  type: PushType;
  title: string;
  body: string;
  /** The app path a tap opens: the booking (customers) or the owner's day. */
  url: string;
  /** Notifications with one tag replace each other (a retried push never shows twice). */
  tag: string;
}
