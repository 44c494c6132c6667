/**
 * The salon catalog: search, the detail a customer books from, and the
 * owner's own settings. Services, stylists and hours live in
 * salon-setup.service.ts; both share `ownerWrite`, which runs a change in
 * one transaction with the salon row locked.
 */
import {
  type City,
  ErrorCode,
  isTimeZone,
  type NewSalon,
  type PageOf,
  type SalonDetail,
  type SalonPatch,
  type SalonPolicy,
  type SalonQuery,
  type SalonSummary,
} from '@glamify/shared';
import { forbidden, invalid, notFound } from '../../errors.ts';
import type { AuthUser } from '../../lib/auth-user.ts';
import type { Deps } from '../../lib/deps.ts';
import { escapeLike } from '../../lib/like.ts';
import { inTransaction, type Tx } from '../../lib/tx.ts';
import { UserEntity } from '../accounts/user.entity.ts';
import { type Salon, SalonEntity, ServiceEntity, StaffEntity, WorkingHoursEntity } from './salon.entity.ts';
import { byStaffThenWeekday, toHoursDto, toPolicyDto, toServiceDto, toStaffDto, toSummary } from './salon-dto.ts';
import { createSalonSetup, type SalonSetup } from './salon-setup.service.ts';

export interface SalonHooks {
  /**
   * Called after a committed change to working hours, stylists, slot length
   * or horizon, so free slots can be regenerated. Never called for a
   * rejected or rolled-back change.
   */
  onScheduleChanged: (salonId: number) => Promise<void>;
}

/** Runs an owner's change to one salon in a transaction; see `createSalonsService`. */
export type OwnerWrite = <T>(actor: AuthUser, salonId: number, fn: (tx: Tx, salon: Salon) => Promise<T>) => Promise<T>;

export interface SalonsService extends SalonSetup {
  /** Search by exact city and partial name, ordered by name then id. */
  listSalons(query: SalonQuery): Promise<PageOf<SalonSummary>>;
  /** Every city with salons, alphabetically (ignoring case), with how many. */
  listCities(): Promise<PageOf<City>>;
  /** The salons the user owns (all of them for an admin). */
  listOwnedSalons(user: AuthUser): Promise<PageOf<SalonSummary>>;
  /** The salon row. Throws SALON_NOT_FOUND. */
  getSalon(id: number): Promise<Salon>;
  /** The salon with its active services and stylists and all working hours. Throws SALON_NOT_FOUND. */
  getSalonDetail(id: number): Promise<SalonDetail>;
  /** The salon, when the user owns it or is an admin. Throws SALON_NOT_FOUND, FORBIDDEN. */
  assertOwner(salonId: number, user: AuthUser): Promise<Salon>;
  /** An owner opens a salon of their own; an admin opens one for an owner. */
  createSalon(actor: AuthUser, input: NewSalon): Promise<SalonDetail>;
  /** Changes salon settings. */
  updateSalon(actor: AuthUser, salonId: number, patch: SalonPatch): Promise<SalonDetail>;
  /** Replaces the booking policy (the salon owner). Bookings made before keep the deposit they were asked for. */
  updatePolicy(actor: AuthUser, salonId: number, policy: SalonPolicy): Promise<SalonPolicy>;
}

function checkOwner(salon: Salon, user: AuthUser): void {
  if (user.role === 'admin') return;
  if (user.role !== 'owner' || salon.ownerId !== user.id) throw forbidden('Only the owner of this salon may do this');
}

export function createSalonsService(deps: Deps, hooks: SalonHooks): SalonsService {
  const em = () => deps.orm.em.fork();

  async function getSalon(id: number): Promise<Salon> {
    const salon = await em().findOne(SalonEntity, { id });
    if (!salon) throw notFound(ErrorCode.SALON_NOT_FOUND, 'Salon');
    return salon;
  }

  async function getSalonDetail(id: number): Promise<SalonDetail> {
    const e = em();
    const salon = await e.findOne(SalonEntity, { id });
    if (!salon) throw notFound(ErrorCode.SALON_NOT_FOUND, 'Salon');
    const [services, staff, hours] = await Promise.all([
      e.find(ServiceEntity, { salonId: id, active: true }, { orderBy: { id: 'asc' } }),
      e.find(StaffEntity, { salonId: id, active: true }, { orderBy: { id: 'asc' } }),
      e.find(WorkingHoursEntity, { salonId: id }),
    ]);
    return {
      ...toSummary(salon),
      phone: salon.phone,
      ownerId: salon.ownerId,
      slotMinutes: salon.slotMinutes,
      minNoticeMinutes: salon.minNoticeMinutes,
      horizonDays: salon.horizonDays,
      policy: toPolicyDto(salon),
      workingHours: hours.map(toHoursDto).sort(byStaffThenWeekday),
      services: services.map(toServiceDto),
      staff: staff.map(toStaffDto),
    };
  }

  const ownerWrite: OwnerWrite = (actor, salonId, fn) =>
    inTransaction(deps, async (tx) => {
      // The row lock queues concurrent edits of one salon, so two replacements
      // of its hours cannot race each other into a unique violation. FOR NO
      // KEY UPDATE, not FOR UPDATE: a booking's foreign-key check takes FOR KEY
      // SHARE on the salon row, and must not wait for an owner's edit.
      // (MikroORM's LockMode has no such mode; the row is mapped into the
      // transaction's EntityManager, so changes to it still flush.)
      const rows = await tx.em.execute('select * from salons where id = ? for no key update', [salonId]);
      const salon = rows[0] ? tx.em.map(SalonEntity, rows[0]) : null;
      if (!salon) throw notFound(ErrorCode.SALON_NOT_FOUND, 'Salon');
      checkOwner(salon, actor);
      return fn(tx, salon);
    });

  /** After commit: a failure to regenerate slots is logged, not reported, since the change itself stands. */
  async function scheduleChanged(salonId: number): Promise<void> {
    try {
      await hooks.onScheduleChanged(salonId);
    } catch (err) {
      deps.log.error({ err, salonId }, 'regenerating slots after a schedule change failed');
    }
  }

  async function assertOwner(salonId: number, user: AuthUser): Promise<Salon> {
    const salon = await getSalon(salonId);
    checkOwner(salon, user);
    return salon;
  }

  return {
    ...createSalonSetup(deps, { ownerWrite, assertOwner, scheduleChanged }),
    getSalon,
    getSalonDetail,
    assertOwner,

    async listSalons(query) {
      const where: string[] = [];
      const params: unknown[] = [];
      const city = query.city?.trim();
      const q = query.q?.trim();
      if (city) {
        where.push('lower(city) = lower(?)');
        params.push(city);
      }
      if (q) {
        where.push("name ilike ? escape '\\'");
        params.push(`%${escapeLike(q)}%`);
      }
      const clause = where.length > 0 ? `where ${where.join(' and ')}` : '';
      const e = em();
      const [count] = await e.execute<{ total: number }[]>(
        `select count(*)::int as total from salons ${clause}`,
        params,
      );
      const rows = await e.execute<SalonSummary[]>(
        `select id, name, city, address, timezone from salons ${clause} order by name, id limit ? offset ?`,
        [...params, query.limit ?? 20, query.offset ?? 0],
      );
      return { items: rows.map(toSummary), total: count?.total ?? 0 };
    },

    async listCities() {
      const rows = await em().execute<City[]>(
        'select min(city) as city, count(*)::int as salons from salons group by lower(city) order by lower(min(city))',
      );
      return { items: rows, total: rows.length };
    },

    async listOwnedSalons(user) {
      if (user.role !== 'owner' && user.role !== 'admin') throw forbidden('Only salon owners have salons');
      const where = user.role === 'admin' ? {} : { ownerId: user.id };
      const salons = await em().find(SalonEntity, where, { orderBy: { name: 'asc', id: 'asc' } });
      return { items: salons.map(toSummary), total: salons.length };
    },

    async createSalon(actor, input) {
      if (actor.role !== 'owner' && actor.role !== 'admin') throw forbidden('Only salon owners may open a salon');
      if (!isTimeZone(input.timezone)) throw invalid('timezone', `"${input.timezone}" is not an IANA time zone`);
      const id = await inTransaction(deps, async ({ em }) => {
        let ownerId = actor.id;
        if (actor.role === 'admin') {
          if (input.ownerId === undefined) throw invalid('ownerId', 'Name the owner the salon belongs to');
          const owner = await em.findOne(UserEntity, { id: input.ownerId, role: 'owner' });
          if (!owner) throw invalid('ownerId', `User ${input.ownerId} is not a salon owner`);
          ownerId = owner.id;
        } else if (input.ownerId !== undefined && input.ownerId !== actor.id) {
          throw forbidden('Owners open salons for themselves only');
        }
        const salon = em.create(SalonEntity, {
          ownerId,
          name: input.name.trim(),
          city: input.city.trim(),
          address: input.address?.trim() ?? '',
          phone: input.phone?.trim() ?? '',
          timezone: input.timezone,
        });
        await em.flush();
        return salon.id;
      });
      return getSalonDetail(id);
    },

    async updateSalon(actor, salonId, patch) {
      const scheduleMoved = await ownerWrite(actor, salonId, async ({ em }, salon) => {
        // Slot length and horizon shape the generated slots; the other settings are read at booking time.
        const moved =
          (patch.slotMinutes !== undefined && patch.slotMinutes !== salon.slotMinutes) ||
          (patch.horizonDays !== undefined && patch.horizonDays !== salon.horizonDays);
        em.assign(salon, {
          ...patch,
          ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
          ...(patch.address !== undefined ? { address: patch.address.trim() } : {}),
          ...(patch.phone !== undefined ? { phone: patch.phone.trim() } : {}),
        });
        await em.flush();
        return moved;
      });
      if (scheduleMoved) await scheduleChanged(salonId);
      return getSalonDetail(salonId);
    },

    updatePolicy(actor, salonId, policy) {
      return ownerWrite(actor, salonId, async ({ em }, salon) => {
        em.assign(salon, policy);
        await em.flush();
        return toPolicyDto(salon);
      });
    },
  };
}
