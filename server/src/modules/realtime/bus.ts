/**
 * The cross-instance event bus on PostgreSQL LISTEN/NOTIFY.
 *
 * A NOTIFY inside the booking transaction would take PostgreSQL's global
 * notify lock at every commit and serialise busy writers. Instead each
 * instance sends, after commit and outside any business transaction, one
 * NOTIFY per short tick carrying every event of that tick (split below the
 * 8000-byte payload limit). Delivery is at most once: clients treat the join
 * snapshot as the truth and events as deltas.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';

export const CHANNEL = 'glamify_events';
/** Stay well below PostgreSQL's 8000-byte NOTIFY payload limit. */
const MAX_PAYLOAD = 7500;
const TICK_MS = 5;

export interface BusMessage {
  /** Which instance sent it; an instance ignores its own. */
  origin: string;
  items: unknown[];
}

export interface Bus {
  readonly instanceId: string;
  send(item: unknown): void;
  close(): Promise<void>;
  /** Messages flushed so far (for the bench). */
  stats(): { notifies: number; items: number };
}

export async function startBus(url: string, onItems: (items: unknown[]) => void, log: FastifyBaseLogger): Promise<Bus> {
  const instanceId = randomUUID();
  let client: pg.Client | undefined;
  let closed = false;
  let buffer: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let notifies = 0;
  let items = 0;

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: url, application_name: 'glamify-bus' });
    c.on('notification', (msg) => {
      if (!msg.payload) return;
      try {
        const parsed = JSON.parse(msg.payload) as BusMessage;
        if (parsed.origin !== instanceId) onItems(parsed.items);
      } catch (err) {
        log.warn({ err }, 'bad bus message');
      }
    });
    c.on('error', (err) => {
      log.warn({ err }, 'event bus connection lost; reconnecting');
      if (client === c) client = undefined;
      void c.end().catch(() => {});
      if (!closed) setTimeout(() => void connect().catch(() => {}), 500).unref();
    });
    await c.connect();
    await c.query(`listen ${CHANNEL}`);
    client = c;
  }

  async function flush(): Promise<void> {
    timer = undefined;
    const pending = buffer;
    buffer = [];
    const c = client;
    if (!c || pending.length === 0) return;
    const head = `{"origin":"${instanceId}","items":[`;
    let chunk: string[] = [];
    let size = head.length + 2;
    const send = async (parts: string[]) => {
      if (parts.length === 0) return;
      notifies++;
      await c.query('select pg_notify($1, $2)', [CHANNEL, `${head}${parts.join(',')}]}`]);
    };
    for (const p of pending) {
      if (size + p.length + 1 > MAX_PAYLOAD && chunk.length > 0) {
        await send(chunk);
        chunk = [];
        size = head.length + 2;
      }
      chunk.push(p);
      size += p.length + 1;
    }
    await send(chunk);
  }

  await connect();
  return {
    instanceId,
    send(item) {
      const json = JSON.stringify(item);
      if (json.length > MAX_PAYLOAD - 100) {
        log.warn({ size: json.length }, 'bus item too large; not relayed');
        return;
      }
      items++;
      buffer.push(json);
      timer ??= setTimeout(() => {
        flush().catch((err: unknown) => log.warn({ err }, 'bus flush failed'));
      }, TICK_MS);
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await flush().catch(() => {});
      await client?.end().catch(() => {});
    },
    stats: () => ({ notifies, items }),
  };
}
