/** A salon's address with a link to it on a map, and its phone number to call. */
import type { SalonSummary } from '@glamify/shared';
import { telHref } from '../../lib/format';

/**
 * The address as a person writes it. Salons enter a postal address, and the
 * city is the search's grouping ("New York" for a Brooklyn salon): it is
 * added only to a bare street address that does not name it already, never
 * as "10999 Berlin, Berlin".
 */
export function fullAddress(salon: Pick<SalonSummary, 'address' | 'city'>): string {
  const address = salon.address.trim();
  const city = salon.city.trim();
  const complete = address.includes(',') || address.toLowerCase().includes(city.toLowerCase());
  return complete || !city ? address : `${address}, ${city}`;
}

/** OpenStreetMap's search for the address: no key, no tracking script, opens the map app's web page. */
export function mapUrl(salon: Pick<SalonSummary, 'address' | 'city'>): string {
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(fullAddress(salon))}`;
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
      <span>{fullAddress(salon)}</span>{' '}
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
