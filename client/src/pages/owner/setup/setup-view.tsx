/** Running the salon's set-up: services, stylists, hours and breaks, the booking policy. */
import type { SalonDetail } from '@glamify/shared';
import { HoursEditor } from './hours-editor';
import { PolicyEditor } from './policy-editor';
import { ServicesEditor } from './services-editor';
import { StaffEditor } from './staff-editor';

export function SetupView({ salon, onChanged }: { salon: SalonDetail; onChanged: () => void }) {
  return (
    <div class="setup">
      <ServicesEditor salon={salon} onChanged={onChanged} />
      <StaffEditor salon={salon} onChanged={onChanged} />
      <HoursEditor key={salon.id} salon={salon} onChanged={onChanged} />
      <PolicyEditor key={salon.id} salon={salon} onChanged={onChanged} />
    </div>
  );
}
