/**
 * "Add to calendar": the booking's .ics from the server (with the sign-in
 * token, so not a plain link), handed to the browser as a download. Phones
 * and desktop calendars open it; adding it again after a move updates the
 * event (one UID per booking).
 */
import { useState } from 'preact/hooks';
import { api } from '../../lib/api';
import { messageOf } from '../../lib/api-error';

export function AddToCalendar({
  bookingId,
  class: className = 'btn btn--ghost',
}: {
  bookingId: number;
  class?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const file = await api.bookingCalendar(bookingId);
      const url = URL.createObjectURL(new Blob([file], { type: 'text/calendar' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `glamify-booking-${bookingId}.ics`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class={className} onClick={() => void download()} disabled={busy}>
        {busy ? 'Preparing…' : 'Add to calendar'}
      </button>
      {error && (
        <p class="field__error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
