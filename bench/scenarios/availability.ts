/**
 * Availability: GET /api/v1/availability/slots for one service on one day of
 * a 6-stylist salon, `connections` clients in a closed loop (autocannon).
 * Baseline: pgbench select-only (-S) at the same client count: PostgreSQL's
 * cheapest read on the same machine.
 */
import { autocannon } from '../../server/test/bench-deps.ts';

export interface AvailabilityResult {
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  slotsInAnswer: number;
}

export async function availability(
  base: URL,
  q: { salonId: number; date: string; serviceId: number },
  o: { connections: number; seconds: number; warmupSeconds: number },
): Promise<AvailabilityResult> {
  const url = `${base.origin}/api/v1/availability/slots?salonId=${q.salonId}&date=${q.date}&serviceId=${q.serviceId}`;
  const probe = (await (await fetch(url)).json()) as { slots?: unknown[] };
  if (!Array.isArray(probe.slots)) throw new Error(`availability answered ${JSON.stringify(probe).slice(0, 200)}`);
  if (o.warmupSeconds > 0) await autocannon({ url, connections: o.connections, duration: o.warmupSeconds });
  const r = await autocannon({ url, connections: o.connections, duration: o.seconds });
  return {
    connections: o.connections,
    requestsPerSecond: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    slotsInAnswer: probe.slots.length,
  };
}
