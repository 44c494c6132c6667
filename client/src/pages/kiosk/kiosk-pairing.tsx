/** Pairing this screen with the salon: the owner reads out a code from their console. */
import { useState } from 'preact/hooks';
import { Dialog } from '../../components/dialog/dialog';
import { ApiError } from '../../lib/api';

export function KioskPairing({ onPair, onClose }: { onPair: (code: string) => Promise<void>; onClose: () => void }) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onPair(code);
      onClose();
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === 'RATE_LIMITED'
          ? 'Too many attempts. Wait a few minutes and try again.'
          : err instanceof ApiError && err.code !== 'VALIDATION_FAILED'
            ? err.detail
            : 'That code is not valid. Ask the owner for a new one.',
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title="Pair this screen" onClose={onClose} class="kdialog">
      <p class="kdialog__lead">
        In the salon console, open Kiosks and choose “Pair a kiosk”. Type the code it shows. A paired screen shows
        customers' first names and lets them check in.
      </p>
      <form onSubmit={submit} class="kdialog__form">
        <label for="pairing-code" class="kdialog__label">
          Pairing code
        </label>
        <input
          id="pairing-code"
          class="kdialog__code kdialog__code--text"
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          value={code}
          onInput={(e) => setCode(e.currentTarget.value)}
          required
          minLength={8}
          maxLength={16}
        />
        {error && (
          <p class="kdialog__error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="kdialog__primary" disabled={busy}>
          {busy ? 'Pairing…' : 'Pair'}
        </button>
      </form>
    </Dialog>
  );
}
