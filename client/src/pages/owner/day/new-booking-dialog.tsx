/**
 * A walk-in or a phone booking at the free time the owner picked: a service,
 * and a guest's name (phone and email if they like) or a customer of the
 * salon found by name or email. It goes through POST /bookings like any
 * booking (one transaction, the same live events); a time taken meanwhile
 * answers with nearby free times to pick from.
 */
import {
  type Alternative,
  type CustomerMatch,
  localDate,
  localTime,
  type SalonDetail,
  type Slot,
  slotsNeeded,
} from '@glamify/shared';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Dialog } from '../../../components/dialog/dialog';
import { useDebouncedValue } from '../../../hooks/use-debounced-value';
import { ApiError, api } from '../../../lib/api';
import { messageOf } from '../../../lib/api-error';
import { dayLabel, duration, money } from '../../../lib/format';
import { uuid } from '../../../lib/uuid';

export interface PickedTime {
  slotId: number;
  staffId: number;
  startsAt: string;
}

/** How long the stylist is free from the picked slot on, in slots. */
function freeRun(slots: readonly Slot[], pick: PickedTime): number {
  const mine = slots
    .filter((s) => s.staffId === pick.staffId)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  let i = mine.findIndex((s) => s.id === pick.slotId);
  let n = 0;
  for (; i >= 0 && i < mine.length; i++) {
    const s = mine[i] as Slot;
    if (s.status !== 'available' || (n > 0 && (mine[i - 1] as Slot).endsAt !== s.startsAt)) break;
    n++;
  }
  return n;
}

function CustomerSearch({
  salonId,
  timeZone,
  chosen,
  onChoose,
}: {
  salonId: number;
  timeZone: string;
  chosen: CustomerMatch | null;
  onChoose: (c: CustomerMatch) => void;
}) {
  const [q, setQ] = useState('');
  const query = useDebouncedValue(q.trim(), 300);
  const [matches, setMatches] = useState<CustomerMatch[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (query.length < 2) {
      setMatches(null);
      return;
    }
    const ctrl = new AbortController();
    api.searchCustomers(salonId, query, ctrl.signal).then(
      (r) => {
        setMatches(r.items);
        setError(null);
      },
      (err: unknown) => {
        if (!ctrl.signal.aborted) setError(messageOf(err));
      },
    );
    return () => ctrl.abort();
  }, [query, salonId]);
  return (
    <div class="customer-search">
      <div class="field">
        <label for="customer-q">Find a customer of your salon</label>
        <input
          id="customer-q"
          type="search"
          value={q}
          placeholder="Name, or their whole email"
          onInput={(e) => setQ(e.currentTarget.value)}
        />
      </div>
      {error && <p class="field__error">{error}</p>}
      {matches && matches.length === 0 && <p class="muted">Nobody who has booked here matches “{query}”.</p>}
      {matches && matches.length > 0 && (
        <fieldset class="customer-search__list">
          <legend class="visually-hidden">Customers</legend>
          {matches.map((m) => (
            <label key={m.id} class={`customer-match${chosen?.id === m.id ? ' is-chosen' : ''}`}>
              <input type="radio" name="customer" checked={chosen?.id === m.id} onChange={() => onChoose(m)} />
              <span>
                <strong>{m.name}</strong> <span class="muted">{m.emailHint}</span>
                <br />
                <span class="muted">
                  {m.visits} {m.visits === 1 ? 'visit' : 'visits'}, last {dayLabel(localDate(m.lastVisitAt, timeZone))}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}

export function NewBookingDialog({
  salon,
  pick: initial,
  slots,
  onBooked,
  onClose,
}: {
  salon: SalonDetail;
  pick: PickedTime;
  slots: readonly Slot[];
  onBooked: () => void;
  onClose: () => void;
}) {
  const [pick, setPick] = useState(initial);
  const [serviceId, setServiceId] = useState(salon.services[0]?.id ?? 0);
  const [who, setWho] = useState<'guest' | 'customer'>('guest');
  const [guest, setGuest] = useState({ name: '', phone: '', email: '' });
  const [customer, setCustomer] = useState<CustomerMatch | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; field?: string | undefined; alternatives: Alternative[] } | null>(
    null,
  );
  const key = useMemo(() => uuid(), [pick.slotId, serviceId, who, customer?.id]);
  const service = salon.services.find((s) => s.id === serviceId);
  const staffName = (id: number) => salon.staff.find((s) => s.id === id)?.name ?? 'the stylist';
  const tz = salon.timezone;
  const needed = service ? slotsNeeded(service.durationMinutes + service.bufferMinutes, salon.slotMinutes) : 1;
  const fits = freeRun(slots, pick) >= needed;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!service) return;
    setBusy(true);
    setError(null);
    try {
      const g = {
        name: guest.name.trim(),
        ...(guest.phone.trim() ? { phone: guest.phone.trim() } : {}),
        ...(guest.email.trim() ? { email: guest.email.trim() } : {}),
      };
      await api.createBooking({
        slotId: pick.slotId,
        staffId: pick.staffId,
        serviceIds: [service.id],
        idempotencyKey: key,
        ...(who === 'guest' ? { guest: g } : customer ? { customerId: customer.id } : {}),
      });
      onBooked();
      onClose();
    } catch (err) {
      setError({
        text: messageOf(err),
        field: err instanceof ApiError ? err.field : undefined,
        alternatives: err instanceof ApiError ? err.alternatives : [],
      });
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (name: string) => (error?.field?.endsWith(name) ? error.text : null);
  return (
    <Dialog title={`New booking · ${localTime(pick.startsAt, tz)} with ${staffName(pick.staffId)}`} onClose={onClose}>
      <form class="new-booking" onSubmit={submit}>
        <div class="field">
          <label for="nb-service">Service</label>
          <select id="nb-service" value={serviceId} onChange={(e) => setServiceId(Number(e.currentTarget.value))}>
            {salon.services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} · {duration(s.durationMinutes)} · {money(s.priceCents, s.currency)}
              </option>
            ))}
          </select>
          {service && (
            <p class={fits ? 'field__hint' : 'field__error'}>
              {localTime(pick.startsAt, tz)}–
              {localTime(new Date(Date.parse(pick.startsAt) + service.durationMinutes * 60_000), tz)}
              {service.bufferMinutes > 0 && ` (+${service.bufferMinutes} min cleanup)`}
              {!fits && ` — ${staffName(pick.staffId)} is not free for all of it.`}
            </p>
          )}
        </div>
        <fieldset class="who">
          <legend>Who</legend>
          <label>
            <input type="radio" name="who" checked={who === 'guest'} onChange={() => setWho('guest')} /> Walk-in or new
            guest
          </label>
          <label>
            <input type="radio" name="who" checked={who === 'customer'} onChange={() => setWho('customer')} /> A
            customer of the salon
          </label>
        </fieldset>
        {who === 'guest' ? (
          <div class="guest-fields">
            <div class="field">
              <label for="nb-name">Name</label>
              <input
                id="nb-name"
                required
                maxLength={100}
                value={guest.name}
                autoComplete="off"
                onInput={(e) => setGuest({ ...guest, name: e.currentTarget.value })}
              />
              {fieldError('name') && <p class="field__error">{fieldError('name')}</p>}
            </div>
            <div class="field">
              <label for="nb-phone">Phone (optional)</label>
              <input
                id="nb-phone"
                type="tel"
                maxLength={32}
                value={guest.phone}
                autoComplete="off"
                onInput={(e) => setGuest({ ...guest, phone: e.currentTarget.value })}
              />
              {fieldError('phone') && <p class="field__error">{fieldError('phone')}</p>}
            </div>
            <div class="field">
              <label for="nb-email">Email (optional)</label>
              <input
                id="nb-email"
                type="email"
                maxLength={254}
                value={guest.email}
                autoComplete="off"
                onInput={(e) => setGuest({ ...guest, email: e.currentTarget.value })}
              />
              {fieldError('email') && <p class="field__error">{fieldError('email')}</p>}
            </div>
          </div>
        ) : (
          <CustomerSearch salonId={salon.id} timeZone={tz} chosen={customer} onChoose={setCustomer} />
        )}
        {error && !['name', 'phone', 'email'].some((f) => error.field?.endsWith(f)) && (
          <div class="notice notice--error" role="alert">
            <p>{error.text}</p>
            {error.alternatives.length > 0 && (
              <p class="alternatives">
                Free nearby:{' '}
                {error.alternatives.map((a) => (
                  <button
                    key={a.slotId}
                    type="button"
                    class="btn btn--secondary btn--small"
                    onClick={() => {
                      setPick({ slotId: a.slotId, staffId: a.staffId, startsAt: a.startsAt });
                      setError(null);
                    }}
                  >
                    {localTime(a.startsAt, tz)} with {staffName(a.staffId)}
                  </button>
                ))}
              </p>
            )}
          </div>
        )}
        <div class="panel-actions">
          <button type="submit" class="btn" disabled={busy || (who === 'customer' && !customer) || !service}>
            {busy ? 'Booking…' : who === 'guest' ? 'Book walk-in' : `Book${customer ? ` ${customer.name}` : ''}`}
          </button>
          <button type="button" class="btn btn--ghost" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
