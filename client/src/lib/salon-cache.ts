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

/** Time zones of the given salons; a salon that cannot be loaded is left out. */
export async function timezones(ids: Iterable<number>): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  await Promise.all(
    [...new Set(ids)].map((id) =>
      salonById(id).then(
        (s) => out.set(id, s.timezone),
        () => undefined,
      ),
    ),
  );
  return out;
}
