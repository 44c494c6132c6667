/**
 * How many people watch a salon-day, across instances. Each instance knows
 * its own room sizes exactly; it shares them on the bus when they change and
 * every few seconds, and forgets an instance that has gone quiet.
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
}

const STALE_MS = 30_000;

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

  function tick(): void {
    timer = undefined;
    const rooms = [...dirty];
    dirty.clear();
    o.share?.({ kind: 'presence', instance: o.instanceId, rooms: rooms.map((r) => [r, o.localCount(r)]) });
    for (const room of rooms) o.emit(room, total(room));
  }

  const heartbeat = setInterval(() => {
    const rooms = o.localRooms();
    if (rooms.length > 0) {
      o.share?.({ kind: 'presence', instance: o.instanceId, rooms: rooms.map((r) => [r, o.localCount(r)]) });
    }
  }, o.heartbeatMs ?? 10_000);
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
