/**
 * The owner's search of their own salon's customers, for phone bookings:
 * only people who have booked at that salon before are found, and an email
 * is matched whole, never by a part, so the search cannot list addresses.
 */
import Type, { type Static } from 'typebox';
import { Id, IsoInstant } from './dto.ts';

export const CustomerSearchQuery = Type.Object(
  {
    /** Part of the name (2 characters at least), or a whole email address. */
    q: Type.String({ minLength: 2, maxLength: 100, pattern: '\\S' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 10 })),
  },
  { additionalProperties: false },
);
/** Query of GET /salons/:id/customers. */
export type CustomerSearchQuery = Static<typeof CustomerSearchQuery>;

export const CustomerMatch = Type.Object({
  id: Id,
  name: Type.String(),
  /** Enough of the email to tell two people of one name apart: `an…@example.com`. */
  emailHint: Type.String(),
  /** Bookings at this salon, cancelled ones included. */
  visits: Type.Integer({ minimum: 1 }),
  lastVisitAt: IsoInstant,
});
/** A customer of the salon, as the owner's search shows them. */
export type CustomerMatch = Static<typeof CustomerMatch>;

export const CustomerMatches = Type.Object({ items: Type.Array(CustomerMatch) });
/** Answer of GET /salons/:id/customers, most recent visitors first. */
export type CustomerMatches = Static<typeof CustomerMatches>;
