import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const NotificationEntity = defineEntity({
  name: 'Notification',
  tableName: 'notifications',
  properties: {
    id: p.integer().primary(),
    userId: p.integer(),
    type: p.string(),
    channel: p.string().default('email'),
    payload: p.json<Record<string, unknown>>(),
    status: p.enum(['pending', 'sending', 'sent', 'failed'] as const).default('pending'),
    attempts: p.integer().default(0),
    lastError: p.string().nullable(),
    leaseUntil: p.datetime().nullable(),
    leaseToken: p.uuid().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    sentAt: p.datetime().nullable(),
    readAt: p.datetime().nullable(),
  },
});
export type Notification = InferEntity<typeof NotificationEntity>;
