/** A salon's address with a link to it on a map, and its phone number to call. */
import type { SalonSummary } from '@glamify/shared';
import { telHref } from '../../lib/format';

/** OpenStreetMap's search for the address: no key, no tracking script, opens the map app's web page. */
export function mapUrl(salon: Pick<SalonSummary, 'address' | 'city'>): string {
  const query = [salon.address, salon.city].filter(Boolean).join(', ');
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(query)}`;
}

export function SalonAddress({
  salon,
  phone,
}: {
  salon: Pick<SalonSummary, 'name' | 'address' | 'city'>;
  phone?: string;
}) {
  return (
    <p class="salon-address">
      <span>{[salon.address, salon.city].filter(Boolean).join(', ')}</span>{' '}
      <a href={mapUrl(salon)} target="_blank" rel="noopener noreferrer" class="salon-address__map">
        Map<span class="visually-hidden"> of {salon.name} (opens in a new tab)</span>
      </a>
      {phone && (
        <>
          {' · '}
          <a href={telHref(phone)} class="salon-address__phone">
            <span class="visually-hidden">Call {salon.name}: </span>
            {phone}
          </a>
        </>
      )}
    </p>
  );
}
