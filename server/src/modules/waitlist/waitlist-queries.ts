/**
 * Reading waitlist entries as the contract shows them: with names, the
 * place in line and the open offer. One query shape for the customer's
 * list, one entry, and the owner's day.
 */
import type { PageOf, SalonWaitlistEntry, WaitlistEntry, WaitlistOffer } from '@glamify/shared';
import type { EntityManager } from '@mikro-orm/postgresql';

/** The engine's order: exact-slot entries first, then first come, first served. */
export const LINE_ORDER = '(e.slot_id is null), e.created_at, e.id';

const SELECT = `
  select e.id, e.salon_id as "salonId", s.name as "salonName", s.timezone,
         e.service_id as "serviceId", v.name as "serviceName", to_char(e.date, 'YYYY-MM-DD') as date,
         e.staff_id as "staffId", st.name as "staffName", e.slot_id as "slotId", sl.starts_at as "startsAt",
         e.from_time as "from", e.to_time as "to", e.status, e.created_at as "createdAt", u.name as "customerName",
         case when e.status = 'waiting' then (
           select count(*)::int from waitlist_entries x
           where x.salon_id = e.salon_id and x.date = e.date and x.status in ('waiting', 'offered')
             and ((x.slot_id is null), x.created_at, x.id) <= ((e.slot_id is null), e.created_at, e.id)
         ) end as position,
         case when o.id is not null then json_build_object(
           'entryId', e.id, 'lockToken', o.lock_token, 'slotIds', o.slot_ids, 'startsAt', o.starts_at,
           'staffId', o.staff_id, 'expiresAt', o.expires_at, 'salonId', e.salon_id, 'salonName', s.name,
           'serviceId', e.service_id, 'serviceName', v.name, 'staffName', ost.name, 'timezone', s.timezone
         ) end as offer
  from waitlist_entries e
  join salons s on s.id = e.salon_id
  join services v on v.id = e.service_id
  join users u on u.id = e.customer_id
  left join staff st on st.id = e.staff_id
  left join slots sl on sl.id = e.slot_id
  left join waitlist_offers o on o.entry_id = e.id and o.status = 'open'
  left join staff ost on ost.id = o.staff_id`;

type Row = Omit<WaitlistEntry, 'startsAt' | 'createdAt' | 'offer'> & {
  startsAt: Date | string | null;
  createdAt: Date | string;
  offer: WaitlistOffer | null;
};

const iso = (v: Date | string) => new Date(v).toISOString();

/** Normalises instants (json_build_object writes PostgreSQL's format) to ISO 8601. */
export function offerDto(o: WaitlistOffer): WaitlistOffer {
  return { ...o, startsAt: iso(o.startsAt), expiresAt: iso(o.expiresAt) };
}

function toDto(r: Row, withCustomer: boolean): WaitlistEntry {
  const { customerName, ...rest } = r;
  return {
    ...rest,
    startsAt: r.startsAt === null ? null : iso(r.startsAt),
    createdAt: iso(r.createdAt),
    offer: r.offer ? offerDto(r.offer) : null,
    ...(withCustomer && customerName !== undefined ? { customerName } : {}),
  };
}

export async function findEntry(em: EntityManager, id: number): Promise<WaitlistEntry | null> {
  const rows = await em.execute<Row[]>(`${SELECT} where e.id = ?`, [id]);
  return rows[0] ? toDto(rows[0], false) : null;
}

/** A customer's entries: live ones first (by day), then ended ones, most recent day first. */
export async function listOwn(
  em: EntityManager,
  customerId: number,
  limit: number,
  offset: number,
): Promise<PageOf<WaitlistEntry>> {
  const rows = await em.execute<Row[]>(
    `${SELECT} where e.customer_id = ?
     order by (e.status in ('waiting', 'offered')) desc,
              case when e.status in ('waiting', 'offered') then e.date end asc, e.date desc, e.id desc
     limit ? offset ?`,
    [customerId, limit, offset],
  );
  const [count] = await em.execute<{ n: number }[]>(
    'select count(*)::int as n from waitlist_entries where customer_id = ?',
    [customerId],
  );
  return { items: rows.map((r) => toDto(r, false)), total: count?.n ?? 0 };
}

/** A salon-day's waitlist for its owner: the line in order, then the entries that ended. */
export async function listDay(em: EntityManager, salonId: number, date: string): Promise<PageOf<SalonWaitlistEntry>> {
  const rows = await em.execute<Row[]>(
    `${SELECT} where e.salon_id = ? and e.date = cast(? as date)
     order by (e.status in ('waiting', 'offered')) desc, ${LINE_ORDER}`,
    [salonId, date],
  );
  // The owner sees who waits and what is offered, never the token that books the customer's hold.
  const items = rows.map((r) => {
    const { offer, ...entry } = toDto(r, true);
    if (!offer) return { ...entry, offer: null };
    const { lockToken: _customers, ...seen } = offer;
    return { ...entry, offer: seen };
  });
  return { items, total: rows.length };
}
