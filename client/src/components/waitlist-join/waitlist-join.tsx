import type { JoinWaitlistBody, SalonDetail, WaitlistEntry } from '@glamify/shared';
import { useState } from 'preact/hooks';
import { useStore } from '../../hooks/use-store';
import { api } from '../../lib/api';
import { ApiError, messageOf } from '../../lib/api-error';
import { here, navigate } from '../../lib/router';
import { session } from '../../lib/session';
import { AppLink } from '../app-link/app-link';

type Phase =
  | { phase: 'idle' }
  | { phase: 'sending' }
  | { phase: 'joined'; entry: WaitlistEntry }
  | { phase: 'error'; message: string };

/** Sends a join; the signed-out go to sign in first and come back here. */
function useJoin() {
  const signedIn = useStore(session) !== null;
  const [state, setState] = useState<Phase>({ phase: 'idle' });
  const join = async (body: JoinWaitlistBody) => {
    if (!signedIn) {
      navigate(`/login?next=${encodeURIComponent(here())}`);
      return;
    }
    setState({ phase: 'sending' });
    try {
      setState({ phase: 'joined', entry: await api.joinWaitlist(body) });
    } catch (err) {
      setState({
        phase: 'error',
        message:
          err instanceof ApiError && err.code === 'FORBIDDEN'
            ? 'The waitlist is for customer accounts.'
            : messageOf(err),
      });
    }
  };
  return { state, join };
}

function Joined({ entry }: { entry: WaitlistEntry }) {
  return (
    <p class="notice notice--info" role="status">
      {entry.status === 'offered' ? (
        <>A time is free right now and held for you — see the offer below.</>
      ) : (
        <>
          You're on the waitlist{entry.position ? ` (number ${entry.position} in line)` : ''}. When a time frees up we
          hold it for you and tell you here and by email. <AppLink href="/bookings">My bookings</AppLink> shows your
          place.
        </>
      )}
    </p>
  );
}

/** The span anyone works on a salon-local date (the salon's or a stylist's own hours), HH:MM; null when closed. */
function hoursOn(salon: SalonDetail, date: string): { opens: string; closes: string } | null {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
  const rows = salon.workingHours.filter((h) => h.weekday === weekday);
  if (rows.length === 0) return null;
  return {
    opens: rows.map((h) => h.opens).sort()[0] as string,
    closes: rows
      .map((h) => h.closes)
      .sort()
      .at(-1) as string,
  };
}

/** Every half hour from `opens` to `closes`. */
function halfHours(opens: string, closes: string): string[] {
  const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const out: string[] = [];
  for (let m = Math.ceil(toMin(opens) / 30) * 30; m <= toMin(closes); m += 30) {
    out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  }
  return out;
}

/**
 * "Tell me if something frees up between 10:00 and 14:00, any stylist / with
 * Jonas": joins the day's waitlist for the chosen service.
 */
export function WaitlistJoin({
  salon,
  serviceId,
  date,
  staffId,
}: {
  salon: SalonDetail;
  serviceId: number;
  date: string;
  staffId: number | undefined;
}) {
  const hours = hoursOn(salon, date);
  const times = hours ? halfHours(hours.opens, hours.closes) : [];
  const [from, setFrom] = useState(times[0] ?? '');
  const [to, setTo] = useState(times.at(-1) ?? '');
  const [who, setWho] = useState<string>(staffId === undefined ? '' : String(staffId));
  const { state, join } = useJoin();
  const staff = salon.staff.filter((s) => s.active);

  if (state.phase === 'joined') return <Joined entry={state.entry} />;
  // A closed day has nothing to wait for.
  if (times.length < 2) return null;
  const submit = (e: Event) => {
    e.preventDefault();
    void join({
      salonId: salon.id,
      serviceId,
      date,
      from,
      to,
      ...(who ? { staffId: Number(who) } : {}),
    });
  };
  return (
    <form class="waitlist-join" onSubmit={submit} aria-labelledby="waitlist-join-title">
      <p id="waitlist-join-title" class="state__title">
        Tell me if something frees up
      </p>
      <div class="waitlist-join__row">
        <div class="field">
          <label for="wl-from">Between</label>
          <select id="wl-from" value={from} onChange={(e) => setFrom(e.currentTarget.value)}>
            {times.slice(0, -1).map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="wl-to">and</label>
          <select id="wl-to" value={to} onChange={(e) => setTo(e.currentTarget.value)}>
            {times
              .filter((t) => t > from)
              .map((t) => (
                <option key={t}>{t}</option>
              ))}
          </select>
        </div>
        <div class="field">
          <label for="wl-staff">With</label>
          <select id="wl-staff" value={who} onChange={(e) => setWho(e.currentTarget.value)}>
            <option value="">Any stylist</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {state.phase === 'error' && (
        <p class="notice notice--error" role="alert">
          {state.message}
        </p>
      )}
      <button type="submit" class="btn btn--primary" disabled={state.phase === 'sending'}>
        {state.phase === 'sending' ? 'Joining…' : 'Join the waitlist'}
      </button>
    </form>
  );
}

/** From a conflict at checkout: "get it for me if it frees" (an exact-slot entry, the automatic retry). */
export function WaitlistExactJoin({ slotId, serviceId }: { slotId: number; serviceId: number }) {
  const { state, join } = useJoin();
  if (state.phase === 'joined') return <Joined entry={state.entry} />;
  return (
    <div class="waitlist-join">
      {state.phase === 'error' && (
        <p class="notice notice--error" role="alert">
          {state.message}
        </p>
      )}
      <button
        type="button"
        class="btn btn--primary"
        disabled={state.phase === 'sending'}
        onClick={() => void join({ slotId, serviceId })}
      >
        {state.phase === 'sending' ? 'Joining…' : 'Get it for me if it frees'}
      </button>
    </div>
  );
}
