import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const UserEntity = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.integer().primary(),
    email: p.string(),
    passwordHash: p.string().lazy(),
    name: p.string(),
    role: p.enum(['customer', 'owner', 'admin'] as const).default('customer'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type User = InferEntity<typeof UserEntity>;
