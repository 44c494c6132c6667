/**
 * Payloads of the socket commands. The server validates every command with
 * these (see `commandSchemas`); `ClientToServerEvents` is typed from them.
 */
import Type, { type Static } from 'typebox';
import { LockToken } from './availability-schemas.ts';
import { Id } from './dto.ts';

export const SalonDayPayload = Type.Object(
  { salonId: Id, date: Type.String({ minLength: 10, maxLength: 10 }) },
  { additionalProperties: false },
);
/** A salon-local day: `date` is YYYY-MM-DD in the salon's time zone. */
export type SalonDayPayload = Static<typeof SalonDayPayload>;

export const JoinPayload = Type.Object(
  {
    ...SalonDayPayload.properties,
    /**
     * true: every slot of the stylists' working day, past ones and free ones
     * too soon to book included (what a kiosk and the owner's calendar draw);
     * otherwise the bookable picture, as GET /availability/slots gives it.
     */
    wholeDay: Type.Optional(Type.Boolean()),
    /**
     * The `version` of the last snapshot this client took of this day (from
     * an earlier join's acknowledgement, also before a server restart): the
     * acknowledgement then carries only what changed since (`delta`), or the
     * whole snapshot when the server no longer knows that version or the
     * change is large.
     */
    since: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
  },
  { additionalProperties: false },
);
/** schedule:join: a salon-local day, optionally the whole working day, optionally since a version. */
export type JoinPayload = Static<typeof JoinPayload>;

export const TimeSyncPayload = Type.Object({}, { additionalProperties: false });
/** time:sync carries nothing: it asks for the server's clock (and proves the connection is alive). */
export type TimeSyncPayload = Static<typeof TimeSyncPayload>;

export const HoldStartPayload = Type.Object({ slotId: Id, serviceId: Id }, { additionalProperties: false });
/** hold:start: the start slot and the service whose slots to hold. */
export type HoldStartPayload = Static<typeof HoldStartPayload>;

export const HoldTokenPayload = Type.Object({ lockToken: LockToken }, { additionalProperties: false });
/** hold:heartbeat and hold:release name the hold by its token. */
export type HoldTokenPayload = Static<typeof HoldTokenPayload>;

/** The schema of each command's payload, keyed by event name. */
export const commandSchemas = {
  'schedule:join': JoinPayload,
  'schedule:leave': SalonDayPayload,
  'hold:start': HoldStartPayload,
  'hold:heartbeat': HoldTokenPayload,
  'hold:release': HoldTokenPayload,
  'time:sync': TimeSyncPayload,
} as const;
