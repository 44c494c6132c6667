/**
 * Throughput: `clients` customers in a closed loop, each booking a distinct
 * free slot (its own stylist and time, as the PWA sends it: slotId,
 * serviceIds, staffId and an idempotency key) as fast as answers come back.
 * No two requests want the same slot, so every answer should be a 201.
 *
 * Baseline: pgbench's TPC-B-like transaction at the same client count against
 * the same PostgreSQL in the same run — what this machine does with a small
 * write transaction and no application in between.
 */
import { randomUUID } from 'node:crypto';
import type { BenchSalon, BenchUser, SlotRef } from '../lib/fixtures.ts';
import { closedLoop, type LoopResult } from '../lib/http.ts';

export interface ThroughputResult extends LoopResult {
  clients: number;
  /** Answers that were not 201 (there should be none). */
  failed: number;
}

export async function throughput(
  base: URL,
  salon: BenchSalon,
  customers: BenchUser[],
  slots: SlotRef[],
  o: { clients: number; warmupMs: number; durationMs: number },
): Promise<{ result: ThroughputResult; used: number }> {
  let next = 0;
  const result = await closedLoop(base, {
    clients: o.clients,
    warmupMs: o.warmupMs,
    durationMs: o.durationMs,
    okStatus: 201,
    next: (client) => {
      const slot = slots[next++];
      if (!slot) return undefined;
      const customer = customers[client % customers.length] as BenchUser;
      return {
        method: 'POST',
        path: '/api/v1/bookings',
        token: customer.token,
        body: { slotId: slot.id, serviceIds: [salon.serviceId], staffId: slot.staffId, idempotencyKey: randomUUID() },
      };
    },
  });
  const total = Object.values(result.statuses).reduce((a, b) => a + b, 0);
  if (next >= slots.length) throw new Error(`throughput ran out of free slots (${slots.length})`);
  return { result: { ...result, clients: o.clients, failed: total - result.ok }, used: next };
}
