/** What is being booked, as the checkout shows it: salon with address, service, stylist, time, price. */
import type { SalonDetail, Service, Staff } from '@glamify/shared';
import { SalonAddress } from '../../components/salon-address/salon-address';
import { deviceWhenLabel, duration, money, whenLabel, zoneDiffers } from '../../lib/format';

export function CheckoutSummary({
  salon,
  service,
  stylist,
  anyStaff,
  at,
}: {
  salon: SalonDetail;
  service: Service;
  stylist: Staff | undefined;
  /** "Any stylist" was chosen: `stylist` is only the one free at that time. */
  anyStaff: boolean;
  at: string;
}) {
  return (
    <dl class="summary">
      <div>
        <dt>Salon</dt>
        <dd>
          {salon.name}
          <SalonAddress salon={salon} />
        </dd>
      </div>
      <div>
        <dt>Service</dt>
        <dd>
          {service.name} · {duration(service.durationMinutes)}
        </dd>
      </div>
      <div>
        <dt>Stylist</dt>
        <dd>
          {anyStaff ? `Any stylist (${stylist?.name ?? 'first free'} is free then)` : (stylist?.name ?? 'Any stylist')}
        </dd>
      </div>
      <div>
        <dt>When</dt>
        <dd>
          {whenLabel(at, salon.timezone)}
          {zoneDiffers(at, salon.timezone) && <span class="summary__aside">{deviceWhenLabel(at)} your time</span>}
        </dd>
      </div>
      <div class="summary__total">
        <dt>Price</dt>
        <dd>{money(service.priceCents, service.currency)}</dd>
      </div>
    </dl>
  );
}
