/**
 * The demo provider's checkout page: plain server-rendered HTML (no script,
 * so it runs under the app's CSP and without JavaScript), labelled as a
 * demo on every view. Every value from the database is escaped.
 */
import { localTime } from '@glamify/shared';
import { DEMO_CARDS } from './demo-provider.ts';

export interface DemoView {
  salonName: string;
  services: string;
  startsAt: Date;
  timezone: string;
  amountCents: number;
  currency: string;
  dueAt: Date;
  returnUrl: string;
}

export interface FormState {
  values?: { card?: string; expiry?: string; cvc?: string; name?: string };
  errors?: Partial<Record<'card' | 'expiry' | 'cvc', string>>;
  /** A failure of the whole attempt (a declined card). */
  alert?: string;
}

const html = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function money(cents: number, currency: string): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(cents / 100);
}

const when = (d: Date, tz: string) =>
  `${new Intl.DateTimeFormat('en', { weekday: 'short', day: 'numeric', month: 'short', timeZone: tz }).format(d)}, ${localTime(d, tz)}`;

const STYLE = `
  *, *::before, *::after { box-sizing: border-box; }
  :root { color-scheme: light; font-family: system-ui, sans-serif; color: #1f1a1d; background: #f4f1f3; }
  body { margin: 0; }
  .demo-banner { background: #8a4b00; color: #fff; text-align: center; padding: .6rem 1rem; font-weight: 700; letter-spacing: .02em; }
  main { max-width: 28rem; margin: 1.5rem auto; padding: 0 1rem; }
  .card { background: #fff; border-radius: 12px; padding: 1.25rem; box-shadow: 0 1px 3px rgb(0 0 0 / .12); }
  h1 { font-size: 1.35rem; margin: 0 0 .25rem; }
  .amount { font-size: 2rem; font-weight: 700; margin: .75rem 0 .25rem; }
  .muted { color: #5c5358; font-size: .95rem; margin: .25rem 0; }
  form { display: grid; gap: .85rem; margin-top: 1rem; }
  label { display: grid; gap: .3rem; font-weight: 600; font-size: .95rem; }
  input { font: inherit; width: 100%; min-width: 0; padding: .65rem .7rem; border: 1px solid #8d8389; border-radius: 8px; }
  /* Lighter than typed text, so the test card's example does not look filled in already. */
  input::placeholder { color: #a39aa0; }
  input:focus { outline: 3px solid #7a2e6e55; border-color: #7a2e6e; }
  input[aria-invalid="true"] { border-color: #b3261e; }
  .row { display: grid; grid-template-columns: 1fr 1fr; gap: .75rem; }
  .err { color: #b3261e; font-weight: 500; font-size: .9rem; }
  .alert { background: #fdecea; color: #8c1d18; border-radius: 8px; padding: .75rem; margin-top: 1rem; font-weight: 600; }
  button { font: inherit; font-weight: 700; padding: .85rem; border: 0; border-radius: 8px; background: #7a2e6e; color: #fff; cursor: pointer; min-height: 48px; }
  a { color: #7a2e6e; }
  .cards { margin-top: 1rem; font-size: .9rem; }
  .cards code { font-size: .95rem; background: #f4f1f3; padding: .1rem .3rem; border-radius: 4px; }
  .cancel { display: block; text-align: center; margin-top: 1rem; }`;

function layout(title: string, content: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><link rel="icon" href="/icons/icon.svg" type="image/svg+xml"><title>${html(title)} · Glamify demo payment</title><style>${STYLE}</style></head>
<body><div class="demo-banner" role="note">DEMO PAYMENT — test mode, no real money moves</div>
<main>${content}</main></body></html>`;
}

function field(name: 'card' | 'expiry' | 'cvc', label: string, attrs: string, state: FormState): string {
  const error = state.errors?.[name];
  const value = state.values?.[name] ?? '';
  return `<label for="${name}">${label}
    <input id="${name}" name="${name}" ${attrs} value="${html(value)}" required
      ${error ? `aria-invalid="true" aria-describedby="${name}-error"` : ''}>
    ${error ? `<span class="err" id="${name}-error">${html(error)}</span>` : ''}</label>`;
}

export function checkoutPage(v: DemoView, action: string, state: FormState = {}): string {
  const amount = money(v.amountCents, v.currency);
  return layout(
    `Pay ${amount}`,
    `<div class="card">
      <h1>Deposit for ${html(v.salonName)}</h1>
      <p class="muted">${html(v.services)} · ${html(when(v.startsAt, v.timezone))}</p>
      <p class="amount">${html(amount)}</p>
      <p class="muted">Pay by ${html(localTime(v.dueAt, v.timezone))} (salon time) to keep the booking.</p>
      ${state.alert ? `<p class="alert" role="alert">${html(state.alert)}</p>` : ''}
      <form method="post" action="${html(action)}" novalidate>
        ${field('card', 'Card number', 'inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242"', state)}
        <div class="row">
          ${field('expiry', 'Expiry (MM/YY)', 'autocomplete="cc-exp" placeholder="12/34"', state)}
          ${field('cvc', 'CVC', 'inputmode="numeric" autocomplete="cc-csc" placeholder="123"', state)}
        </div>
        <label for="name">Name on card <input id="name" name="name" autocomplete="cc-name" value="${html(state.values?.name ?? '')}"></label>
        <button type="submit">Pay ${html(amount)}</button>
      </form>
      <div class="cards"><p><strong>Test cards</strong> (any future expiry, any CVC):</p>
        <p><code>${DEMO_CARDS.succeeds.replace(/(\d{4})(?=\d)/g, '$1 ')}</code> — the payment succeeds</p>
        <p><code>${DEMO_CARDS.declines.replace(/(\d{4})(?=\d)/g, '$1 ')}</code> — the card is declined</p></div>
      <a class="cancel" href="${html(v.returnUrl)}?checkout=cancelled">Cancel and return to Glamify</a>
    </div>`,
  );
}

export function closedPage(returnUrl: string): string {
  return layout(
    'Payment closed',
    `<div class="card"><h1>This payment is closed</h1>
      <p class="muted">The deposit was paid already, or the time to pay it has run out.</p>
      <p><a href="${html(returnUrl)}">See your booking in Glamify</a></p></div>`,
  );
}

export function notFoundPage(): string {
  return layout(
    'Not found',
    '<div class="card"><h1>No such payment</h1><p class="muted">This checkout link is not valid.</p><p><a href="/bookings">My bookings</a></p></div>',
  );
}
