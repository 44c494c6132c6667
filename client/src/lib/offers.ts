/**
 * The signed-in customer's open waitlist offers. They arrive live as
 * `waitlist:offer` on the socket, and are read from GET /waitlist whenever
 * the socket (re)connects or the user signs in, so an offer made while the
 * app was closed or offline still shows. An offer that ran out stays on
 * screen, saying so, until it is closed or the list is read again.
 */
import type { WaitlistOffer } from '@glamify/shared';
import { api } from './api';
import { session } from './session';
import { onConnected, onWaitlistOffer } from './socket';
import { createStore } from './store';

export const offers = createStore<WaitlistOffer[]>([]);

const soonestFirst = (a: WaitlistOffer, b: WaitlistOffer) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt);

function put(offer: WaitlistOffer): void {
  offers.update((list) => [...list.filter((o) => o.entryId !== offer.entryId), offer].sort(soonestFirst));
}

/** Takes an offer off the screen (booked, declined, or ended). */
export function dropOffer(entryId: number): void {
  offers.update((list) => list.filter((o) => o.entryId !== entryId));
}

async function refresh(): Promise<void> {
  if (session.get()?.user.role !== 'customer') {
    offers.set([]);
    return;
  }
  try {
    const page = await api.myWaitlist();
    offers.set(page.items.flatMap((e) => (e.offer ? [e.offer] : [])).sort(soonestFirst));
  } catch {
    // Offline or briefly unreachable: keep what is shown; the next connect reads again.
  }
}

/** Keeps `offers` current while a customer is signed in; returns the stop. */
export function syncOffers(): () => void {
  const stops = [onWaitlistOffer(put), onConnected(() => void refresh())];
  void refresh();
  return () => {
    for (const stop of stops) stop();
    offers.set([]);
  };
}
