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
  const dirty = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

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
    const rooms = [...dirty];
    dirty.clear();
    share(rooms);
    for (const room of rooms) o.emit(room, total(room));
  }

  const heartbeat = setInterval(() => share(o.localRooms()), o.heartbeatMs ?? 10_000);
  heartbeat.unref();

  return {
    total,
    /** A socket joined or left the room: recount soon (coalesced per tick). */
    touched(room: string): void {
      dirty.add(room);
      timer ??= setTimeout(tick, o.tickMs ?? 25);
    },
    /** Another instance's counts. */
    onRemote(update: PresenceUpdate): void {
      const now = Date.now();
      const rooms = remote.get(update.instance) ?? new Map();
      remote.set(update.instance, rooms);
      for (const [room, count] of update.rooms) {
        const before = rooms.get(room)?.count;
        rooms.set(room, { count, at: now });
        if (before !== count && o.localCount(room) > 0) o.emit(room, total(room));
      }
    },
    close(): void {
      clearInterval(heartbeat);
      if (timer) clearTimeout(timer);
    },
  };
}
