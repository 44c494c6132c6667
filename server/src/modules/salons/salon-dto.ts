/** Entity rows to the public shapes of shared/dto.ts: only the fields the contract names. */
import type {
  SalonPolicy,
  SalonSummary,
  Service as ServiceDto,
  Staff as StaffDto,
  WorkingHours as WorkingHoursDto,
} from '@glamify/shared';
import type { Salon, Service, Staff, WorkingHours } from './salon.entity.ts';
import { hhmm } from './working-hours.ts';

export function toSummary(s: Pick<Salon, 'id' | 'name' | 'city' | 'address' | 'timezone'>): SalonSummary {
  return { id: s.id, name: s.name, city: s.city, address: s.address, timezone: s.timezone };
}

export function toPolicyDto(s: Salon): SalonPolicy {
  return {
    depositPercent: s.depositPercent,
    freeCancellationHours: s.freeCancellationHours,
    lateCancelFeePercent: s.lateCancelFeePercent,
    noShowFeePercent: s.noShowFeePercent,
    reminderHoursBefore: [...s.reminderHoursBefore].sort((a, b) => b - a),
  };
}

export function toServiceDto(s: Service): ServiceDto {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    durationMinutes: s.durationMinutes,
    bufferMinutes: s.bufferMinutes,
    priceCents: s.priceCents,
    currency: s.currency,
    active: s.active,
  };
}

export function toStaffDto(s: Staff): StaffDto {
  return { id: s.id, name: s.name, bio: s.bio, active: s.active };
}

export function toHoursDto(h: WorkingHours): WorkingHoursDto {
  return {
    weekday: h.weekday,
    staffId: h.staffId ?? null,
    opens: hhmm(h.opens),
    closes: hhmm(h.closes),
    breaks: h.breaks ?? [],
  };
}

/** Salon hours first, then each stylist's; within each, Monday to Sunday. */
export function byStaffThenWeekday(a: WorkingHoursDto, b: WorkingHoursDto): number {
  return (a.staffId ?? 0) - (b.staffId ?? 0) || a.weekday - b.weekday;
}
