/**
 * The salon's cancellation policy for one appointment, in plain words: until
 * when a change is free (the shared `freeChangeEndsAt`, the server's own
 * rule) and what a late cancellation or a missed appointment costs. With a
 * deposit, what it costs is what is kept of the deposit: fees are shares of
 * the price, taken out of the deposit and never more than it (the server's
 * settlement), so that is all the customer is told.
 */
import { type DepositTerms, freeChangeEndsAt, isFreeChange, settle } from '@glamify/shared';
import { money, whenLabel } from '../../lib/format';

/** A booking's deposit, for the terms that apply to it. */
export interface DepositPolicy {
  amountCents: number;
  priceCents: number;
  currency: string;
}

/**
 * `policy`: the salon's terms for a time not booked yet; for a booking with
 * a deposit, the terms it was booked under (`payment.terms`), which its
 * settlement follows whatever the salon has changed since.
 */
export function policyLines(
  policy: DepositTerms,
  startsAt: string,
  timeZone: string,
  now = Date.now(),
  deposit?: DepositPolicy,
): string[] {
  if (deposit && deposit.amountCents > 0) return depositLines(policy, startsAt, timeZone, now, deposit);
  const hours = policy.freeCancellationHours;
  const fee = policy.lateCancelFeePercent;
  const lines: string[] = [];
  if (hours === 0) {
    lines.push('Free cancellation until the appointment starts.');
  } else if (freeChangeEndsAt(startsAt, hours).getTime() > now) {
    const until = whenLabel(freeChangeEndsAt(startsAt, hours).toISOString(), timeZone);
    lines.push(
      `Free cancellation until ${until}.${fee > 0 ? ` After that, cancelling costs ${fee}% of the price.` : ''}`,
    );
  } else if (fee > 0) {
    lines.push(`Less than ${hours} h to go: cancelling now costs ${fee}% of the price.`);
  } else {
    lines.push(`Less than ${hours} h to go: cancelling is still free, but the time can no longer be changed.`);
  }
  if (policy.noShowFeePercent > 0) lines.push(`Not turning up costs ${policy.noShowFeePercent}% of the price.`);
  return lines;
}

function depositLines(terms: DepositTerms, startsAt: string, timeZone: string, now: number, d: DepositPolicy) {
  const fee = (outcome: 'customer_cancel' | 'no_show', at: number) =>
    settle(outcome, { paidCents: d.amountCents, priceCents: d.priceCents, startsAt, now: new Date(at), terms })
      .feeCents;
  const kept = (cents: number) => {
    if (cents === 0) return 'you get the whole deposit back';
    if (cents < d.amountCents) return `${money(cents, d.currency)} of the deposit is kept, the rest comes back`;
    return 'the deposit is kept';
  };
  // What a cancellation costs at the last moment before the start: the late fee, or nothing where
  // cancelling stays free until then.
  const late = fee('customer_cancel', Date.parse(startsAt) - 1);
  const freeNow = isFreeChange(startsAt, terms.freeCancellationHours, new Date(now));
  const freeUntil = whenLabel(freeChangeEndsAt(startsAt, terms.freeCancellationHours).toISOString(), timeZone);
  return [
    late === 0
      ? 'Cancel any time before the appointment and you get the whole deposit back.'
      : freeNow
        ? `Cancel by ${freeUntil} and you get the whole deposit back; later, ${kept(late)}.`
        : `Free cancellation has ended: if you cancel now, ${kept(late)}.`,
    `Not turning up: ${kept(fee('no_show', now))}.`,
    'If the salon cancels, you get all of it back.',
  ];
}

export function PolicySummary({
  policy,
  startsAt,
  timeZone,
  deposit,
}: {
  policy: DepositTerms;
  startsAt: string;
  timeZone: string;
  deposit?: DepositPolicy | undefined;
}) {
  return (
    <section class="policy-summary" aria-label="Cancellation policy">
      <h2 class="policy-summary__title">Cancellation</h2>
      {policyLines(policy, startsAt, timeZone, Date.now(), deposit).map((line) => (
        <p key={line}>{line}</p>
      ))}
    </section>
  );
}
