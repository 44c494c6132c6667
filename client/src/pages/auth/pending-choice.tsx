/**
 * On the way to sign in from a chosen time: what was picked stays on screen
 * (the salon, service, stylist and time, on the salon's clock), and signing
 * in or creating an account returns to the checkout, which holds it.
 */
import type { SalonDetail } from '@glamify/shared';
import { useResource } from '../../hooks/use-resource';
import { whenLabel } from '../../lib/format';
import { salonById } from '../../lib/salon-cache';

interface Choice {
  salonId: number;
  serviceId: number;
  staffId: number | undefined;
  anyStaff: boolean;
  at: string;
}

/** The choice a `next=/checkout?...` link carries; null for any other destination. */
export function choiceFrom(next: string | null): Choice | null {
  if (!next?.startsWith('/checkout?')) return null;
  const q = new URLSearchParams(next.slice('/checkout?'.length));
  const choice = {
    salonId: Number(q.get('salon')),
    serviceId: Number(q.get('service')),
    staffId: q.get('staff') ? Number(q.get('staff')) : undefined,
    anyStaff: q.get('any') === '1',
    at: q.get('at') ?? '',
  };
  return Number.isInteger(choice.salonId) && Number.isInteger(choice.serviceId) && !Number.isNaN(Date.parse(choice.at))
    ? choice
    : null;
}

function describe(salon: SalonDetail, c: Choice) {
  const service = salon.services.find((s) => s.id === c.serviceId);
  const stylist = c.anyStaff ? undefined : salon.staff.find((s) => s.id === c.staffId);
  return {
    what: service?.name ?? 'Your service',
    when: whenLabel(c.at, salon.timezone),
    who: stylist ? `with ${stylist.name}` : 'with any free stylist',
  };
}

export function PendingChoice({ next }: { next: string | null }) {
  const choice = choiceFrom(next);
  const salon = useResource(() => (choice ? salonById(choice.salonId) : Promise.resolve(undefined)), [choice?.salonId]);
  if (!choice) return null;
  const d = salon.data ? describe(salon.data, choice) : undefined;
  return (
    <section class="pending-choice" aria-labelledby="pending-choice-title" data-testid="pending-choice">
      <h2 id="pending-choice-title" class="pending-choice__title">
        Your choice
      </h2>
      {d && salon.data ? (
        <p>
          <strong>{d.what}</strong> at {salon.data.name}
          <br />
          {d.when}, {d.who}
        </p>
      ) : (
        <p>{new Date(choice.at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</p>
      )}
      <p class="muted">Sign in or create an account and we'll hold this time for you while you confirm.</p>
    </section>
  );
}
