/**
 * The one Socket.IO connection of the app, typed by the shared event maps.
 * It reconnects forever; on every (re)connect it re-joins the rooms the app
 * is watching and takes the fresh snapshot from the join acknowledgement.
 * Every subscription helper returns its unsubscribe. The Socket.IO client
 * (about a third of the app's code) is loaded on first use, so pages that
 * never watch a day or hold a time do not download it.
 */
import {
  type Ack,
  type BookingAlert,
  type BookingRescheduledAlert,
  type ClientToServerEvents,
  createScheduleView,
  type Hold,
  type HoldTimes,
  PROTOCOL_VERSION,
  type ScheduleView,
  type ServerToClientEvents,
  type Slot,
  type SlotEvent,
  type WaitlistOffer,
} from '@glamify/shared';
import type { Socket } from 'socket.io-client';
import { connection } from './connection';
import { session, signOut } from './session';

export { type ConnectionState, connection } from './connection';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const ACK_TIMEOUT_MS = 8000;

let socket: AppSocket | undefined;
let loading: Promise<AppSocket> | undefined;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let manualRetries = 0;

/** The live state of one watched salon-day. */
export interface DayState {
  /** Every slot of the day; null until the first snapshot arrives. */
  slots: readonly Slot[] | null;
  watching: number | null;
  /** True while the snapshot is current (joined on the live connection). */
  live: boolean;
}

interface Watch {
  salonId: number;
  date: string;
  /** The stylists' whole working day (past and too-soon free slots too), for screens that draw it. */
  wholeDay: boolean;
  /** The shared state machine: snapshot, buffered events during a join, deltas. */
  view: ScheduleView;
  state: DayState;
  listeners: Set<(s: DayState) => void>;
  generation: number;
  retry?: ReturnType<typeof setTimeout> | undefined;
}

const watches = new Map<string, Watch>();
/** What an owner alert says happened. */
export type AlertKind = 'created' | 'cancelled' | 'rescheduled' | 'checked-in';

const alertListeners = new Set<(kind: AlertKind, alert: BookingAlert | BookingRescheduledAlert) => void>();
const offerListeners = new Set<(offer: WaitlistOffer) => void>();
const connectListeners = new Set<() => void>();

const keyOf = (salonId: number, date: string, wholeDay: boolean) =>
  `${salonId}:${date}:${wholeDay ? 'whole' : 'bookable'}`;
const watchKey = (w: Watch) => keyOf(w.salonId, w.date, w.wholeDay);

function setState(w: Watch, patch: Partial<DayState>): void {
  w.state = { ...w.state, slots: w.view.slots, live: w.view.live, ...patch };
  for (const l of [...w.listeners]) l(w.state);
}

function onEvent(e: SlotEvent & { salonId: number; date: string }): void {
  for (const wholeDay of [false, true]) {
    const w = watches.get(keyOf(e.salonId, e.date, wholeDay));
    if (w?.view.applyEvent(e)) setState(w, {});
  }
}

async function join(w: Watch, fresh = false): Promise<void> {
  const s = socket;
  if (!s?.connected) return;
  clearTimeout(w.retry);
  const generation = ++w.generation;
  // Name the last snapshot's version: after a reconnect (or a server restart) the
  // server then sends only what changed since, unless it no longer knows it.
  const since = fresh ? undefined : w.view.version;
  w.view.beginJoin();
  let res: Awaited<ReturnType<typeof emitJoin>> | undefined;
  try {
    res = await emitJoin(s, w, since);
  } catch {
    res = undefined;
  }
  if (generation !== w.generation || !watches.has(watchKey(w))) return;
  if (res?.ok && res.delta && !w.view.applyDelta(res.delta, res.version)) {
    // A delta against a snapshot this view no longer holds: ask for the whole day.
    void join(w, true);
    return;
  }
  if (res?.ok) {
    if (res.slots) w.view.applySnapshot(res.slots, res.version);
    setState(w, { watching: res.watching ?? w.state.watching });
  } else {
    w.view.abandonJoin();
    setState(w, {});
  }
  if (!res?.ok && s.connected) {
    // A timeout or a refused join: try again shortly rather than show stale data forever.
    w.retry = setTimeout(() => void join(w), 3000);
  }
}

function emitJoin(s: AppSocket, w: Watch, since: string | undefined) {
  return s.timeout(ACK_TIMEOUT_MS).emitWithAck('schedule:join', {
    salonId: w.salonId,
    date: w.date,
    ...(w.wholeDay ? { wholeDay: true } : {}),
    ...(since ? { since } : {}),
  });
}

function scheduleManualReconnect(s: AppSocket): void {
  clearTimeout(retryTimer);
  // Spread over ±50 %, so that the sockets a restart sent away do not all come back in one instant.
  const delay = Math.min(30_000, 500 * 2 ** Math.min(manualRetries++, 6)) * (0.5 + Math.random());
  retryTimer = setTimeout(() => {
    if (!s.connected && !s.active) s.connect();
  }, delay);
}

async function create(): Promise<AppSocket> {
  const { io } = await import('socket.io-client');
  const s: AppSocket = io({
    path: '/socket.io',
    // WebSocket first; long-polling only where WebSocket cannot get through.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    // Read the token at every (re)connect so signing in or out takes effect.
    auth: (cb) => cb({ token: session.get()?.token, v: PROTOCOL_VERSION }),
    reconnection: true,
    reconnectionAttempts: Number.POSITIVE_INFINITY,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    randomizationFactor: 0.5,
    timeout: 10_000,
  });
  s.on('connect', () => {
    manualRetries = 0;
    connection.set('connected');
    for (const w of watches.values()) void join(w);
    for (const l of [...connectListeners]) l();
  });
  s.on('disconnect', (reason) => {
    connection.set('reconnecting');
    for (const w of watches.values()) {
      w.generation++;
      w.view.abandonJoin();
      setState(w, {});
    }
    // The server sent us away (e.g. a restart or a refused token): socket.io will
    // not come back by itself, but a kiosk must.
    if (reason === 'io server disconnect') scheduleManualReconnect(s);
  });
  s.on('connect_error', (err) => {
    connection.set('reconnecting');
    // The server refused the token (expired or revoked): it is no good for the API either.
    if (err.message === 'UNAUTHENTICATED' && session.get()) signOut();
    // A middleware refusal leaves the socket inactive; network errors keep it active.
    if (!s.active) scheduleManualReconnect(s);
  });
  s.on('slot:locked', (e) => onEvent({ type: 'slot:locked', ...e }));
  s.on('slot:unlocked', (e) => onEvent({ type: 'slot:unlocked', ...e }));
  s.on('slot:booked', (e) => onEvent({ type: 'slot:booked', ...e }));
  s.on('slot:released', (e) => onEvent({ type: 'slot:released', ...e }));
  s.on('schedule:presence', (e) => {
    for (const wholeDay of [false, true]) {
      const w = watches.get(keyOf(e.salonId, e.date, wholeDay));
      if (w) setState(w, { watching: e.watching });
    }
  });
  s.on('schedule:changed', (e) => {
    for (const wholeDay of [false, true]) {
      const w = watches.get(keyOf(e.salonId, e.date, wholeDay));
      if (w) void join(w);
    }
  });
  s.on('booking:created', (a) => {
    for (const l of [...alertListeners]) l('created', a);
  });
  s.on('booking:rescheduled', (a) => {
    for (const l of [...alertListeners]) l('rescheduled', a);
  });
  s.on('booking:cancelled', (a) => {
    for (const l of [...alertListeners]) l('cancelled', a);
  });
  s.on('booking:checked-in', (a) => {
    for (const l of [...alertListeners]) l('checked-in', a);
  });
  s.on('waitlist:offer', (o) => {
    for (const l of [...offerListeners]) l(o);
  });
  return s;
}

/** The socket if its client has loaded, for callers that must not wait for it (a heartbeat). */
export function loadedSocket(): AppSocket | undefined {
  return socket;
}

/** The socket, loading the client and connecting on first use. */
export function getSocket(): Promise<AppSocket> {
  if (!loading) {
    connection.set('connecting');
    loading = create().then(
      (s) => {
        socket = s;
        // Signing in or out changes what the server lets this socket do: reconnect with the new token.
        let lastToken = session.get()?.token;
        session.subscribe((next) => {
          if (next?.token === lastToken) return;
          lastToken = next?.token;
          s.disconnect();
          s.connect();
          connection.set('connecting');
        });
        return s;
      },
      (err: unknown) => {
        // The client code could not be loaded (offline before it was ever cached): try again next time.
        loading = undefined;
        connection.set('reconnecting');
        throw err;
      },
    );
  }
  return loading;
}

export function isConnected(): boolean {
  return socket?.connected === true;
}

/**
 * Watches one salon-day: the listener gets the current state at once and on
 * every change. `wholeDay` asks for every slot of the working day, past and
 * too-soon ones included (the kiosk, the owner's calendar). Returns the
 * unsubscribe, which leaves the room when the last watcher of that day goes.
 */
export function watchDay(
  salonId: number,
  date: string,
  listener: (s: DayState) => void,
  opts: { wholeDay?: boolean } = {},
): () => void {
  // The connect handler joins every watched day, so a socket still loading catches up by itself.
  getSocket().catch(() => {});
  const wholeDay = opts.wholeDay === true;
  const key = keyOf(salonId, date, wholeDay);
  let w = watches.get(key);
  if (!w) {
    w = {
      salonId,
      date,
      wholeDay,
      view: createScheduleView(),
      state: { slots: null, watching: null, live: false },
      listeners: new Set(),
      generation: 0,
    };
    watches.set(key, w);
    if (socket?.connected) void join(w);
  }
  const watch = w;
  watch.listeners.add(listener);
  listener(watch.state);
  return () => {
    watch.listeners.delete(listener);
    if (watch.listeners.size > 0) return;
    watches.delete(key);
    watch.generation++;
    clearTimeout(watch.retry);
    // Both kinds of watch share the day's room: leave it only when neither is left.
    if (watches.has(keyOf(salonId, date, !wholeDay))) return;
    if (socket?.connected) socket.timeout(ACK_TIMEOUT_MS).emit('schedule:leave', { salonId, date }, () => {});
  };
}

/** Re-takes the snapshot of every watched day (a periodic safety net for unattended screens). */
export function resyncAll(): void {
  for (const w of watches.values()) void join(w);
}

export class SocketUnavailableError extends Error {
  constructor() {
    super('The live connection is down.');
    this.name = 'SocketUnavailableError';
  }
}

/** Resolves true once connected, false if that takes longer than `ms`. */
function whenConnected(s: AppSocket, ms: number): Promise<boolean> {
  if (s.connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      s.off('connect', onConnect);
      resolve(ok);
    };
    const onConnect = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    s.on('connect', onConnect);
  });
}

async function command<R>(fn: (s: AppSocket) => Promise<R>): Promise<R> {
  let s: AppSocket;
  try {
    s = await getSocket();
  } catch {
    throw new SocketUnavailableError();
  }
  // A page opened straight onto checkout is still connecting: give it a moment before falling back.
  if (!(await whenConnected(s, 3000))) throw new SocketUnavailableError();
  try {
    return await fn(s);
  } catch (err) {
    // emitWithAck rejects only on timeout.
    throw err instanceof SocketUnavailableError ? err : new SocketUnavailableError();
  }
}

export type HoldAck = Ack<Hold>;

export function startHold(slotId: number, serviceId: number): Promise<HoldAck> {
  return command((s) => s.timeout(ACK_TIMEOUT_MS).emitWithAck('hold:start', { slotId, serviceId }));
}

export function heartbeatHold(lockToken: string): Promise<Ack<HoldTimes>> {
  return command((s) => s.timeout(ACK_TIMEOUT_MS).emitWithAck('hold:heartbeat', { lockToken }));
}

/** Fire and forget: the page may be going away. */
export function releaseHold(lockToken: string): boolean {
  if (!socket?.connected) return false;
  socket.timeout(ACK_TIMEOUT_MS).emit('hold:release', { lockToken }, () => {});
  return true;
}

/** Owner alerts (booking:created / booking:cancelled / booking:rescheduled / booking:checked-in). */
export function onBookingAlert(
  listener: (kind: AlertKind, alert: BookingAlert | BookingRescheduledAlert) => void,
): () => void {
  getSocket().catch(() => {});
  alertListeners.add(listener);
  return () => alertListeners.delete(listener);
}

/** Waitlist offers to the signed-in customer, on this socket. */
export function onWaitlistOffer(listener: (offer: WaitlistOffer) => void): () => void {
  getSocket();
  offerListeners.add(listener);
  return () => offerListeners.delete(listener);
}

/** Every (re)connect: a moment to catch up on what was missed while away. */
export function onConnected(listener: () => void): () => void {
  getSocket();
  connectListeners.add(listener);
  return () => connectListeners.delete(listener);
}
