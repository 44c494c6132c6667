/**
 * The owner's private calendar feed: a secret link a calendar app
 * subscribes to. The link is shown once, when made; making a new one turns
 * the old one off, and "Turn off" leaves none.
 */
import type { CalendarFeedLink } from '@glamify/shared';
import { useRef, useState } from 'preact/hooks';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';
import { messageOf } from '../../lib/api-error';
import './calendar-feed.css';

export function CalendarFeed() {
  const status = useResource((signal) => api.calendarFeed(signal), []);
  const [link, setLink] = useState<CalendarFeedLink | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const run = (fn: () => Promise<void>) => async () => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  const make = run(async () => {
    setLink(await api.newCalendarFeed());
    setCopied(false);
    status.reload();
  });
  const revoke = run(async () => {
    await api.revokeCalendarFeed();
    setLink(null);
    status.reload();
  });
  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied(true);
    } catch {
      input.current?.select();
    }
  };

  const active = link !== null || status.data?.active === true;
  return (
    <details class="calendar-feed">
      <summary>Your bookings in your calendar app</summary>
      <p class="muted">
        A private link your calendar app (Google, Apple, Outlook) subscribes to. It lists your salons’ bookings and
        updates by itself. Anyone with the link can read them, so keep it to yourself.
      </p>
      {link && (
        <div class="calendar-feed__link">
          <label for="calendar-feed-url">Your calendar link (shown once)</label>
          <div class="calendar-feed__row">
            <input
              id="calendar-feed-url"
              ref={input}
              readOnly
              value={link.url}
              onFocus={(e) => e.currentTarget.select()}
            />
            <button type="button" class="btn btn--secondary btn--small" onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
          <a class="btn btn--ghost btn--small" href={link.url.replace(/^https?:/, 'webcal:')}>
            Open in calendar app
          </a>
        </div>
      )}
      {!link && status.data?.active && (
        <p role="status">
          A link is active{status.data.lastReadAt ? ', and your calendar app reads it' : ''}. Lost it? Make a new one.
        </p>
      )}
      {error && (
        <p class="field__error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="button" class="btn btn--secondary btn--small" onClick={make} disabled={busy}>
          {active ? 'Make a new link' : 'Make my calendar link'}
        </button>
        {active && (
          <button type="button" class="btn btn--ghost btn--small" onClick={revoke} disabled={busy}>
            Turn off
          </button>
        )}
      </div>
    </details>
  );
}
