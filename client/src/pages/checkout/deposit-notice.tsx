import { depositCents, freeChangeEndsAt, type SalonPolicy, shareOf } from '@glamify/shared';
import { usePaymentSettings } from '../../hooks/use-payment-settings';
import { money, whenLabel } from '../../lib/format';

/** The deposit a price asks for under the salon's policy (the same arithmetic as the server's). */
export function depositFor(policy: SalonPolicy, priceCents: number, minimumCents = 1): number {
  const cents = depositCents(priceCents, policy.depositPercent);
  return cents >= minimumCents ? cents : 0;
}

/**
 * Before the customer confirms: the deposit, how long they have to pay it,
 * and what cancelling or not turning up will cost. Fees are shares of the
 * price, kept out of the deposit and never more than it.
 */
export function DepositNotice({
  policy,
  priceCents,
  currency,
  startsAt,
  timezone,
}: {
  policy: SalonPolicy;
  priceCents: number;
  currency: string;
  startsAt: string;
  timezone: string;
}) {
  const settings = usePaymentSettings();
  const deposit = depositFor(policy, priceCents, settings?.minimumCents);
  if (deposit === 0) return null;
  const late = Math.min(deposit, shareOf(priceCents, policy.lateCancelFeePercent));
  const noShow = Math.min(deposit, shareOf(priceCents, policy.noShowFeePercent));
  const freeUntil = freeChangeEndsAt(startsAt, policy.freeCancellationHours);
  const minutes = settings ? Math.max(1, Math.round(settings.deadlineSeconds / 60)) : undefined;
  const m = (cents: number) => money(cents, currency);
  return (
    <section class="deposit-notice" aria-labelledby="deposit-heading">
      <h2 id="deposit-heading">
        Deposit to pay now: <span class="deposit-notice__amount">{m(deposit)}</span>
      </h2>
      <p>
        {policy.depositPercent} % of the price, paid on the next page; it counts towards the total.{' '}
        {minutes !== undefined
          ? `Pay within ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}, or the time is released.`
          : 'Pay it right away, or the time is released.'}
      </p>
      {settings?.provider === 'demo' && (
        <p class="deposit-notice__demo">This is a demo: the payment page takes test cards only, no real money.</p>
      )}
      <h3>If plans change</h3>
      <ul class="deposit-notice__terms">
        <li>
          {freeUntil.getTime() > Date.now()
            ? `Cancel by ${whenLabel(freeUntil.toISOString(), timezone)} and you get the whole deposit back.`
            : 'Free cancellation has already ended for this time.'}
        </li>
        <li>
          Cancel later:{' '}
          {late === 0
            ? 'you still get the whole deposit back.'
            : late < deposit
              ? `${m(late)} is kept, the rest comes back.`
              : 'the deposit is kept.'}
        </li>
        <li>
          Not turning up:{' '}
          {noShow === 0
            ? 'the deposit comes back.'
            : noShow < deposit
              ? `${m(noShow)} is kept, the rest comes back.`
              : 'the deposit is kept.'}
        </li>
        <li>If the salon cancels, you get all of it back.</li>
      </ul>
    </section>
  );
}
