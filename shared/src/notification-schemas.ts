/** Requests of the Notification module (contract: Notifications). */
import Type, { type Static } from 'typebox';
import { Id } from './dto.ts';

export const NotificationBody = Type.Object(
  {
    userId: Id,
    type: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z_]+$' }),
    payload: Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 20 }),
  },
  { additionalProperties: false },
);
/** Body of POST /notifications. */
export type NotificationBody = Static<typeof NotificationBody>;

export const NotificationQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
  },
  { additionalProperties: false },
);
/** Query of GET /notifications. */
export type NotificationQuery = Static<typeof NotificationQuery>;
