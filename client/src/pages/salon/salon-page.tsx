import { addDays, localDate, type SalonDetail, type Service } from '@glamify/shared';
import { useMemo } from 'preact/hooks';
import { AppLink } from '../../components/app-link/app-link';
import { ErrorState, Loading } from '../../components/status-view/status-view';
import { useResource } from '../../hooks/use-resource';
import { useStore } from '../../hooks/use-store';
import { api } from '../../lib/api';
import { ApiError } from '../../lib/api-error';
import { dayLabel, duration, money } from '../../lib/format';
import { location, replaceQuery } from '../../lib/router';
import { TimePicker } from './time-picker';

const DAYS = 14;

function ServicePicker({
  services,
  value,
  onChange,
}: {
  services: Service[];
  value: number | undefined;
  onChange: (id: number) => void;
}) {
  return (
    <fieldset class="picker">
      <legend>
        <span class="step">1</span> Service
      </legend>
      <div class="service-list">
        {services.map((s) => (
          <label key={s.id} class="choice choice--service">
            <input type="radio" name="service" value={s.id} checked={value === s.id} onChange={() => onChange(s.id)} />
            <span class="choice__main">{s.name}</span>
            <span class="choice__meta">
              {duration(s.durationMinutes)} · {money(s.priceCents, s.currency)}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function Salon({ salon }: { salon: SalonDetail }) {
  const params = new URLSearchParams(useStore(location).search);
  const services = salon.services.filter((s) => s.active);
  const staff = salon.staff.filter((s) => s.active);
  const today = localDate(new Date(), salon.timezone);
  const days = useMemo(() => Array.from({ length: DAYS }, (_, i) => addDays(today, i)), [today]);

  const serviceParam = Number(params.get('service'));
  const service = services.find((s) => s.id === serviceParam) ?? services[0];
  const staffParam = Number(params.get('staff'));
  const staffId = staff.some((s) => s.id === staffParam) ? staffParam : undefined;
  const dateParam = params.get('date') ?? '';
  const date = days.includes(dateParam) ? dateParam : today;

  return (
    <div class="page page--salon">
      <AppLink href="/" class="back-link">
        ← All salons
      </AppLink>
      <div class="salon-head">
        <h1 tabIndex={-1}>{salon.name}</h1>
        <p class="salon-head__address">
          {salon.address} · {salon.city}
        </p>
      </div>

      <div class="booking-layout">
        <div class="booking-layout__choices">
          {services.length === 0 ? (
            <p>This salon has no services online yet.</p>
          ) : (
            <ServicePicker services={services} value={service?.id} onChange={(id) => replaceQuery({ service: id })} />
          )}

          <fieldset class="picker">
            <legend>
              <span class="step">2</span> Stylist
            </legend>
            <div class="chip-row">
              <label class="choice choice--chip">
                <input
                  type="radio"
                  name="staff"
                  value=""
                  checked={staffId === undefined}
                  onChange={() => replaceQuery({ staff: null })}
                />
                <span>Any stylist</span>
              </label>
              {staff.map((s) => (
                <label key={s.id} class="choice choice--chip">
                  <input
                    type="radio"
                    name="staff"
                    value={s.id}
                    checked={staffId === s.id}
                    onChange={() => replaceQuery({ staff: s.id })}
                  />
                  <span>{s.name}</span>
                </label>
              ))}
            </div>
          </fieldset>

          <fieldset class="picker">
            <legend>
              <span class="step">3</span> Day
            </legend>
            <div class="day-row">
              {days.map((d, i) => (
                <label key={d} class="choice choice--day">
                  <input
                    type="radio"
                    name="date"
                    value={d}
                    checked={date === d}
                    onChange={() => replaceQuery({ date: d })}
                  />
                  <span class="day__top">
                    {i === 0 ? 'Today' : i === 1 ? 'Tomorrow' : dayLabel(d, { day: undefined, month: undefined })}
                  </span>
                  <span class="day__date">{dayLabel(d, { weekday: undefined })}</span>
                </label>
              ))}
            </div>
          </fieldset>
        </div>

        {service && <TimePicker salon={salon} service={service} staffId={staffId} date={date} />}
      </div>
    </div>
  );
}

export function SalonPage({ id }: { id: string }) {
  const salonId = Number(id);
  const salon = useResource((signal) => api.salon(salonId, signal), [salonId]);
  if (!Number.isInteger(salonId) || salonId < 1 || (salon.error instanceof ApiError && salon.error.status === 404)) {
    return (
      <div class="page">
        <h1 tabIndex={-1}>Salon not found</h1>
        <p>
          This salon does not exist or is no longer on Glamify. <AppLink href="/">Find another salon</AppLink>
        </p>
      </div>
    );
  }
  if (salon.data) return <Salon salon={salon.data} />;
  return (
    <div class="page">
      <h1 tabIndex={-1} class="visually-hidden">
        Salon
      </h1>
      {salon.error !== undefined ? <ErrorState error={salon.error} onRetry={salon.reload} /> : <Loading />}
    </div>
  );
}
