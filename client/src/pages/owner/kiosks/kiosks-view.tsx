/**
 * The salon's kiosk screens: pair one (a code to type on the screen within
 * ten minutes), see when each was last seen, revoke one (its token is
 * refused from its next request; the screen then shows the schedule only).
 */
import { type KioskDevice, type KioskPairing, localTime, type SalonDetail } from '@glamify/shared';
import { useState } from 'preact/hooks';
import { AppLink } from '../../../components/app-link/app-link';
import { ErrorState, Loading } from '../../../components/status-view/status-view';
import { useResource } from '../../../hooks/use-resource';
import { api } from '../../../lib/api';
import { messageOf } from '../../../lib/api-error';
import { whenLabel } from '../../../lib/format';

function stateText(k: KioskDevice, tz: string): string {
  switch (k.state) {
    case 'waiting':
      return `Waiting for its code until ${localTime(k.pairingExpiresAt as string, tz)}`;
    case 'paired':
      return k.lastSeenAt ? `Paired · last seen ${whenLabel(k.lastSeenAt, tz)}` : 'Paired';
    case 'revoked':
      return 'Revoked';
    case 'expired':
      return 'Code expired unused';
  }
}

export function KiosksView({ salon }: { salon: SalonDetail }) {
  const list = useResource((signal) => api.kiosks(salon.id, signal), [salon.id]);
  const [name, setName] = useState('Front desk');
  const [pairing, setPairing] = useState<KioskPairing | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tz = salon.timezone;

  const create = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setPairing(await api.createKiosk(salon.id, name.trim()));
      list.reload();
    } catch (x) {
      setError(messageOf(x));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (id: number) => {
    setError(null);
    try {
      await api.revokeKiosk(salon.id, id);
      setConfirming(null);
      if (pairing?.kiosk.id === id) setPairing(null);
      list.reload();
    } catch (x) {
      setError(messageOf(x));
    }
  };

  const live = list.data?.items.filter((k) => k.state === 'waiting' || k.state === 'paired') ?? [];
  const gone = list.data?.items.filter((k) => k.state === 'revoked' || k.state === 'expired') ?? [];
  return (
    <section class="setup-section" aria-labelledby="kiosks-heading">
      <h2 id="kiosks-heading">Kiosk screens</h2>
      <p class="muted">
        A paired screen shows customers' first names and their services, and lets them check in with their booking code
        or the last digits of their phone. Unpaired screens show the schedule only:{' '}
        <AppLink href={`/kiosk/${salon.id}`}>open the kiosk</AppLink>.
      </p>
      <form class="setup-form" onSubmit={create}>
        <div class="field field--grow">
          <label for="kiosk-name">Screen name</label>
          <input id="kiosk-name" required maxLength={60} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="setup-form__actions">
          <button type="submit" class="btn" disabled={busy}>
            {busy ? 'Creating…' : 'Pair a kiosk'}
          </button>
        </div>
      </form>
      {pairing && (
        <div class="notice notice--info pairing" role="status">
          <p>
            On the tablet, open <strong>/kiosk/{salon.id}</strong>, choose “Pair screen” and type:
          </p>
          <p class="pairing__code">{pairing.pairingCode}</p>
          <p class="muted">
            It works once, until {localTime(pairing.kiosk.pairingExpiresAt as string, tz)}, for “{pairing.kiosk.name}”.
          </p>
        </div>
      )}
      {error && (
        <p class="field__error" role="alert">
          {error}
        </p>
      )}
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && !list.data && <ErrorState error={list.error} onRetry={list.reload} />}
      <ul class="setup-list">
        {live.map((k) => (
          <li key={k.id} class="setup-item">
            <div class="setup-item__main">
              <p class="setup-item__title">{k.name}</p>
              <p class="muted">{stateText(k, tz)}</p>
            </div>
            <div class="setup-item__actions">
              {confirming === k.id ? (
                <>
                  <button type="button" class="btn btn--danger btn--small" onClick={() => void revoke(k.id)}>
                    Yes, revoke {k.name}
                  </button>
                  <button type="button" class="btn btn--ghost btn--small" onClick={() => setConfirming(null)}>
                    Keep
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  class="btn btn--ghost btn--small"
                  onClick={() => setConfirming(k.id)}
                  aria-label={`Revoke ${k.name}`}
                >
                  Revoke
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      {gone.length > 0 && (
        <details class="setup-gone">
          <summary>Revoked and expired ({gone.length})</summary>
          <ul class="setup-list">
            {gone.map((k) => (
              <li key={k.id} class="setup-item is-off">
                <p class="setup-item__title">{k.name}</p>
                <p class="muted">{stateText(k, tz)}</p>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
