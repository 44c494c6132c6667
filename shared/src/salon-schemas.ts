/** Paths and answers of the salon owner's setup routes (contract: Salons). */
import Type, { type Static } from 'typebox';
import { Id, WorkingHours } from './dto.ts';

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
