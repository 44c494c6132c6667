/**
 * Transactions with events that leave only after commit. Services describe
 * what happened by `emit`-ing domain events inside the transaction; the
 * events reach the publisher only once PostgreSQL has committed, so nobody
 * ever hears about a change that rolled back.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { isRetryable } from '../errors.ts';
import type { Deps } from './deps.ts';
import type { DomainEvent } from './events.ts';

export interface Tx {
  em: EntityManager;
  emit: (event: DomainEvent) => void;
}

const MAX_ATTEMPTS = 4;

/**
 * Runs `fn` in one transaction, retrying deadlocks and serialization
 * failures a bounded number of times, then publishes what it emitted.
 */
export async function inTransaction<T>(deps: Deps, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const events: DomainEvent[] = [];
    try {
      const result = await deps.orm.em.fork().transactional((em) => fn({ em, emit: (e) => events.push(e) }));
      if (events.length > 0) deps.events.publish(events);
      return result;
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(err)) throw err;
      // Back off a little, with jitter, so the retry does not meet the same rival.
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10 * attempt));
    }
  }
}
