import type { Alternative, Hold } from '@glamify/shared';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../lib/api';
import { ApiError, ackError } from '../lib/api-error';
import { connection, heartbeatHold, releaseHold, SocketUnavailableError, startHold } from '../lib/socket';

/** offline: the browser has no network; the hold is taken when it comes back. */
export type HoldPhase = 'starting' | 'offline' | 'held' | 'expired' | 'taken' | 'failed' | 'booked';

export interface HoldState {
  phase: HoldPhase;
  lockToken?: string;
  /** When the hold ends now, unless the customer asks for more time. */
  expiresAt?: string;
  /** The furthest more time can take it (the server's HOLD_MAX_SECONDS from its start). */
  holdEndsAt?: string;
  slotIds?: number[];
  code?: ApiError['code'];
  /** The server's words for a refusal (what to do about a full hold budget, say). */
  detail?: string;
  /** When the time was taken: the server's nearest free times, the same over the socket and HTTP. */
  alternatives?: Alternative[];
}

/** Failures worth waiting out: the hold still runs, so asking again (or a reconnect) may renew it. */
const transient = new Set<ApiError['code']>(['NETWORK_ERROR', 'RATE_LIMITED', 'UNAVAILABLE']);

type Held = Hold;

type HoldResult = { ok: true; hold: Held } | { ok: false; error: ApiError };

/**
 * Runs the socket command, or, when the socket is down, the HTTP fallback
 * (locking again over HTTP both takes and renews: the same holder renews).
 */
async function socketOrHttp(viaSocket: () => Promise<HoldResult>, slotId: number, serviceId: number) {
  try {
    return await viaSocket();
  } catch (err) {
    if (!(err instanceof SocketUnavailableError)) throw err;
  }
  try {
    return { ok: true, hold: await api.lock(slotId, serviceId) } satisfies HoldResult;
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, error: err } satisfies HoldResult;
    throw err;
  }
}

/** Takes the hold over the socket, or over HTTP when the socket is down. */
function takeHold(slotId: number, serviceId: number): Promise<HoldResult> {
  return socketOrHttp(
    async () => {
      const r = await startHold(slotId, serviceId);
      return r.ok
        ? {
            ok: true,
            hold: { lockToken: r.lockToken, slotIds: r.slotIds, expiresAt: r.expiresAt, holdEndsAt: r.holdEndsAt },
          }
        : { ok: false, error: ackError(r) };
    },
    slotId,
    serviceId,
  );
}

/** Renews the hold: a socket heartbeat, or locking again over HTTP. */
function renewHold(hold: Held, slotId: number, serviceId: number): Promise<HoldResult> {
  return socketOrHttp(
    async () => {
      const r = await heartbeatHold(hold.lockToken);
      return r.ok
        ? { ok: true, hold: { ...hold, expiresAt: r.expiresAt, holdEndsAt: r.holdEndsAt } }
        : { ok: false, error: ackError(r) };
    },
    slotId,
    serviceId,
  );
}

function release(hold: Held, slotId: number): void {
  if (!releaseHold(hold.lockToken)) void api.unlock(slotId, true).catch(() => {});
}

/** What asking for more time came to. */
export type ExtendOutcome = 'extended' | 'capped' | 'failed' | 'expired';

/**
 * The checkout hold on a slot: taken on mount, released when the screen goes
 * away unless the booking consumed it. It runs for the hold's own length;
 * nothing renews it behind the customer's back, so the countdown is the
 * truth. `extend` (the "I need more time" button) renews it, as far as the
 * server's cap (`holdEndsAt`) allows. A socket that reconnects renews at
 * once, or the server's grace period would release the hold. Offline, it
 * does not ask (the socket would wait its timeouts out first): it waits for
 * the browser's `online` event and takes the hold then.
 */
export function useHold(slotId: number, serviceId: number, enabled: boolean) {
  const [state, setState] = useState<HoldState>({ phase: 'starting' });
  const [attempt, setAttempt] = useState(0);
  const heldRef = useRef<Held | null>(null);
  const consumedRef = useRef(false);
  const renewRef = useRef<() => Promise<ExtendOutcome>>(async () => 'failed');
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => {
    if (!enabled || !Number.isFinite(slotId) || !Number.isFinite(serviceId)) return;
    consumedRef.current = false;
    heldRef.current = null;
    if (!navigator.onLine) {
      setState({ phase: 'offline', code: 'NETWORK_ERROR' });
      return;
    }
    let alive = true;
    let expiry: ReturnType<typeof setTimeout> | undefined;
    setState({ phase: 'starting' });

    const expire = () => {
      clearTimeout(expiry);
      heldRef.current = null;
      setState((s) => (s.phase === 'booked' ? s : { phase: 'expired', code: 'LOCK_EXPIRED' }));
    };
    const armExpiry = (expiresAt: string) => {
      clearTimeout(expiry);
      expiry = setTimeout(expire, Math.max(0, Date.parse(expiresAt) - Date.now()));
    };
    const renew = async (): Promise<ExtendOutcome> => {
      const hold = heldRef.current;
      if (!hold || consumedRef.current) return 'failed';
      let r: Awaited<ReturnType<typeof renewHold>>;
      try {
        r = await renewHold(hold, slotId, serviceId);
      } catch {
        return 'failed'; // The network blinked: the local expiry still runs; the customer may try again.
      }
      if (!alive || consumedRef.current) return 'failed';
      if (r.ok) {
        const before = Date.parse(hold.expiresAt);
        heldRef.current = r.hold;
        armExpiry(r.hold.expiresAt);
        setState({ phase: 'held', ...r.hold });
        return Date.parse(r.hold.expiresAt) > before ? 'extended' : 'capped';
      }
      if (transient.has(r.error.code)) return 'failed';
      expire();
      return 'expired';
    };
    renewRef.current = renew;

    void (async () => {
      let r: HoldResult;
      try {
        r = await takeHold(slotId, serviceId);
      } catch {
        r = { ok: false, error: new ApiError({ code: 'NETWORK_ERROR', status: 0, detail: 'No connection' }) };
      }
      if (!alive) {
        if (r.ok) release(r.hold, slotId);
        return;
      }
      if (!r.ok) {
        const { code, alternatives, detail } = r.error;
        const taken = code === 'SLOT_LOCKED' || code === 'SLOT_BOOKED';
        const offline = code === 'NETWORK_ERROR' && !navigator.onLine;
        setState({ phase: taken ? 'taken' : offline ? 'offline' : 'failed', code, detail, alternatives });
        return;
      }
      heldRef.current = r.hold;
      armExpiry(r.hold.expiresAt);
      setState({ phase: 'held', ...r.hold });
    })();

    // Back on the socket after a blip: renew at once, before the server's grace period runs out.
    const unsubscribe = connection.subscribe((c) => {
      if (c === 'connected') void renew();
    });
    const onPageHide = () => {
      const hold = heldRef.current;
      if (hold && !consumedRef.current) release(hold, slotId);
    };
    const onPageShow = (e: PageTransitionEvent) => {
      if (e.persisted) setAttempt((a) => a + 1);
    };
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('pageshow', onPageShow);

    return () => {
      alive = false;
      clearTimeout(expiry);
      unsubscribe();
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('pageshow', onPageShow);
      const hold = heldRef.current;
      heldRef.current = null;
      if (hold && !consumedRef.current) release(hold, slotId);
    };
  }, [slotId, serviceId, enabled, attempt]);

  // The network comes and goes: a hold not yet taken waits for it, then is asked for again.
  useEffect(() => {
    if (!enabled) return;
    const onOnline = () => {
      const { phase, code } = stateRef.current;
      if (phase === 'offline' || (phase === 'failed' && code === 'NETWORK_ERROR')) setAttempt((a) => a + 1);
    };
    // An attempt under way would only run into the socket's timeouts: start over, offline.
    const onOffline = () => {
      if (stateRef.current.phase === 'starting') setAttempt((a) => a + 1);
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    };
  }, [enabled]);

  /** Takes the hold again (after it expired or failed). */
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  /** "I need more time": renews the hold as far as its cap allows. */
  const extend = useCallback(() => renewRef.current(), []);
  /** The booking used the hold: stop renewing and do not release it. */
  const consume = useCallback(() => {
    consumedRef.current = true;
    setState((s) => ({ ...s, phase: 'booked' }));
  }, []);

  return { ...state, retry, consume, extend };
}
