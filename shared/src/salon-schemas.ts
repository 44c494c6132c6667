/** Paths and answers of the salon owner's setup routes (contract: Salons). */
import Type, { type Static } from 'typebox';
import { Id, PersonName, TimeRange, WorkingHours } from './dto.ts';

/** Path ids are integers in range; "abc" or 1.5 is a 400 naming the field. */
export const SalonParams = Type.Object({ id: Id }, { additionalProperties: false });
/** Path of /salons/:id/... */
export type SalonParams = Static<typeof SalonParams>;

export const ServiceParams = Type.Object({ id: Id, serviceId: Id }, { additionalProperties: false });
/** Path of /salons/:id/services/:serviceId */
export type ServiceParams = Static<typeof ServiceParams>;

export const StaffParams = Type.Object({ id: Id, staffId: Id }, { additionalProperties: false });
/** Path of /salons/:id/staff/:staffId */
export type StaffParams = Static<typeof StaffParams>;

export const WorkingHoursResult = Type.Object({ hours: Type.Array(WorkingHours) });
/** Answer of PUT /salons/:id/working-hours: the week as stored. */
export type WorkingHoursResult = Static<typeof WorkingHoursResult>;

// Requests of the salons module; like every body, they reject unknown fields.

export const SalonQuery = Type.Object(
  {
    /** Exact city, any letter case; empty means any city. */
    city: Type.Optional(Type.String({ maxLength: 100 })),
    /** Part of the salon's name, any letter case; `%` and `_` match themselves. */
    q: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
  },
  { additionalProperties: false },
);
/** Query of GET /salons. */
export type SalonQuery = Static<typeof SalonQuery>;

export const City = Type.Object({ city: Type.String(), salons: Type.Integer({ minimum: 1 }) });
/** A city with salons on Glamify, and how many (`GET /salons/cities`). */
export type City = Static<typeof City>;

/** A phone number as people write it: digits, spaces and + ( ) - . / */
const Phone = Type.String({ maxLength: 40, pattern: '^[0-9+()./ -]*$' });

export const NewSalon = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    city: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    address: Type.Optional(Type.String({ maxLength: 200 })),
    phone: Type.Optional(Phone),
    /** IANA time zone, e.g. Europe/Berlin. */
    timezone: Type.String({ minLength: 1, maxLength: 64 }),
    /** Admins only: the owner account the salon belongs to. Owners create salons for themselves. */
    ownerId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
/** Creates a salon (owner for themselves, admin for an owner). */
export type NewSalon = Static<typeof NewSalon>;

export const SalonPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' })),
    address: Type.Optional(Type.String({ maxLength: 200 })),
    phone: Type.Optional(Phone),
    slotMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 120, multipleOf: 5 })),
    minNoticeMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 10080 })),
    horizonDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
/** Salon settings an owner may change; send only what changes. */
export type SalonPatch = Static<typeof SalonPatch>;

const ServiceFields = {
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  description: Type.String({ maxLength: 500 }),
  durationMinutes: Type.Integer({ minimum: 5, maximum: 600 }),
  bufferMinutes: Type.Integer({ minimum: 0, maximum: 240 }),
  priceCents: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
  /** ISO 4217, e.g. EUR. */
  currency: Type.String({ pattern: '^[A-Z]{3}$' }),
};

export const NewService = Type.Object(
  {
    name: ServiceFields.name,
    description: Type.Optional(ServiceFields.description),
    durationMinutes: ServiceFields.durationMinutes,
    bufferMinutes: Type.Optional(ServiceFields.bufferMinutes),
    priceCents: ServiceFields.priceCents,
    /** Defaults to the currency the salon's other services use (EUR for the first). */
    currency: Type.Optional(ServiceFields.currency),
  },
  { additionalProperties: false },
);
/** A service to add to a salon's menu. */
export type NewService = Static<typeof NewService>;

export const ServicePatch = Type.Object(
  {
    name: Type.Optional(ServiceFields.name),
    description: Type.Optional(ServiceFields.description),
    durationMinutes: Type.Optional(ServiceFields.durationMinutes),
    bufferMinutes: Type.Optional(ServiceFields.bufferMinutes),
    priceCents: Type.Optional(ServiceFields.priceCents),
    currency: Type.Optional(ServiceFields.currency),
    /** true brings a deactivated service back. */
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
/** Changes to a service; send only what changes. */
export type ServicePatch = Static<typeof ServicePatch>;

const Bio = Type.String({ maxLength: 300 });

export const NewStaff = Type.Object({ name: PersonName, bio: Type.Optional(Bio) }, { additionalProperties: false });
/** A stylist to add. */
export type NewStaff = Static<typeof NewStaff>;

export const StaffPatch = Type.Object(
  { name: Type.Optional(PersonName), bio: Type.Optional(Bio), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
/** Rename, describe, deactivate or reactivate a stylist. */
export type StaffPatch = Static<typeof StaffPatch>;

const StrictTimeRange = Type.Object(TimeRange.properties, { additionalProperties: false });

export const WorkingHoursBody = Type.Object(
  {
    hours: Type.Array(
      Type.Object(
        { ...WorkingHours.properties, breaks: Type.Array(StrictTimeRange, { maxItems: 6 }) },
        { additionalProperties: false },
      ),
      { maxItems: 400 },
    ),
  },
  { additionalProperties: false },
);
/**
 * The full week of a salon, replacing what was there: rows with `staffId:
 * null` are the salon's hours, rows with a stylist id that stylist's own
 * hours for the weekday. A weekday without a row is closed.
 */
export type WorkingHoursBody = Static<typeof WorkingHoursBody>;
