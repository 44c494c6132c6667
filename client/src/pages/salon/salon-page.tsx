import { addDays, localDate, type SalonDetail, type Service, type Staff } from '@glamify/shared';
import { useEffect, useMemo } from 'preact/hooks';
import { AppLink } from '../../components/app-link/app-link';
import { ErrorState, Loading } from '../../components/status-view/status-view';
import { useAfterFirstPaint } from '../../hooks/use-after-first-paint';
import { useDaySummaries } from '../../hooks/use-day-summaries';
import { useResource } from '../../hooks/use-resource';
import { useStore } from '../../hooks/use-store';
import { api } from '../../lib/api';
import { ApiError } from '../../lib/api-error';
import { duration, money, prepareFormatting } from '../../lib/format';
import { location, replaceQuery } from '../../lib/router';
import { DayPicker, firstFreeDay } from './day-picker';
import { SalonInfo } from './salon-info';
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
            {s.description && <span class="choice__desc">{s.description}</span>}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function StylistPicker({ staff, value }: { staff: Staff[]; value: number | undefined }) {
  const chosen = staff.find((s) => s.id === value);
  return (
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
            checked={value === undefined}
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
              checked={value === s.id}
              onChange={() => replaceQuery({ staff: s.id })}
            />
            <span>{s.name}</span>
          </label>
        ))}
      </div>
      {chosen?.bio && (
        <p class="stylist-bio">
          <strong>{chosen.name}:</strong> {chosen.bio}
        </p>
      )}
    </fieldset>
  );
}

function Salon({ salon }: { salon: SalonDetail }) {
  const params = new URLSearchParams(useStore(location).search);
  const services = salon.services.filter((s) => s.active);
  const staff = salon.staff.filter((s) => s.active);
  const today = localDate(new Date(), salon.timezone);
  // Below a phone's first screen: built in the task after the first paint.
  const below = useAfterFirstPaint();
  // The times (and the live connection behind them) in a task of their own after that.
  const times = useAfterFirstPaint(below);
  const days = useMemo(() => Array.from({ length: DAYS }, (_, i) => addDays(today, i)), [today]);

  const serviceParam = Number(params.get('service'));
  const service = services.find((s) => s.id === serviceParam) ?? services[0];
  const staffParam = Number(params.get('staff'));
  const staffId = staff.some((s) => s.id === staffParam) ? staffParam : undefined;

  // What each day has for this service: the page opens on the first day with free times.
  const {
    run: summary,
    summaries,
    onFreeCount,
  } = useDaySummaries({
    salonId: salon.id,
    serviceId: service?.id,
    staffId,
    from: today,
    days: DAYS,
  });
  const dateParam = params.get('date') ?? '';
  const date = days.includes(dateParam)
    ? dateParam
    : summary.data
      ? (firstFreeDay(summary.data.days) ?? today)
      : summary.error !== undefined
        ? today
        : undefined;

  return (
    <div class="page page--salon">
      <AppLink href="/" class="back-link">
        ← All salons
      </AppLink>
      <div class="salon-head">
        <h1 tabIndex={-1}>{salon.name}</h1>
        <SalonInfo salon={salon} />
      </div>

      <div class="booking-layout">
        <div class="booking-layout__choices">
          {services.length === 0 ? (
            <p>This salon has no services online yet.</p>
          ) : (
            <ServicePicker services={services} value={service?.id} onChange={(id) => replaceQuery({ service: id })} />
          )}
          {below && <StylistPicker staff={staff} value={staffId} />}
          {below && (
            <DayPicker days={days} summaries={summaries} value={date} onChange={(d) => replaceQuery({ date: d })} />
          )}
        </div>

        {service && times && (
          <TimePicker
            salon={salon}
            service={service}
            staffId={staffId}
            date={date}
            day={date ? summaries?.get(date) : undefined}
            nextFree={firstFreeDay(summary.data?.days.filter((d) => date === undefined || d.date > date))}
            onPickDay={(d) => replaceQuery({ date: d })}
            onFreeCount={onFreeCount}
          />
        )}
      </div>
    </div>
  );
}

export function SalonPage({ id }: { id: string }) {
  const salonId = Number(id);
  // "/salons/abc" names no salon: nothing to ask the server.
  const valid = /^[1-9]\d{0,9}$/.test(id);
  const salon = useResource(
    (signal) => (valid ? api.salon(salonId, signal) : Promise.resolve(undefined)),
    [salonId, valid],
  );
  useEffect(prepareFormatting, []);
  const missing = !valid || (salon.error instanceof ApiError && salon.error.status === 404);
  const name = salon.data?.name;
  // The tab and history say which salon (the router's title is the same for every salon).
  useEffect(() => {
    if (missing) document.title = 'Salon not found · Glamify';
    else if (name) document.title = `${name} · Book a time · Glamify`;
  }, [missing, name]);
  if (missing) {
    return (
      <div class="page page--narrow not-found">
        <p class="not-found__code" aria-hidden="true">
          404
        </p>
        <h1 tabIndex={-1}>Salon not found</h1>
        <p>This salon does not exist or is no longer on Glamify.</p>
        <AppLink href="/" class="btn btn--primary">
          Find another salon
        </AppLink>
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
