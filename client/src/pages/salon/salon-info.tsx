/**
 * What a customer wants to know before booking: where the salon is (with a
 * map), how to call it, when it is open and who works there.
 */
import type { SalonDetail, WorkingHours } from '@glamify/shared';
import { SalonAddress } from '../../components/salon-address/salon-address';
import { zoneDiffers, zoneName } from '../../lib/format';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function hoursText(h: WorkingHours | undefined): string {
  if (!h) return 'Closed';
  const breaks = h.breaks.map((b) => `${b.starts}–${b.ends}`).join(', ');
  return `${h.opens}–${h.closes}${breaks ? ` (break ${breaks})` : ''}`;
}

/** The salon's week, with weekdays of the same hours run together: "Mon–Fri 09:00–18:00". */
export function openingHours(hours: readonly WorkingHours[]): { days: string; hours: string }[] {
  const salonHours = hours.filter((h) => h.staffId === null);
  const rows: { from: number; to: number; hours: string }[] = [];
  for (let day = 1; day <= 7; day++) {
    const text = hoursText(salonHours.find((h) => h.weekday === day));
    const last = rows.at(-1);
    if (last && last.hours === text && last.to === day - 1) last.to = day;
    else rows.push({ from: day, to: day, hours: text });
  }
  return rows.map((r) => ({
    days:
      r.from === r.to
        ? (WEEKDAYS[r.from - 1] as string)
        : `${WEEKDAYS[r.from - 1]}${r.to === r.from + 1 ? ', ' : '–'}${WEEKDAYS[r.to - 1]}`,
    hours: r.hours,
  }));
}

export function SalonInfo({ salon }: { salon: SalonDetail }) {
  const team = salon.staff.filter((s) => s.active);
  return (
    <div class="salon-info">
      <SalonAddress salon={salon} phone={salon.phone} />
      <details class="salon-info__more">
        <summary>Opening hours and team</summary>
        <div class="salon-info__grid">
          <section aria-labelledby="hours-heading">
            <h2 id="hours-heading" class="salon-info__title">
              Opening hours
              {zoneDiffers(new Date(), salon.timezone) && <span class="muted"> ({zoneName(salon.timezone)})</span>}
            </h2>
            <dl class="hours-list">
              {openingHours(salon.workingHours).map((r) => (
                <div key={r.days}>
                  <dt>{r.days}</dt>
                  <dd>{r.hours}</dd>
                </div>
              ))}
            </dl>
          </section>
          {team.length > 0 && (
            <section aria-labelledby="team-heading">
              <h2 id="team-heading" class="salon-info__title">
                Stylists
              </h2>
              <dl class="team-list">
                {team.map((s) => (
                  <div key={s.id}>
                    <dt>{s.name}</dt>
                    <dd>{s.bio || 'Ask the salon about their work.'}</dd>
                  </div>
                ))}
              </dl>
            </section>
          )}
        </div>
      </details>
    </div>
  );
}
