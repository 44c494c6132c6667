/**
 * Checking in at the kiosk: the customer tapped their booking; they prove
 * it is theirs with four digits only they know (the booking's check-in
 * code, or the last four digits of the phone number the salon has).
 */
import { type KioskBooking, localTime } from '@glamify/shared';
import { useEffect, useState } from 'preact/hooks';
import { Dialog } from '../../components/dialog/dialog';
import { ApiError, api } from '../../lib/api';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
/** The welcome closes itself: the next customer is waiting. */
const DONE_MS = 6000;

function failure(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Something went wrong. Please ask at the desk.';
  switch (err.code) {
    case 'CHECK_IN_CODE_INVALID':
      return "Those digits don't match this booking. Please try again.";
    case 'RATE_LIMITED':
      return 'Too many tries. Please ask at the desk.';
    case 'CHECK_IN_CLOSED':
      return 'Check-in for this appointment is not open. Please ask at the desk.';
    case 'NETWORK_ERROR':
    case 'UNAVAILABLE':
      return 'No connection right now. Please ask at the desk.';
    default:
      return err.detail;
  }
}

export function KioskCheckIn({
  booking,
  token,
  timeZone,
  staffName,
  onClose,
  onDone,
}: {
  booking: KioskBooking;
  token: string;
  timeZone: string;
  staffName: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  useEffect(() => {
    if (!done) return;
    const t = setTimeout(onClose, DONE_MS);
    return () => clearTimeout(t);
  }, [done]);

  const press = (d: string) => {
    setError(null);
    setCode((c) => (c.length < 4 ? c + d : c));
  };
  const submit = async (e?: Event) => {
    e?.preventDefault();
    if (code.length !== 4 || busy) return;
    setBusy(true);
    try {
      await api.kioskCheckIn(token, booking.id, code);
      setDone(true);
      onDone();
    } catch (err) {
      setError(failure(err));
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  const when = localTime(booking.startsAt, timeZone);
  if (done) {
    return (
      <Dialog title={`Welcome, ${booking.firstName}!`} onClose={onClose} class="kdialog">
        <p class="kdialog__lead" role="status">
          You're checked in for {when}. {staffName} knows you're here — please take a seat.
        </p>
        <button type="button" class="kdialog__primary" onClick={onClose}>
          Done
        </button>
      </Dialog>
    );
  }
  return (
    <Dialog title={`Check in: ${booking.firstName}, ${when}`} onClose={onClose} class="kdialog">
      <p class="kdialog__lead">
        {booking.services.join(', ')} with {staffName}. Enter your 4-digit booking code, or the last 4 digits of your
        phone number.
      </p>
      <form onSubmit={submit} class="kdialog__form">
        <label class="visually-hidden" for="kiosk-code">
          Booking code or last 4 digits of your phone
        </label>
        <input
          id="kiosk-code"
          class="kdialog__code"
          inputMode="numeric"
          autoComplete="off"
          pattern="[0-9]{4}"
          maxLength={4}
          value={code}
          onInput={(e) => {
            setError(null);
            setCode(e.currentTarget.value.replace(/\D/g, '').slice(0, 4));
          }}
        />
        {error && (
          <p class="kdialog__error" role="alert">
            {error}
          </p>
        )}
        <div class="keypad">
          {DIGITS.map((d) => (
            <button key={d} type="button" class="keypad__key" onClick={() => press(d)}>
              {d}
            </button>
          ))}
          <button
            type="button"
            class="keypad__key keypad__key--muted"
            aria-label="Delete last digit"
            onClick={() => setCode((c) => c.slice(0, -1))}
          >
            ⌫
          </button>
          <button type="button" class="keypad__key" onClick={() => press('0')}>
            0
          </button>
          <button type="submit" class="keypad__key keypad__key--go" disabled={code.length !== 4 || busy}>
            {busy ? '…' : 'OK'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
