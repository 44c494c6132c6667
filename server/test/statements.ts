/**
 * Counts the statements an app sends to PostgreSQL, at the driver: every
 * `query` of the pool's clients (MikroORM's queries, Kysely's begin and
 * commit alike), in order, with the connection that sent it.
 */
import type { Orm } from '../src/db/orm.ts';

export interface SentStatement {
  sql: string;
  connection: number;
}

export async function recordStatements(orm: Orm) {
  const pool = (await orm.em.getConnection().getNativeClient()) as {
    connect: () => Promise<{ release: () => void }>;
  };
  const client = await pool.connect();
  const proto = Object.getPrototypeOf(client) as { query: (...args: unknown[]) => unknown };
  client.release();
  const original = proto.query;
  const ids = new WeakMap<object, number>();
  let connections = 0;
  let recording: SentStatement[] | undefined;
  proto.query = function query(this: object, ...args: unknown[]) {
    if (recording) {
      if (!ids.has(this)) ids.set(this, ++connections);
      const first = args[0];
      const sql = typeof first === 'string' ? first : String((first as { text?: string })?.text ?? first);
      recording.push({ sql: sql.replace(/\s+/g, ' ').trim(), connection: ids.get(this) as number });
    }
    return original.apply(this, args);
  };
  return {
    /** Runs `fn` and returns what was sent meanwhile. */
    async during(fn: () => Promise<unknown>): Promise<SentStatement[]> {
      recording = [];
      try {
        await fn();
        return recording;
      } finally {
        recording = undefined;
      }
    },
    restore: () => {
      proto.query = original;
    },
  };
}
