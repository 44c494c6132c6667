/** The owner's private calendar feed (contract: "Calendar"). */
import Type, { type Static } from 'typebox';
import { IsoInstant } from './dto.ts';

export const CalendarFeedStatus = Type.Object({
  active: Type.Boolean(),
  /** When the current link was made; null without one. */
  createdAt: Type.Union([IsoInstant, Type.Null()]),
  /** When a calendar app last read the feed; null if never. */
  lastReadAt: Type.Union([IsoInstant, Type.Null()]),
});
/** GET /calendar/feed: whether the owner has a live feed link (the link itself is shown once, when made). */
export type CalendarFeedStatus = Static<typeof CalendarFeedStatus>;

export const CalendarFeedLink = Type.Object({
  /** The secret feed address to paste into a calendar app; anyone with it can read the bookings. */
  url: Type.String(),
  createdAt: IsoInstant,
});
/** POST /calendar/feed: a new feed link; the previous one stops working. */
export type CalendarFeedLink = Static<typeof CalendarFeedLink>;

export const CalendarFeedParams = Type.Object(
  { token: Type.String({ minLength: 43, maxLength: 43, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);
/** Path of GET /calendar/feeds/:token (the token is the secret of the link). */
export type CalendarFeedParams = Static<typeof CalendarFeedParams>;
