/**
 * The kiosk's pairing, kept on the device: the token the owner's pairing
 * code was exchanged for. It is checked when the screen starts and every
 * minute (which also tells the owner's console the screen was seen); once
 * the owner revokes it, the server answers 401 and the screen forgets it and
 * goes back to showing the schedule without names.
 */
import type { KioskIdentity } from '@glamify/shared';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../../lib/api';

const CHECK_EVERY_MS = 60_000;
const storageKey = (salonId: number) => `glamify.kiosk.${salonId}`;

function load(salonId: number): string | null {
  try {
    return localStorage.getItem(storageKey(salonId));
  } catch {
    return null;
  }
}

function store(salonId: number, token: string | null): void {
  try {
    if (token) localStorage.setItem(storageKey(salonId), token);
    else localStorage.removeItem(storageKey(salonId));
  } catch {
    // Private mode: the pairing lasts as long as the tab.
  }
}

export interface KioskSessionState {
  token: string | null;
  identity: KioskIdentity | null;
  /** Exchanges a pairing code for this screen's token. Throws ApiError. */
  pair: (code: string) => Promise<void>;
  /** The server no longer knows the token (revoked): drop it. */
  forget: () => void;
}

export function useKioskSession(salonId: number): KioskSessionState {
  const [token, setToken] = useState<string | null>(() => load(salonId));
  const [identity, setIdentity] = useState<KioskIdentity | null>(null);

  const forget = useCallback(() => {
    store(salonId, null);
    setToken(null);
    setIdentity(null);
  }, [salonId]);

  useEffect(() => {
    if (!token) return;
    const ctrl = new AbortController();
    const check = () =>
      api.kioskIdentity(token, ctrl.signal).then(
        (me) => {
          // A token of another salon's kiosk is no pairing for this one.
          if (me.salonId !== salonId) forget();
          else setIdentity(me);
        },
        (err: unknown) => {
          if (err instanceof ApiError && (err.status === 401 || err.status === 403)) forget();
        },
      );
    void check();
    const timer = setInterval(() => void check(), CHECK_EVERY_MS);
    return () => {
      ctrl.abort();
      clearInterval(timer);
    };
  }, [token, salonId]);

  const pair = useCallback(
    async (code: string) => {
      const session = await api.pairKiosk(code);
      if (session.kiosk.salonId !== salonId) {
        throw new ApiError({
          code: 'PAIRING_CODE_INVALID',
          status: 400,
          detail: `That code pairs a screen of ${session.kiosk.salonName}, not this salon.`,
        });
      }
      store(salonId, session.token);
      setIdentity(session.kiosk);
      setToken(session.token);
    },
    [salonId],
  );

  return { token, identity, pair, forget };
}
