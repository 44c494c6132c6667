/**
 * Contention: N customers, each on its own connection with its own token,
 * book the same slot at the same moment. Exactly one may win (201); every
 * other one gets a 409 that carries `alternatives`; nothing else is allowed
 * (no 5xx, no socket error). Checked again in SQL afterwards.
 *
 * Baseline: the same N connections sending GET /health in one burst — the
 * cheapest answer this server can give, so the ratio is what the booking
 * transaction adds over the HTTP stack and the machine for a burst of N.
 */
import { randomUUID } from 'node:crypto';
import type { BenchSalon, BenchUser, SlotRef, Sql } from '../lib/fixtures.ts';
import { type Answer, burst, connectAll, customerAgent } from '../lib/http.ts';
import { type Summary, summarize } from '../lib/stats.ts';

export interface ContentionResult {
  customers: number;
  created: number;
  conflicts: number;
  conflictsWithAlternatives: number;
  codes: Record<string, number>;
  /** Anything else: other statuses, 5xx, socket errors. */
  errors: number;
  firstError: string | undefined;
  latency: Summary;
  baseline: Summary;
  /** The SQL check: one live booking at that time, the slot booked once. */
  sql: { bookings: number; bookedSlots: number; ok: boolean };
  correct: boolean;
}

export async function contention(
  base: URL,
  sql: Sql,
  salon: BenchSalon,
  customers: BenchUser[],
  slot: SlotRef,
): Promise<ContentionResult> {
  const agents = customers.map(() => customerAgent());
  try {
    await connectAll(base, agents);
    const health = await burst(
      base,
      agents,
      customers.map(() => ({ method: 'GET' as const, path: '/health' })),
    );
    const answers = await burst(
      base,
      agents,
      customers.map((c) => ({
        method: 'POST' as const,
        path: '/api/v1/bookings',
        token: c.token,
        body: { slotId: slot.id, serviceId: salon.serviceId, staffId: slot.staffId, idempotencyKey: randomUUID() },
      })),
    );
    return { ...(await judge(answers, sql, slot)), baseline: summarize(health.map((a) => a.ms)) };
  } finally {
    for (const a of agents) a.destroy();
  }
}

async function judge(answers: Answer[], sql: Sql, slot: SlotRef) {
  let created = 0;
  let conflicts = 0;
  let withAlternatives = 0;
  let errors = 0;
  let firstError: string | undefined;
  const codes: Record<string, number> = {};
  for (const a of answers) {
    if (a.status === 201) {
      created++;
      continue;
    }
    if (a.status === 409) {
      conflicts++;
      const body = JSON.parse(a.body) as { code?: string; alternatives?: unknown[] };
      codes[body.code ?? '?'] = (codes[body.code ?? '?'] ?? 0) + 1;
      if (Array.isArray(body.alternatives) && body.alternatives.length > 0) withAlternatives++;
      continue;
    }
    errors++;
    firstError ??= a.error ?? `${a.status} ${a.body.slice(0, 200)}`;
  }
  const { rows } = await sql.query<{ bookings: number; booked: number }>(
    `select (select count(*)::int from bookings b
             where b.staff_id = s.staff_id and b.starts_at = s.starts_at and b.status in ('PENDING', 'CONFIRMED')) as bookings,
            (select count(*)::int from slots x where x.id = s.id and x.is_booked and x.booking_id is not null) as booked
     from slots s where s.id = $1`,
    [slot.id],
  );
  const check = { bookings: rows[0]?.bookings ?? -1, bookedSlots: rows[0]?.booked ?? -1, ok: false };
  check.ok = check.bookings === 1 && check.bookedSlots === 1;
  const correct =
    created === 1 && conflicts === answers.length - 1 && withAlternatives === conflicts && errors === 0 && check.ok;
  return {
    customers: answers.length,
    created,
    conflicts,
    conflictsWithAlternatives: withAlternatives,
    codes,
    errors,
    firstError,
    latency: summarize(answers.map((a) => a.ms)),
    sql: check,
    correct,
  };
}
