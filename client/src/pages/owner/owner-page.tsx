/**
 * The owner's console (/owner): one of their salons at a time, its day
 * (calendar, walk-ins, actions on bookings), its set-up and its kiosk
 * screens, with notifications and a live-connection indicator. Everything
 * the console uses lives under this folder, so it loads apart from the
 * customer's pages.
 */
import type { SalonDetail } from '@glamify/shared';
import { useEffect } from 'preact/hooks';
import { AppLink } from '../../components/app-link/app-link';
import { EmptyState, ErrorState, Loading } from '../../components/status-view/status-view';
import { useResource } from '../../hooks/use-resource';
import { useStore } from '../../hooks/use-store';
import { api } from '../../lib/api';
import { keepAlive, liveness } from '../../lib/liveness';
import { here, location, replaceQuery } from '../../lib/router';
import { session } from '../../lib/session';
import { DayView } from './day/day-view';
import { KiosksView } from './kiosks/kiosks-view';
import { NotificationToggle } from './notifications/notification-toggle';
import { NotificationsButton } from './notifications/notifications-button';
import { SetupView } from './setup/setup-view';
import './owner.css';

const TABS = [
  { id: 'day', label: 'Day' },
  { id: 'salon', label: 'Salon set-up' },
  { id: 'kiosks', label: 'Kiosks' },
] as const;
type Tab = (typeof TABS)[number]['id'];

function LiveDot() {
  const alive = useStore(liveness).alive;
  return (
    <span class={`console-live${alive ? '' : ' console-live--down'}`} role="status">
      {alive ? 'Live' : 'Reconnecting…'}
    </span>
  );
}

function Console({ salons }: { salons: { id: number; name: string }[] }) {
  const params = new URLSearchParams(useStore(location).search);
  const chosenId = salons.find((s) => String(s.id) === params.get('salon'))?.id ?? salons[0]?.id ?? 0;
  const tab: Tab = TABS.find((t) => t.id === params.get('tab'))?.id ?? 'day';
  // The salon's details, read fresh (set-up changes show at once).
  const salon = useResource((signal) => api.salon(chosenId, signal), [chosenId]);
  useEffect(() => keepAlive(), []);

  return (
    <>
      <div class="console-bar">
        {salons.length > 1 ? (
          <div class="field field--inline">
            <label for="owner-salon">Salon</label>
            <select
              id="owner-salon"
              value={chosenId}
              onChange={(e) => replaceQuery({ salon: e.currentTarget.value, date: null })}
            >
              {salons.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p class="console-bar__salon">{salons[0]?.name}</p>
        )}
        <nav class="tabs" aria-label="Console">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              class={`tabs__tab${tab === t.id ? ' is-current' : ''}`}
              aria-current={tab === t.id ? 'page' : undefined}
              onClick={() => replaceQuery({ tab: t.id === 'day' ? null : t.id })}
            >
              {t.label}
            </button>
          ))}
        </nav>
        <div class="console-bar__end">
          <LiveDot />
          <NotificationsButton />
        </div>
      </div>
      <NotificationToggle />
      {salon.loading && !salon.data && <Loading label="Loading your salon…" />}
      {salon.error !== undefined && !salon.data && <ErrorState error={salon.error} onRetry={salon.reload} />}
      {salon.data && <TabView tab={tab} salon={salon.data} reload={salon.reload} />}
    </>
  );
}

function TabView({ tab, salon, reload }: { tab: Tab; salon: SalonDetail; reload: () => void }) {
  if (tab === 'salon') return <SetupView salon={salon} onChanged={reload} />;
  if (tab === 'kiosks') return <KiosksView salon={salon} />;
  return <DayView salon={salon} />;
}

function Salons({ ownerId }: { ownerId: number }) {
  const salons = useResource((signal) => api.mySalons(signal), [ownerId]);
  if (salons.loading && !salons.data) return <Loading label="Loading your salons…" />;
  if (!salons.data) return <ErrorState error={salons.error} onRetry={salons.reload} />;
  if (salons.data.items.length === 0) return <EmptyState title="You don't run a salon on Glamify yet" />;
  return <Console salons={salons.data.items} />;
}

export function OwnerPage() {
  const s = useStore(session);
  return (
    <div class="page owner">
      <h1 tabIndex={-1} class="owner__title">
        Salon console
      </h1>
      {!s ? (
        <p>
          <AppLink href={`/login?next=${encodeURIComponent(here())}`}>Sign in</AppLink> with your owner account.
        </p>
      ) : s.user.role !== 'owner' && s.user.role !== 'admin' ? (
        <p>The salon console is for salon owners.</p>
      ) : (
        <Salons ownerId={s.user.id} />
      )}
    </div>
  );
}
