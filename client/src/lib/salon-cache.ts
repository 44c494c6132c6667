/** Salon details by id, fetched once per page load (bookings carry a salon id, not its time zone). */
import type { SalonDetail } from '@glamify/shared';
import { api } from './api';

const cache = new Map<number, Promise<SalonDetail>>();

export function salonById(id: number): Promise<SalonDetail> {
  let p = cache.get(id);
  if (!p) {
    p = api.salon(id);
    cache.set(id, p);
    p.catch(() => cache.delete(id));
  }
  return p;
}

/**
 * The given salons' details (time zone, policy, phone) by id; a salon that
 * cannot be loaded (offline, with no saved copy) is left out.
 */
export async function salonsById(ids: Iterable<number>): Promise<Map<number, SalonDetail>> {
  const out = new Map<number, SalonDetail>();
  await Promise.all(
    [...new Set(ids)].map((id) =>
      salonById(id).then(
        (s) => out.set(id, s),
        () => undefined,
      ),
    ),
  );
  return out;
}
