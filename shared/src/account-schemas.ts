/**
 * Requests of the accounts module. Bodies reject unknown fields
 * (additionalProperties: false) so a typo is a 400, not a silently ignored value.
 */
import Type, { type Static } from 'typebox';
import { PersonName } from './dto.ts';
import { EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN } from './field-limits.ts';

export const RegisterBody = Type.Object(
  {
    email: Type.String({ format: 'email', minLength: 3, maxLength: EMAIL_MAX }),
    password: Type.String({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX }),
    name: PersonName,
  },
  { additionalProperties: false },
);
/** Sign-up of a customer; also the shape an admin sends to create an owner. */
export type RegisterBody = Static<typeof RegisterBody>;

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
/** Sign-in with email (any letter case) and password. */
export type LoginBody = Static<typeof LoginBody>;
