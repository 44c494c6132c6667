/**
 * The salon's cancellation policy for one appointment, in plain words: until
 * when a change is free (the shared `freeChangeEndsAt`, the server's own
 * rule) and what a late cancellation or a missed appointment costs.
 */
import { freeChangeEndsAt, type SalonPolicy } from '@glamify/shared';
import { whenLabel } from '../../lib/format';

export function policyLines(policy: SalonPolicy, startsAt: string, timeZone: string, now = Date.now()): string[] {
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
