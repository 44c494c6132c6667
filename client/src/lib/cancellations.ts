/**
 * Cancelling a booking: at once when online, queued when the network is
 * gone, and the queue replayed when it comes back: on the browser's
 * `online`, when the live connection reconnects (the network really works
 * again), after signing in, at app start, and on a timer with growing pauses
 * while tries keep failing (`online` can fire before anything is reachable).
 */
import type { Booking } from '@glamify/shared';
import { api } from './api';
import { ApiError } from './api-error';
import { connection } from './connection';
import { createCancellationQueue, createRetryLoop, type ReplayResult } from './offline-queue';
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

/** Replays now and whenever the network may be back; retries with backoff while it is not. */
export function startCancellationReplay(): () => void {
  const loop = createRetryLoop(async () => {
    const user = session.get()?.user;
    if (!user || !cancellationQueue.items.get().some((q) => q.userId === user.id)) return 'idle';
    // Certainly offline: the `online` event kicks the loop again.
    if (!navigator.onLine) return 'idle';
    const result = await replayCancellations();
    return result && result.waiting.length > 0 ? 'waiting' : 'done';
  });
  const kick = () => loop.kick();
  let queued = cancellationQueue.items.get().length;
  window.addEventListener('online', kick);
  const unsubscribers = [
    session.subscribe(kick),
    connection.subscribe((c) => {
      if (c === 'connected') kick();
    }),
    // Something was queued: start trying (the first try waits for the network if offline).
    cancellationQueue.items.subscribe((items) => {
      if (items.length > queued) kick();
      queued = items.length;
    }),
  ];
  kick();
  return () => {
    loop.stop();
    window.removeEventListener('online', kick);
    for (const u of unsubscribers) u();
  };
}
