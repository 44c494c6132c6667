/** Requests of the Notification module (contract: Notifications). */
import Type, { type Static } from 'typebox';
import { Id, Notification } from './dto.ts';

/** The messages a salon may send its customers: fixed templates, never free text. */
export const OWNER_TEMPLATES = ['running_late', 'please_call', 'reminder'] as const;
/** running_late | please_call | reminder */
export type OwnerTemplate = (typeof OWNER_TEMPLATES)[number];

export const OwnerMessageBody = Type.Object(
  {
    bookingId: Id,
    template: Type.Union(
      OWNER_TEMPLATES.map((t) => Type.Literal(t)),
      {
        description:
          'running_late: the salon runs `minutes` late; please_call: the salon asks the customer to call; reminder: a reminder of the appointment',
      },
    ),
    minutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 120, description: 'for running_late only' })),
  },
  { additionalProperties: false },
);
/** Body of POST /notifications: an owner's templated message about one of their salon's bookings. */
export type OwnerMessageBody = Static<typeof OwnerMessageBody>;

export const NotificationQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
  },
  { additionalProperties: false },
);
/** Query of GET /notifications. */
export type NotificationQuery = Static<typeof NotificationQuery>;

export const NotificationPage = Type.Object({
  items: Type.Array(Notification),
  total: Type.Integer(),
  /** How many of all the reader's notifications (not only this page) are unread. */
  unread: Type.Integer({ minimum: 0 }),
});
/** Answer of GET /notifications: a page, newest first, and the unread count. */
export type NotificationPage = Static<typeof NotificationPage>;

export const MarkReadBody = Type.Object(
  {
    /** These notifications (the reader's own; others are ignored). */
    ids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 100, uniqueItems: true })),
    /** true: every notification of the reader. */
    all: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 1 },
);
/** Body of POST /notifications/read: `{ ids }` or `{ all: true }`. */
export type MarkReadBody = Static<typeof MarkReadBody>;

export const UnreadCount = Type.Object({ unread: Type.Integer({ minimum: 0 }) });
/** Answer of POST /notifications/read: what is still unread. */
export type UnreadCount = Static<typeof UnreadCount>;
