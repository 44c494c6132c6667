/**
 * Reads for the front desk: the kiosk's view of a day (first names and
 * services, nothing else about anyone) and the owner's search of their own
 * salon's customers.
 */
import { addDays, type CustomerMatch, isIsoDate, type KioskBooking, localDate } from '@glamify/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { invalid } from '../../errors.ts';
import type { AuthUser, KioskPrincipal } from '../../lib/auth-user.ts';
import type { Deps } from '../../lib/deps.ts';
import { escapeLike } from '../../lib/like.ts';
import { limitRules } from '../../lib/rate-limit.ts';
import type { SalonsService } from '../salons/salons.service.ts';

/** The kiosk's picture of bookings: first names and services, nothing else about anyone. */
async function kioskRows(em: EntityManager, where: string, params: unknown[]): Promise<KioskBooking[]> {
  const rows = await em.execute<(KioskBooking & { busyUntil: Date | null })[]>(
    `select b.id, b.staff_id as "staffId", b.starts_at as "startsAt", b.ends_at as "endsAt",
            (select max(sl.ends_at) from slots sl where sl.booking_id = b.id) as "busyUntil",
            coalesce((regexp_match(btrim(coalesce(u.name, g.name)), '^\\S+'))[1], '') as "firstName",
            coalesce((select json_agg(i.name order by i.position) from booking_items i where i.booking_id = b.id), '[]')
              as services,
            b.status, b.checked_in_at is not null as "checkedIn",
            coalesce((select array_agg(sl.id order by sl.starts_at) from slots sl where sl.booking_id = b.id), '{}')
              as "slotIds"
     from bookings b
     join salons s on s.id = b.salon_id
     left join users u on u.id = b.customer_id
     left join guests g on g.id = b.guest_id
     where ${where}
     order by b.starts_at, b.staff_id`,
    params,
  );
  return rows.map((r) => ({
    ...r,
    startsAt: new Date(r.startsAt).toISOString(),
    endsAt: new Date(r.endsAt).toISOString(),
    busyUntil: new Date(r.busyUntil ?? r.endsAt).toISOString(),
    slotIds: (r.slotIds ?? []).map(Number),
  }));
}

/** Bookings that hold time on a salon-local day; the busy time runs to the last booked slot (the cleanup buffer). */
export function kioskBookings(em: EntityManager, salonId: number, date: string): Promise<KioskBooking[]> {
  return kioskRows(
    em,
    `b.salon_id = ? and b.status <> 'CANCELLED'
       and b.starts_at >= (cast(? as date)::timestamp at time zone s.timezone)
       and b.starts_at < ((cast(? as date) + 1)::timestamp at time zone s.timezone)`,
    [salonId, date, date],
  );
}

/** One booking as a kiosk may see it (what a check-in at the kiosk answers). */
export async function kioskBooking(em: EntityManager, id: number): Promise<KioskBooking> {
  const [row] = await kioskRows(em, 'b.id = ?', [id]);
  if (!row) throw new Error(`booking ${id} vanished`);
  return row;
}

/** `ana.costa@example.com` → `an…@example.com`: enough to tell two people apart, not enough to write to. */
export function emailHint(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '…';
  return `${email.slice(0, Math.min(2, at))}…${email.slice(at)}`;
}

/**
 * Customers who have booked at the salon, by part of their name or their
 * whole email address, most recent visitors first.
 */
export async function searchSalonCustomers(
  em: EntityManager,
  salonId: number,
  q: string,
  limit: number,
): Promise<CustomerMatch[]> {
  const text = q.trim();
  const rows = await em.execute<(Omit<CustomerMatch, 'emailHint'> & { email: string; lastVisitAt: Date })[]>(
    `select u.id, u.name, u.email, count(*)::int as visits, max(b.starts_at) as "lastVisitAt"
     from bookings b join users u on u.id = b.customer_id
     where b.salon_id = ? and u.role = 'customer'
       and (u.name ilike ? escape '\\' or lower(u.email) = lower(?))
     group by u.id, u.name, u.email
     order by max(b.starts_at) desc, u.id
     limit ?`,
    [salonId, `%${escapeLike(text)}%`, text, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    emailHint: emailHint(r.email),
    visits: r.visits,
    lastVisitAt: new Date(r.lastVisitAt).toISOString(),
  }));
}

/** True when the account is a customer who has booked at the salon before. */
export async function isSalonCustomer(em: EntityManager, salonId: number, userId: number): Promise<boolean> {
  const rows = await em.execute<{ n: number }[]>(
    `select count(*)::int as n from bookings b join users u on u.id = b.customer_id
     where b.salon_id = ? and b.customer_id = ? and u.role = 'customer'`,
    [salonId, userId],
  );
  return (rows[0]?.n ?? 0) > 0;
}

/** The bookings service's front-desk reads: the kiosk's day and the owner's customer search. */
export function createFrontDeskReads(deps: Deps, salons: Pick<SalonsService, 'assertOwner'>) {
  const em = () => deps.orm.em.fork() as EntityManager;
  const rules = limitRules(deps.config);
  return {
    /** The kiosk's day: its own salon only, and only around today (a screen shows the salon's day). */
    async kioskDay(kiosk: KioskPrincipal, date: string) {
      if (!isIsoDate(date)) throw invalid('date', 'date must be a calendar date written YYYY-MM-DD');
      const rows = await em().execute<{ timezone: string }[]>('select timezone from salons where id = ?', [
        kiosk.salonId,
      ]);
      const today = localDate(deps.now(), rows[0]?.timezone ?? 'UTC');
      if (date < addDays(today, -1) || date > addDays(today, 1)) {
        throw invalid('date', 'A kiosk reads yesterday, today or tomorrow only');
      }
      return { date, items: await kioskBookings(em(), kiosk.salonId, date) };
    },

    /** The owner's search of their own salon's customers, limited per owner. */
    async searchCustomers(actor: AuthUser, salonId: number, q: string, limit: number) {
      await salons.assertOwner(salonId, actor);
      await deps.limiter.consume(rules.customerSearch, `user:${actor.id}`, 'Too many customer searches');
      return { items: await searchSalonCustomers(em(), salonId, q, limit) };
    },
  };
}
