/** Requests of the Notification module (contract: Notifications). */
import Type, { type Static } from 'typebox';
import { Id } from './dto.ts';

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
