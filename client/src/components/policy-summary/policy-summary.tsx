/**
 * The salon's cancellation policy for one appointment, in plain words: until
 * when a change is free (the shared `freeChangeEndsAt`, the server's own
 * rule) and what a late cancellation or a missed appointment costs.
 */
import { freeChangeEndsAt, type SalonPolicy } from '@glamify/shared';
import { whenLabel } from '../../lib/format';

export function policyLines(policy: SalonPolicy, startsAt: string, timeZone: string, now = Date.now()): string[] {
  const freeUntil = freeChangeEndsAt(startsAt, policy.freeCancellationHours);
  const lines: string[] = [];
  if (policy.freeCancellationHours === 0) {
    lines.push('Free cancellation until the appointment starts.');
  } else if (freeUntil.getTime() > now) {
    lines.push(`Free cancellation until ${whenLabel(freeUntil.toISOString(), timeZone)}.`);
  } else {
    lines.push(`The free cancellation window (${policy.freeCancellationHours} h before) has passed.`);
  }
  if (policy.lateCancelFeePercent > 0 && policy.freeCancellationHours > 0) {
    lines.push(`Cancelling later costs ${policy.lateCancelFeePercent}% of the price.`);
  }
  if (policy.noShowFeePercent > 0) lines.push(`Not turning up costs ${policy.noShowFeePercent}% of the price.`);
  return lines;
}

export function PolicySummary({
  policy,
  startsAt,
  timeZone,
}: {
  policy: SalonPolicy;
  startsAt: string;
  timeZone: string;
}) {
  return (
    <section class="policy-summary" aria-label="Cancellation policy">
      <h2 class="policy-summary__title">Cancellation</h2>
      {policyLines(policy, startsAt, timeZone).map((line) => (
        <p key={line}>{line}</p>
      ))}
    </section>
  );
}
