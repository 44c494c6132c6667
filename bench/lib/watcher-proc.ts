/**
 * A child process full of watchers: socket.io-clients (websocket transport,
 * as the PWA and kiosks connect) or bare `ws` clients for the baseline. It
 * runs apart from the server so that receiving 2,000 copies of an event
 * does not steal the server's event loop, and it stamps every arrival on the
 * clock all processes of this machine share.
 *
 * Protocol (IPC): see WatcherCommand / WatcherReport in watchers.ts.
 */
import { type ClientSocket, ioClient, WebSocket } from '../../server/test/bench-deps.ts';
import { clock } from './stats.ts';
import type { Room, WatcherCommand, WatcherReport } from './watchers.ts';

interface Watcher {
  room: string;
  /** The current view: slot id -> status, from the last join snapshot plus events. */
  view: Map<number, string> | undefined;
  /** The last snapshot as the server sent it (or rebuilt from a delta) and its version, as the PWA keeps it. */
  base?: { version: string; slots: Map<number, string> } | undefined;
  live: boolean;
  close: () => void;
  /** Starts watching the room (and again after every reconnect); resolves with the first join's outcome. */
  join?: () => Promise<boolean>;
}

const watchers: Watcher[] = [];
const roomSize = new Map<string, number>();
const arrivals = new Map<string, { count: number; first: number; last: number; room: string }>();
let dropMark: number | undefined;
let rejoined = new Set<number>();
let rejoinedLast = 0;
let disconnects = 0;

const post = (m: WatcherReport) => process.send?.(m);
const roomKey = (r: Room) => `${r.salonId}:${r.date}`;

function arrived(room: string, key: string): void {
  const at = clock();
  const a = arrivals.get(key) ?? { count: 0, first: at, last: at, room };
  a.count++;
  a.last = at;
  arrivals.set(key, a);
  if (a.count === roomSize.get(room)) post({ type: 'all', key, count: a.count, first: a.first, last: a.last });
}

const DELTA_STATUS: Record<string, string> = {
  'slot:locked': 'locked',
  'slot:unlocked': 'available',
  'slot:booked': 'booked',
  'slot:released': 'available',
};

function sioWatcher(i: number, url: string, room: Room, reconnect: boolean, joinNow: boolean): Promise<boolean> {
  const s: ClientSocket = ioClient(url, {
    transports: ['websocket'],
    auth: { v: 1 },
    forceNew: true,
    // The PWA's settings (client/src/lib/socket.ts): reconnect forever, from 500 ms up to 5 s, ±50 %.
    reconnection: reconnect,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    randomizationFactor: 0.5,
    timeout: 10_000,
  });
  const w: Watcher = { room: roomKey(room), view: undefined, live: false, close: () => s.close() };
  watchers[i] = w;
  let manualRetries = 0;
  let wanted = joinNow;
  const join = async (fresh = false): Promise<boolean> => {
    try {
      // As the PWA does (client/src/lib/socket.ts): name the last snapshot's version.
      const since = fresh ? undefined : w.base?.version;
      const r = (await s.timeout(15_000).emitWithAck('schedule:join', since ? { ...room, since } : room)) as {
        ok: boolean;
        version?: string;
        slots?: { id: number; status: string }[];
        delta?: { since: string; changed: { id: number; status: string }[]; removed: number[] };
      };
      if (!r.ok) return false;
      if (r.delta) {
        if (!w.base || w.base.version !== r.delta.since) return join(true);
        const slots = new Map(w.base.slots);
        for (const id of r.delta.removed) slots.delete(id);
        for (const x of r.delta.changed) slots.set(x.id, x.status);
        w.base = { version: r.version ?? '', slots };
      } else if (r.slots) {
        w.base = r.version ? { version: r.version, slots: new Map(r.slots.map((x) => [x.id, x.status])) } : undefined;
        if (!w.base) w.view = new Map(r.slots.map((x) => [x.id, x.status]));
      } else return false;
      if (w.base) w.view = new Map(w.base.slots);
      w.live = true;
      if (dropMark !== undefined && !rejoined.has(i)) {
        rejoined.add(i);
        rejoinedLast = clock();
        if (rejoined.size === watchers.length) post({ type: 'rejoined', count: rejoined.size, last: rejoinedLast });
      }
      return true;
    } catch {
      return false;
    }
  };
  for (const [event, status] of Object.entries(DELTA_STATUS)) {
    s.on(event as 'slot:locked', (e: { slotIds: number[] }) => {
      if (w.view) for (const id of e.slotIds) w.view.set(id, status);
      if (event === 'slot:locked') arrived(w.room, e.slotIds.join(','));
    });
  }
  s.on('disconnect', (reason) => {
    w.live = false;
    disconnects++;
    // As the PWA does: the server sent us away (a restart), so come back by hand.
    if (reconnect && reason === 'io server disconnect') {
      // As the PWA: spread over ±50 % so that the sockets a restart sent away do not return at once.
      const delay = Math.min(30_000, 500 * 2 ** Math.min(manualRetries++, 6)) * (0.5 + Math.random());
      setTimeout(() => {
        if (!s.connected && !s.active) s.connect();
      }, delay);
    }
  });
  w.join = () => {
    wanted = true;
    return join();
  };
  return new Promise((resolve) => {
    let first = true;
    s.on('connect', () => {
      manualRetries = 0;
      if (first) {
        first = false;
        if (wanted) void join().then(resolve);
        else resolve(true);
      } else if (wanted) {
        void join();
      }
    });
    s.once('connect_error', () => {
      if (first && !reconnect) resolve(false);
    });
  });
}

function wsWatcher(i: number, url: string, room: Room): Promise<boolean> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const w: Watcher = { room: roomKey(room), view: undefined, live: false, close: () => ws.terminate() };
  watchers[i] = w;
  ws.on('message', (data: Buffer) => {
    // The same frame Socket.IO sends: `42["slot:locked",{...}]`, decoded the same way.
    const text = data.toString();
    if (!text.startsWith('42')) return;
    const [name, payload] = JSON.parse(text.slice(2)) as [string, { slotIds: number[] }];
    if (name === 'slot:locked') arrived(w.room, payload.slotIds.join(','));
  });
  return new Promise((resolve) => {
    ws.once('open', () => {
      w.live = true;
      resolve(true);
    });
    ws.once('error', () => resolve(false));
  });
}

async function connect(c: Extract<WatcherCommand, { type: 'connect' }>): Promise<void> {
  const t0 = clock();
  let ok = 0;
  let failed = 0;
  let next = 0;
  const base = watchers.length;
  const total = c.count;
  const lane = async () => {
    for (;;) {
      const k = next++;
      if (k >= total) return;
      const room = c.rooms[k % c.rooms.length] as Room;
      const i = base + k;
      const good =
        c.mode === 'sio' ? await sioWatcher(i, c.url, room, c.reconnect, c.join) : await wsWatcher(i, c.url, room);
      if (good) {
        ok++;
        roomSize.set(roomKey(room), (roomSize.get(roomKey(room)) ?? 0) + 1);
      } else failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(c.concurrency, total) }, lane));
  post({ type: 'connected', ok, failed, ms: clock() - t0 });
}

async function joinAll(concurrency: number): Promise<void> {
  const t0 = clock();
  let ok = 0;
  let next = 0;
  const lane = async () => {
    for (;;) {
      const w = watchers[next++];
      if (!w) return;
      if (await w.join?.()) ok++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  post({ type: 'joined', ok, failed: watchers.length - ok, ms: clock() - t0 });
}

function verify(truth: Record<string, Array<[number, string]>>): void {
  let wrong = 0;
  let notLive = 0;
  let example: string | undefined;
  for (const w of watchers) {
    if (!w.live || !w.view) {
      notLive++;
      continue;
    }
    const want = new Map(truth[w.room] ?? []);
    let same = want.size === w.view.size;
    if (same) {
      for (const [id, status] of want) {
        if (w.view.get(id) !== status) {
          same = false;
          example ??= `slot ${id}: saw ${w.view.get(id)}, truth ${status}`;
          break;
        }
      }
    } else example ??= `saw ${w.view.size} slots, truth ${want.size}`;
    if (!same) wrong++;
  }
  post({ type: 'verified', checked: watchers.length, wrong, notLive, example });
}

process.on('message', (m: WatcherCommand) => {
  switch (m.type) {
    case 'connect':
      void connect(m);
      return;
    case 'joinAll':
      void joinAll(m.concurrency);
      return;
    case 'progress': {
      const a = arrivals.get(m.key);
      post({ type: 'progress', key: m.key, count: a?.count ?? 0, rejoined: rejoined.size, disconnects });
      return;
    }
    case 'markDrop':
      dropMark = clock();
      rejoined = new Set();
      disconnects = 0;
      post({ type: 'marked' });
      return;
    case 'verify':
      verify(m.truth);
      return;
    case 'close':
      for (const w of watchers) w.close();
      setTimeout(() => process.exit(0), 200).unref();
      return;
  }
});
post({ type: 'ready' });
