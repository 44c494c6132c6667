import { type Alternative, type Booking, localDate, type SalonDetail } from '@glamify/shared';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AppLink } from '../../components/app-link/app-link';
import { PolicySummary } from '../../components/policy-summary/policy-summary';
import { ErrorState, Loading } from '../../components/status-view/status-view';
import { useHold } from '../../hooks/use-hold';
import { useOnline } from '../../hooks/use-online';
import { usePaymentSettings } from '../../hooks/use-payment-settings';
import { useResource } from '../../hooks/use-resource';
import { useResumePayment } from '../../hooks/use-resume-payment';
import { useStore } from '../../hooks/use-store';
import { api } from '../../lib/api';
import { ApiError, messageOf } from '../../lib/api-error';
import { money } from '../../lib/format';
import { leaveToPay } from '../../lib/paying';
import { here, location, navigate, replaceQuery } from '../../lib/router';
import { session } from '../../lib/session';
import { uuid } from '../../lib/uuid';
import { checkoutUrl } from '../salon/time-picker';
import { BookedCheckout } from './booked-checkout';
import { CheckoutSummary } from './checkout-summary';
import { Confirmation } from './confirmation';
import { ConflictPanel } from './conflict-panel';
import { DepositNotice, depositFor } from './deposit-notice';
import { HoldCountdown } from './hold-countdown';
import { CheckoutOffline, HoldStatus } from './hold-status';

/** One key per checkout (slot + service), kept for the tab, so a retry never books twice. */
function idempotencyKey(slotId: number, serviceId: number): string {
  const k = `glamify.checkout.${slotId}.${serviceId}`;
  try {
    const existing = sessionStorage.getItem(k);
    if (existing) return existing;
    const fresh = uuid();
    sessionStorage.setItem(k, fresh);
    return fresh;
  } catch {
    return uuid();
  }
}

type Submit =
  | { phase: 'idle' }
  | { phase: 'sending' }
  | { phase: 'booked'; booking: Booking }
  /** Booked PENDING: on the way to the payment provider's page. */
  | { phase: 'paying'; booking: Booking }
  | { phase: 'conflict'; code: string; alternatives: Alternative[] }
  | { phase: 'error'; error: unknown };

function Checkout({
  salon,
  slotId,
  serviceId,
  staffId,
  anyStaff,
  at,
  date,
  bookingId,
}: CheckoutProps & { salon: SalonDetail }) {
  const service = salon.services.find((s) => s.id === serviceId);
  const stylist = salon.staff.find((s) => s.id === staffId);
  // Booked already (a reload, or Back): no new hold on the customer's own time.
  const hold = useHold(slotId, serviceId, service !== undefined && bookingId === undefined);
  const [submit, setSubmit] = useState<Submit>({ phase: 'idle' });
  const key = useMemo(() => idempotencyKey(slotId, serviceId), [slotId, serviceId]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const payments = usePaymentSettings();

  // A new slot (an alternative was picked): start over.
  useEffect(() => setSubmit({ phase: 'idle' }), [slotId, serviceId]);

  // When the hold cannot be had, offer the server's nearest free times instead (they came with the refusal).
  useEffect(() => {
    if (hold.phase !== 'taken') return;
    setSubmit({ phase: 'conflict', code: hold.code ?? 'SLOT_LOCKED', alternatives: hold.alternatives ?? [] });
  }, [hold.phase]);

  useEffect(() => {
    if (submit.phase === 'booked' || submit.phase === 'conflict') headingRef.current?.focus();
  }, [submit.phase]);

  // A booking made here before (a reload, or Back): it shows itself, even if its service is gone from the menu.
  if (bookingId !== undefined && submit.phase !== 'booked') {
    return <BookedCheckout bookingId={bookingId} salon={salon} />;
  }
  if (!service) {
    return <ErrorState title="This service is no longer offered" error={new Error('Please pick another service.')} />;
  }
  const deposit = depositFor(salon.policy, service.priceCents, payments?.minimumCents);
  const confirmLabel = deposit > 0 ? `Confirm and pay ${money(deposit, service.currency)}` : 'Confirm booking';

  const confirm = async () => {
    setSubmit({ phase: 'sending' });
    try {
      const booking = await api.createBooking({
        slotId,
        serviceIds: [serviceId],
        ...(anyStaff ? { anyStaff: true } : staffId !== undefined ? { staffId } : {}),
        ...(hold.lockToken ? { lockToken: hold.lockToken } : {}),
        idempotencyKey: key,
      });
      hold.consume();
      const paying = leaveToPay(booking, slotId, serviceId);
      setSubmit({ phase: paying ? 'paying' : 'booked', booking });
      // The address now names the booking: a reload or Back shows it rather than holding the time again.
      if (!paying) replaceQuery({ booking: booking.id });
    } catch (error) {
      if (
        error instanceof ApiError &&
        error.status === 409 &&
        (error.code === 'SLOT_BOOKED' || error.code === 'SLOT_LOCKED')
      ) {
        setSubmit({ phase: 'conflict', code: error.code, alternatives: error.alternatives });
      } else if (error instanceof ApiError && error.code === 'LOCK_EXPIRED') {
        hold.retry();
        setSubmit({ phase: 'error', error });
      } else {
        setSubmit({ phase: 'error', error });
      }
    }
  };

  const pick = (alt: Alternative) =>
    navigate(
      checkoutUrl({
        salonId: salon.id,
        serviceId,
        slot: { id: alt.slotId, staffId: alt.staffId, startsAt: alt.startsAt },
        date: localDate(alt.startsAt, salon.timezone),
        anyStaff,
      }),
      { replace: true },
    );
  // "See all times" keeps the stylist the customer chose.
  const backToTimes = `/salons/${salon.id}?service=${serviceId}&date=${date}${
    !anyStaff && staffId !== undefined ? `&staff=${staffId}` : ''
  }`;

  if (submit.phase === 'paying') return <Loading label="Taking you to the payment page…" />;

  if (submit.phase === 'booked') {
    return <Confirmation booking={submit.booking} timezone={salon.timezone} salon={salon} headingRef={headingRef} />;
  }

  if (submit.phase === 'conflict') {
    return (
      <ConflictPanel
        code={submit.code}
        alternatives={submit.alternatives}
        salon={salon}
        service={service}
        slotId={slotId}
        at={at}
        date={date}
        backToTimes={backToTimes}
        onPick={pick}
        headingRef={headingRef}
      />
    );
  }

  return (
    <section class="panel checkout" aria-labelledby="checkout-heading">
      <h1 id="checkout-heading" tabIndex={-1}>
        Confirm your booking
      </h1>
      <CheckoutSummary salon={salon} service={service} stylist={stylist} anyStaff={anyStaff} at={at} />
      <DepositNotice policy={salon.policy} priceCents={service.priceCents} currency={service.currency} />

      <HoldStatus hold={hold} />
      <PolicySummary
        policy={salon.policy}
        startsAt={at}
        timeZone={salon.timezone}
        deposit={
          deposit > 0 ? { amountCents: deposit, priceCents: service.priceCents, currency: service.currency } : undefined
        }
      />

      {hold.phase === 'held' && hold.expiresAt && hold.holdEndsAt && (
        <HoldCountdown
          expiresAt={hold.expiresAt}
          holdEndsAt={hold.holdEndsAt}
          timeZone={salon.timezone}
          onExtend={hold.extend}
        />
      )}
      {hold.phase === 'expired' && (
        <div class="notice notice--warning" role="alert">
          <p>
            <strong>Your hold expired.</strong> The time may still be free.
          </p>
          <button type="button" class="btn btn--secondary" onClick={hold.retry}>
            Hold it again
          </button>
        </div>
      )}
      {hold.phase === 'failed' && (
        <button type="button" class="btn btn--secondary" onClick={hold.retry}>
          Try again
        </button>
      )}

      {submit.phase === 'error' && (
        <p class="notice notice--error" role="alert">
          {submit.error instanceof ApiError && submit.error.isNetwork
            ? "We couldn't reach Glamify. Your booking was not confirmed yet — try again; you won't be booked twice."
            : messageOf(submit.error)}
        </p>
      )}

      <div class="actions">
        <button
          type="button"
          class="btn btn--primary btn--large"
          onClick={confirm}
          disabled={hold.phase !== 'held' || submit.phase === 'sending'}
        >
          {submit.phase === 'sending' ? 'Booking…' : submit.phase === 'error' ? 'Try again' : confirmLabel}
        </button>
        <AppLink href={backToTimes} class="btn btn--ghost">
          Choose another time
        </AppLink>
      </div>
    </section>
  );
}

interface CheckoutProps {
  slotId: number;
  serviceId: number;
  staffId: number | undefined;
  /** The customer chose "any stylist": another free one at that time will do. */
  anyStaff: boolean;
  at: string;
  date: string;
  /** Set once this checkout has booked: the booking to show again. */
  bookingId: number | undefined;
}

export function CheckoutPage() {
  const params = new URLSearchParams(useStore(location).search);
  const signedIn = useStore(session) !== null;
  const salonId = Number(params.get('salon'));
  const booked = Number(params.get('booking'));
  const props: CheckoutProps = {
    slotId: Number(params.get('slot')),
    serviceId: Number(params.get('service')),
    staffId: params.get('staff') ? Number(params.get('staff')) : undefined,
    anyStaff: params.get('any') === '1',
    at: params.get('at') ?? '',
    date: params.get('date') ?? '',
    bookingId: Number.isInteger(booked) && booked > 0 ? booked : undefined,
  };
  const valid = Number.isInteger(salonId) && Number.isInteger(props.slotId) && Number.isInteger(props.serviceId);

  useEffect(() => {
    if (!signedIn) navigate(`/login?next=${encodeURIComponent(here())}`, { replace: true });
  }, [signedIn]);
  const resume = useResumePayment(props.slotId, props.serviceId, valid && signedIn);

  const salon = useResource((signal) => api.salon(salonId, signal), [salonId]);
  const online = useOnline();
  // The salon could not be read offline (not saved on this device yet): read it again once back.
  useEffect(() => {
    if (online && salon.error !== undefined) salon.reload();
  }, [online]);

  if (!valid || !props.at) {
    return (
      <div class="page">
        <h1 tabIndex={-1}>Nothing to check out</h1>
        <p>
          Pick a salon and a time first. <AppLink href="/">Find a salon</AppLink>
        </p>
      </div>
    );
  }
  if (!signedIn) return <Loading label="Taking you to sign in…" />;
  if (resume === 'checking') return <Loading label="Taking you to your payment…" />;
  return (
    <div class="page page--checkout">
      {salon.data ? (
        <Checkout salon={salon.data} {...props} />
      ) : salon.error !== undefined ? (
        <>
          <h1 tabIndex={-1}>Confirm your booking</h1>
          {online ? (
            <ErrorState error={salon.error} onRetry={salon.reload} />
          ) : (
            <div role="status">
              <CheckoutOffline />
            </div>
          )}
        </>
      ) : (
        <>
          <h1 tabIndex={-1}>Confirm your booking</h1>
          <Loading />
        </>
      )}
    </div>
  );
}
