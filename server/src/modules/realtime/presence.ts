/**
 * How many people watch a salon-day, across instances. Each instance knows
 * its own room sizes exactly; it shares them on the bus when they change and
 * every few seconds, and forgets an instance that has gone quiet. Counts go
 * out in as many updates as it takes to keep each below the bus's message
 * size, so an instance watching thousands of days is heard in full.
 */
export interface PresenceUpdate {
  kind: 'presence';
  instance: string;
  rooms: Array<[string, number]>;
}

export interface PresenceOptions {
  instanceId: string;
  localCount: (room: string) => number;
  localRooms: () => string[];
  emit: (room: string, watching: number) => void;
  share?: (update: PresenceUpdate) => void;
  tickMs?: number;
  heartbeatMs?: number;
  /** Largest JSON size of one update; the bus refuses items near its 8000-byte NOTIFY limit. */
  maxUpdateBytes?: number;
}

const STALE_MS = 30_000;
const MAX_UPDATE_BYTES = 6000;
/**
 * A room's count goes out to every socket in it, so a busy room is told less
 * often: at most once per tick plus 1 ms per watcher, and at least every 2 s
 * while it changes. Without it, 10,000 sockets re-joining 10 rooms after a
 * restart made the server send a count to 1,000 sockets per room every
 * 25 ms, which was half its CPU in the storm (bench/README.md).
 */
const PER_WATCHER_MS = 1;
const MAX_GAP_MS = 2000;

/** Splits room counts into updates whose JSON stays under `maxBytes`. */
export function presenceUpdates(instance: string, rooms: Array<[string, number]>, maxBytes = MAX_UPDATE_BYTES) {
  const updates: PresenceUpdate[] = [];
  const overhead = JSON.stringify({ kind: 'presence', instance, rooms: [] }).length;
  let chunk: Array<[string, number]> = [];
  let size = overhead;
  for (const entry of rooms) {
    const bytes = JSON.stringify(entry).length + 1;
    if (size + bytes > maxBytes && chunk.length > 0) {
      updates.push({ kind: 'presence', instance, rooms: chunk });
      chunk = [];
      size = overhead;
    }
    chunk.push(entry);
    size += bytes;
  }
  if (chunk.length > 0) updates.push({ kind: 'presence', instance, rooms: chunk });
  return updates;
}

export function createPresence(o: PresenceOptions) {
  const remote = new Map<string, Map<string, { count: number; at: number }>>();
  const tickMs = o.tickMs ?? 25;
  /** Rooms whose local count changed (shared on the bus next tick), and rooms whose total is to be sent. */
  const dirty = new Set<string>();
  const unsent = new Set<string>();
  const lastSent = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  const gap = (room: string) => Math.min(MAX_GAP_MS, tickMs + o.localCount(room) * PER_WATCHER_MS);

  function total(room: string): number {
    let n = o.localCount(room);
    const now = Date.now();
    for (const rooms of remote.values()) {
      const r = rooms.get(room);
      if (r && now - r.at < STALE_MS) n += r.count;
    }
    return n;
  }

  function share(rooms: string[]): void {
    if (!o.share || rooms.length === 0) return;
    const counts = rooms.map((r): [string, number] => [r, o.localCount(r)]);
    for (const update of presenceUpdates(o.instanceId, counts, o.maxUpdateBytes)) o.share(update);
  }

  function tick(): void {
    timer = undefined;
    share([...dirty]);
    dirty.clear();
    const now = Date.now();
    let wait = Number.POSITIVE_INFINITY;
    for (const room of unsent) {
      const due = (lastSent.get(room) ?? 0) + gap(room);
      if (due > now) {
        wait = Math.min(wait, due - now);
        continue;
      }
      unsent.delete(room);
      lastSent.set(room, now);
      o.emit(room, total(room));
    }
    if (unsent.size > 0) timer = setTimeout(tick, Math.max(tickMs, wait));
  }

  function soon(): void {
    timer ??= setTimeout(tick, tickMs);
  }

  const heartbeat = setInterval(() => {
    share(o.localRooms());
    // Forget when quiet rooms were last told (they may be told at once next time).
    const old = Date.now() - MAX_GAP_MS;
    for (const [room, at] of lastSent) if (at < old && !unsent.has(room)) lastSent.delete(room);
  }, o.heartbeatMs ?? 10_000);
  heartbeat.unref();

  return {
    total,
    /** A socket joined or left the room: recount soon (coalesced per tick). */
    touched(room: string): void {
      dirty.add(room);
      unsent.add(room);
      soon();
    },
    /** Another instance's counts. */
    onRemote(update: PresenceUpdate): void {
      const now = Date.now();
      const rooms = remote.get(update.instance) ?? new Map();
      remote.set(update.instance, rooms);
      for (const [room, count] of update.rooms) {
        const before = rooms.get(room)?.count;
        rooms.set(room, { count, at: now });
        if (before !== count && o.localCount(room) > 0) {
          unsent.add(room);
          soon();
        }
      }
    },
    close(): void {
      clearInterval(heartbeat);
      if (timer) clearTimeout(timer);
    },
  };
}
