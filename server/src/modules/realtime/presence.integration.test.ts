/**
 * Presence of many watched days crosses instances on the real bus
 * (PostgreSQL NOTIFY, 8000-byte payloads): an instance watching a thousand
 * days is heard in full, not dropped as one oversized message.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { type Bus, startBus } from './bus.ts';
import { createPresence, type PresenceUpdate, presenceUpdates } from './presence.ts';

const log = pino({ level: 'silent' });
let db: TestDb;
const buses: Bus[] = [];
const closers: Array<() => void> = [];

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  for (const c of closers) c();
  for (const b of buses) await b.close();
  await db?.drop();
});

const rooms = Array.from(
  { length: 1000 },
  (_, i) => `salon:${100000 + i}:2030-12-${String((i % 28) + 1).padStart(2, '0')}`,
);

describe('presence across instances', () => {
  it('splits counts into updates that each fit a bus message', () => {
    const updates = presenceUpdates(
      'c0a80101-0000-4000-8000-000000000000',
      rooms.map((r, i) => [r, i]),
    );
    expect(updates.length).toBeGreaterThan(1);
    for (const u of updates) expect(JSON.stringify(u).length).toBeLessThanOrEqual(6000);
    expect(updates.flatMap((u) => u.rooms)).toEqual(rooms.map((r, i) => [r, i]));
  });

  it('an instance watching 1000 days is counted in full on another', async () => {
    const heard = new Map<string, number>();
    let remote: ReturnType<typeof createPresence> | undefined;
    const receiver = await startBus(
      db.url,
      (items) => {
        for (const item of items as PresenceUpdate[]) remote?.onRemote(item);
      },
      log,
    );
    buses.push(receiver);
    remote = createPresence({
      instanceId: receiver.instanceId,
      localCount: () => 0,
      localRooms: () => [],
      emit: (room, n) => heard.set(room, n),
    });
    closers.push(() => remote?.close());

    const sender = await startBus(db.url, () => {}, log);
    buses.push(sender);
    const local = createPresence({
      instanceId: sender.instanceId,
      localCount: (room) => (rooms.indexOf(room) % 3) + 1,
      localRooms: () => rooms,
      emit: () => {},
      share: (u) => sender.send(u),
      heartbeatMs: 100,
    });
    closers.push(() => local.close());

    const deadline = Date.now() + 10_000;
    while (rooms.some((r) => remote?.total(r) !== (rooms.indexOf(r) % 3) + 1)) {
      if (Date.now() > deadline) {
        const missing = rooms.filter((r) => remote?.total(r) === 0).length;
        throw new Error(`${missing} of ${rooms.length} rooms never arrived`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(rooms.every((r) => remote?.total(r) === (rooms.indexOf(r) % 3) + 1)).toBe(true);
    expect(heard.size).toBe(0); // the receiver has no local watchers to tell
  });
});
