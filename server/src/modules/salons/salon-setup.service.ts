/**
 * What an owner sets up in their salon: the service menu, the stylists and
 * the working hours. Every change runs through `ownerWrite` (one transaction,
 * salon row locked, ownership checked); changes that move free slots call
 * `scheduleChanged` once committed.
 */
import {
  ErrorCode,
  type NewService,
  type NewStaff,
  type Service as ServiceDto,
  type ServicePatch,
  type Staff as StaffDto,
  type StaffPatch,
  type WorkingHours as WorkingHoursDto,
} from '@glamify/shared';
import { AppError, notFound } from '../../errors.ts';
import type { AuthUser } from '../../lib/auth-user.ts';
import type { Deps } from '../../lib/deps.ts';
import { ServiceEntity, StaffEntity, WorkingHoursEntity } from './salon.entity.ts';
import { byStaffThenWeekday, toHoursDto, toServiceDto, toStaffDto } from './salon-dto.ts';
import type { OwnerWrite } from './salons.service.ts';
import { checkWorkingHours } from './working-hours.ts';

export interface SalonSetup {
  /** Every service of the salon, inactive ones too (owner view). */
  listServices(actor: AuthUser, salonId: number): Promise<ServiceDto[]>;
  createService(actor: AuthUser, salonId: number, input: NewService): Promise<ServiceDto>;
  /** Throws SERVICE_NOT_FOUND when the service is not this salon's. */
  updateService(actor: AuthUser, salonId: number, serviceId: number, patch: ServicePatch): Promise<ServiceDto>;
  /** Takes the service off the menu; kept for the bookings that name it. */
  deactivateService(actor: AuthUser, salonId: number, serviceId: number): Promise<void>;
  /** Every stylist of the salon, inactive ones too (owner view). */
  listStaff(actor: AuthUser, salonId: number): Promise<StaffDto[]>;
  createStaff(actor: AuthUser, salonId: number, input: NewStaff): Promise<StaffDto>;
  /** Rename, deactivate or reactivate. Throws NOT_FOUND when the stylist is not this salon's. */
  updateStaff(actor: AuthUser, salonId: number, staffId: number, patch: StaffPatch): Promise<StaffDto>;
  /** Replaces the whole week of hours. Throws VALIDATION_FAILED naming the field. */
  replaceWorkingHours(actor: AuthUser, salonId: number, hours: WorkingHoursDto[]): Promise<WorkingHoursDto[]>;
}

const serviceNotFound = () => notFound(ErrorCode.SERVICE_NOT_FOUND, 'Service');
const staffNotFound = () => new AppError(ErrorCode.NOT_FOUND, 'Stylist was not found');

/** What the setup functions borrow from the salons service. */
export interface SetupHelpers {
  ownerWrite: OwnerWrite;
  assertOwner: (salonId: number, user: AuthUser) => Promise<unknown>;
  scheduleChanged: (salonId: number) => Promise<void>;
}

export function createSalonSetup(deps: Deps, { ownerWrite, assertOwner, scheduleChanged }: SetupHelpers): SalonSetup {
  return {
    async listServices(actor, salonId) {
      await assertOwner(salonId, actor);
      const rows = await deps.orm.em.fork().find(ServiceEntity, { salonId }, { orderBy: { id: 'asc' } });
      return rows.map(toServiceDto);
    },

    createService: (actor, salonId, input) =>
      ownerWrite(actor, salonId, async ({ em }) => {
        // A salon prices in one currency in practice: follow its existing menu unless told otherwise.
        const existing = await em.findOne(ServiceEntity, { salonId }, { orderBy: { id: 'asc' } });
        const service = em.create(ServiceEntity, {
          salonId,
          name: input.name.trim(),
          description: input.description?.trim() ?? '',
          durationMinutes: input.durationMinutes,
          bufferMinutes: input.bufferMinutes ?? 0,
          priceCents: input.priceCents,
          currency: input.currency ?? existing?.currency ?? 'EUR',
          active: true,
        });
        await em.flush();
        return toServiceDto(service);
      }),

    updateService: (actor, salonId, serviceId, patch) =>
      ownerWrite(actor, salonId, async ({ em }) => {
        const service = await em.findOne(ServiceEntity, { id: serviceId, salonId });
        if (!service) throw serviceNotFound();
        em.assign(service, { ...patch, ...(patch.name !== undefined ? { name: patch.name.trim() } : {}) });
        await em.flush();
        return toServiceDto(service);
      }),

    deactivateService: (actor, salonId, serviceId) =>
      ownerWrite(actor, salonId, async ({ em }) => {
        const service = await em.findOne(ServiceEntity, { id: serviceId, salonId });
        if (!service) throw serviceNotFound();
        service.active = false;
        await em.flush();
      }),

    async listStaff(actor, salonId) {
      await assertOwner(salonId, actor);
      const rows = await deps.orm.em.fork().find(StaffEntity, { salonId }, { orderBy: { id: 'asc' } });
      return rows.map(toStaffDto);
    },

    async createStaff(actor, salonId, input) {
      const staff = await ownerWrite(actor, salonId, async ({ em }) => {
        const created = em.create(StaffEntity, {
          salonId,
          name: input.name.trim(),
          bio: input.bio?.trim() ?? '',
          active: true,
        });
        await em.flush();
        return toStaffDto(created);
      });
      await scheduleChanged(salonId);
      return staff;
    },

    async updateStaff(actor, salonId, staffId, patch) {
      const { staff, moved } = await ownerWrite(actor, salonId, async ({ em }) => {
        const row = await em.findOne(StaffEntity, { id: staffId, salonId });
        if (!row) throw staffNotFound();
        // A rename leaves every slot as it is; only (de)activation changes who can be booked.
        const activeChanged = patch.active !== undefined && patch.active !== row.active;
        em.assign(row, { ...patch, ...(patch.name !== undefined ? { name: patch.name.trim() } : {}) });
        await em.flush();
        return { staff: toStaffDto(row), moved: activeChanged };
      });
      if (moved) await scheduleChanged(salonId);
      return staff;
    },

    async replaceWorkingHours(actor, salonId, hours) {
      const saved = await ownerWrite(actor, salonId, async ({ em }) => {
        const staff = await em.find(StaffEntity, { salonId }, { fields: ['id'] });
        checkWorkingHours(hours, new Set(staff.map((s) => s.id)));
        await em.nativeDelete(WorkingHoursEntity, { salonId });
        const rows = hours.map((h) =>
          em.create(WorkingHoursEntity, {
            salonId,
            staffId: h.staffId,
            weekday: h.weekday,
            opens: h.opens,
            closes: h.closes,
            breaks: h.breaks,
          }),
        );
        await em.flush();
        return rows.map(toHoursDto).sort(byStaffThenWeekday);
      });
      await scheduleChanged(salonId);
      return saved;
    },
  };
}
