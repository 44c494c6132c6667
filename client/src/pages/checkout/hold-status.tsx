/** What the checkout says about its hold before it is had: asking, offline, or refused. */
import { Loading } from '../../components/status-view/status-view';
import type { HoldState } from '../../hooks/use-hold';

/** Offline, nothing is held yet; the hold is asked for by itself once the connection is back. */
export function CheckoutOffline() {
  return (
    <p class="notice notice--info" data-testid="checkout-offline">
      <strong>You're offline.</strong> We'll hold this time as soon as you're back online.
    </p>
  );
}

/** A live region that is always there, so each change of the hold's state is read out. */
export function HoldStatus({ hold }: { hold: Pick<HoldState, 'phase' | 'code' | 'detail'> }) {
  return (
    <div class="hold-status" role="status">
      {hold.phase === 'starting' && <Loading label="Holding this time for you…" />}
      {hold.phase === 'offline' && <CheckoutOffline />}
      {hold.phase === 'failed' && (
        <p class="notice notice--error">
          {hold.code === 'NETWORK_ERROR'
            ? "We couldn't reach Glamify to hold this time."
            : hold.code === 'UNAUTHENTICATED'
              ? 'Please sign in again to hold this time.'
              : hold.code === 'SLOT_NOT_FOUND'
                ? 'This time is not offered any more.'
                : hold.code === 'RATE_LIMITED' && hold.detail
                  ? // Our own words from the server: how many times are kept, and what frees one.
                    hold.detail
                  : 'We could not hold this time.'}
        </p>
      )}
    </div>
  );
}
