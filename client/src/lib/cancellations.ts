/**
 * Cancelling a booking: at once when online, queued when the network is
 * gone, and the queue replayed when it comes back (and at app start).
 */
import type { Booking } from '@glamify/shared';
import { api } from './api';
import { ApiError } from './api-error';
import { createCancellationQueue, type ReplayResult } from './offline-queue';
import { session } from './session';
import { createStore } from './store';

export const cancellationQueue = createCancellationQueue(globalThis.localStorage);

/** Bumped whenever queued cancellations reached the server, so lists refetch. */
export const bookingsVersion = createStore(0);

export type CancelOutcome = { kind: 'sent'; booking: Booking } | { kind: 'queued' };

export async function cancelBooking(bookingId: number, reason?: string): Promise<CancelOutcome> {
  const user = session.get()?.user;
  if (!user) throw new ApiError({ code: 'UNAUTHENTICATED', status: 401, detail: 'Please sign in.' });
  const queue = () => {
    cancellationQueue.enqueue({ bookingId, userId: user.id, ...(reason ? { reason } : {}) });
    return { kind: 'queued' } as const;
  };
  if (!navigator.onLine) return queue();
  try {
    return { kind: 'sent', booking: await api.cancelBooking(bookingId, reason) };
  } catch (err) {
    if (err instanceof ApiError && err.isNetwork) return queue();
    throw err;
  }
}

export async function replayCancellations(): Promise<ReplayResult | undefined> {
  const user = session.get()?.user;
  if (!user || !navigator.onLine) return undefined;
  const result = await cancellationQueue.replay(user.id, (item) => api.cancelBooking(item.bookingId, item.reason));
  if (result.sent.length || result.dropped.length) bookingsVersion.update((v) => v + 1);
  return result;
}

/** Replays now, whenever the browser comes back online, and after signing in. */
export function startCancellationReplay(): () => void {
  const run = () => void replayCancellations();
  window.addEventListener('online', run);
  const unsubscribe = session.subscribe(run);
  run();
  return () => {
    window.removeEventListener('online', run);
    unsubscribe();
  };
}
