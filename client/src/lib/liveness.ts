/**
 * Knowing within seconds that the live connection is dead. Socket.IO's own
 * ping takes the server's interval plus its timeout (40 s) to notice a
 * connection that died without closing (a router gone, Wi-Fi that still
 * says "connected"). Screens that must say so promptly (the kiosk, the
 * owner's console) ask the server for its clock every 1.5 s: an answer that
 * does not come within 2 s marks the connection dead, so a dead link shows
 * within 3.5 s; a second miss drops the transport so Socket.IO reconnects.
 * The answers also give the server's clock, which unattended screens draw
 * "now" by. The browser going offline counts at once.
 */
import { connection, getSocket, loadedSocket } from './socket';
import { createStore } from './store';

export interface Liveness {
  /** The last heartbeat came back in time, the socket is connected and the browser is online. */
  alive: boolean;
  /** When the server last answered (this device's clock, ms); null before the first answer. */
  lastSeen: number | null;
  /** The server's clock minus this device's, in ms (half the round trip assumed each way). */
  clockOffset: number;
}

export const liveness = createStore<Liveness>({ alive: false, lastSeen: null, clockOffset: 0 });

export const HEARTBEAT_EVERY_MS = 1500;
export const HEARTBEAT_TIMEOUT_MS = 2000;
const RECONNECT_AFTER_MISSES = 2;

let users = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let inFlight = false;
let misses = 0;
let stopWatching: (() => void) | undefined;

function markDead(): void {
  if (liveness.get().alive) liveness.update((l) => ({ ...l, alive: false }));
}

function schedule(ms = HEARTBEAT_EVERY_MS): void {
  clearTimeout(timer);
  if (users > 0) timer = setTimeout(beat, ms);
}

function beat(): void {
  if (inFlight) return;
  const s = loadedSocket();
  if (!s) getSocket().catch(() => {});
  if (!s || !navigator.onLine || !s.connected) {
    markDead();
    schedule();
    return;
  }
  inFlight = true;
  const sent = Date.now();
  s.timeout(HEARTBEAT_TIMEOUT_MS)
    .emitWithAck('time:sync', {})
    .then(
      (ack) => {
        // A refusal (a rate limit) still proves the connection carries answers.
        const received = Date.now();
        misses = 0;
        const offset = ack.ok ? Date.parse(ack.now) - (sent + received) / 2 : liveness.get().clockOffset;
        liveness.set({ alive: s.connected && navigator.onLine, lastSeen: received, clockOffset: offset });
      },
      () => {
        misses++;
        markDead();
        // The transport looks open but carries nothing: drop it, and Socket.IO reconnects.
        if (misses >= RECONNECT_AFTER_MISSES && s.connected) {
          misses = 0;
          s.io.engine?.close();
        }
      },
    )
    .finally(() => {
      inFlight = false;
      schedule();
    });
}

function onOffline(): void {
  markDead();
}

function onOnline(): void {
  // Back online: do not wait out the reconnection back-off.
  getSocket().then(
    (s) => {
      if (s.connected) return;
      s.disconnect();
      s.connect();
    },
    () => {},
  );
  schedule(0);
}

/** Starts the heartbeat while at least one screen needs it; returns the stop. */
export function keepAlive(): () => void {
  users++;
  if (users === 1) {
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    stopWatching = connection.subscribe((state) => {
      if (state === 'connected') schedule(0);
      else markDead();
    });
    schedule(0);
  }
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    users--;
    if (users > 0) return;
    clearTimeout(timer);
    window.removeEventListener('offline', onOffline);
    window.removeEventListener('online', onOnline);
    stopWatching?.();
  };
}
