import { depositCents, type SalonPolicy } from '@glamify/shared';
import { usePaymentSettings } from '../../hooks/use-payment-settings';
import { money } from '../../lib/format';

/** The deposit a price asks for under the salon's policy (the same arithmetic as the server's). */
export function depositFor(policy: SalonPolicy, priceCents: number, minimumCents = 1): number {
  const cents = depositCents(priceCents, policy.depositPercent);
  return cents >= minimumCents ? cents : 0;
}

/**
 * Before the customer confirms: the deposit and how long they have to pay
 * it. What cancelling or not turning up costs is the policy summary's, told
 * in terms of this deposit.
 */
export function DepositNotice({
  policy,
  priceCents,
  currency,
}: {
  policy: SalonPolicy;
  priceCents: number;
  currency: string;
}) {
  const settings = usePaymentSettings();
  const deposit = depositFor(policy, priceCents, settings?.minimumCents);
  if (deposit === 0) return null;
  const minutes = settings ? Math.max(1, Math.round(settings.deadlineSeconds / 60)) : undefined;
  return (
    <section class="deposit-notice" aria-labelledby="deposit-heading">
      <h2 id="deposit-heading">
        Deposit to pay now: <span class="deposit-notice__amount">{money(deposit, currency)}</span>
      </h2>
      <p>
        {policy.depositPercent}% of the price, paid on the next page; it counts towards the total.{' '}
        {minutes !== undefined
          ? `Pay within ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}, or the time is released.`
          : 'Pay it right away, or the time is released.'}
      </p>
      {settings?.provider === 'demo' && (
        <p class="deposit-notice__demo">This is a demo: the payment page takes test cards only, no real money.</p>
      )}
    </section>
  );
}
