/**
 * Real HTTP/1.1 clients on node:http: one keep-alive connection per
 * customer, so a thousand customers are a thousand TCP connections, and
 * each request's time is taken from just before it is written to the end
 * of its response.
 */
import http from 'node:http';
import { clock, type Summary, summarize } from './stats.ts';

export interface Answer {
  status: number;
  body: string;
  ms: number;
  /** A socket error (reset, refused, timeout) instead of an answer. */
  error?: string;
}

export interface Req {
  method: 'GET' | 'POST';
  path: string;
  token?: string;
  body?: unknown;
}

/** A customer: one agent holding one keep-alive connection. */
export function customerAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: 1, keepAliveMsecs: 30_000 });
}

export function send(base: URL, agent: http.Agent, r: Req, timeoutMs = 30_000): Promise<Answer> {
  const payload = r.body === undefined ? undefined : JSON.stringify(r.body);
  const headers: Record<string, string> = {};
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  if (r.token) headers.authorization = `Bearer ${r.token}`;
  return new Promise((resolve) => {
    const t0 = clock();
    const req = http.request(
      { host: base.hostname, port: base.port, method: r.method, path: r.path, agent, headers, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: clock() - t0 }),
        );
        res.on('error', (err) => resolve({ status: 0, body: '', ms: clock() - t0, error: err.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ status: 0, body: '', ms: clock() - t0, error: err.message }));
    req.end(payload);
  });
}

/** Opens every customer's connection ahead of a burst (GET /health on each). */
export async function connectAll(base: URL, agents: http.Agent[]): Promise<void> {
  const answers = await Promise.all(agents.map((a) => send(base, a, { method: 'GET', path: '/health' })));
  const bad = answers.filter((a) => a.status !== 200);
  if (bad.length > 0) throw new Error(`${bad.length} warm-up requests failed: ${bad[0]?.error ?? bad[0]?.status}`);
}

/** Every customer sends one request at the same moment. */
export function burst(base: URL, agents: http.Agent[], reqs: Req[]): Promise<Answer[]> {
  return Promise.all(reqs.map((r, i) => send(base, agents[i % agents.length] as http.Agent, r)));
}

export interface LoopResult {
  /** Answers per second with the wanted status, over the measured window. */
  perSecond: number;
  ok: number;
  statuses: Record<string, number>;
  errors: number;
  latency: Summary;
  seconds: number;
}

/**
 * A closed loop: `clients` customers, each sending its next request as soon
 * as the previous one is answered. Answers during the warm-up are not counted.
 */
export async function closedLoop(
  base: URL,
  o: {
    clients: number;
    warmupMs: number;
    durationMs: number;
    okStatus: number;
    next: (client: number) => Req | undefined;
  },
): Promise<LoopResult> {
  const agents = Array.from({ length: o.clients }, customerAgent);
  await connectAll(base, agents);
  const t0 = clock();
  const measureFrom = t0 + o.warmupMs;
  const stopAt = measureFrom + o.durationMs;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let errors = 0;
  let lastAnswer = measureFrom;
  const worker = async (i: number) => {
    for (;;) {
      if (clock() >= stopAt) return;
      const r = o.next(i);
      if (!r) return;
      const a = await send(base, agents[i] as http.Agent, r);
      const end = clock();
      if (end - a.ms < measureFrom) continue;
      lastAnswer = Math.max(lastAnswer, end);
      latencies.push(a.ms);
      if (a.error) errors++;
      statuses[a.status] = (statuses[a.status] ?? 0) + 1;
      if (a.status === o.okStatus) ok++;
    }
  };
  await Promise.all(Array.from({ length: o.clients }, (_, i) => worker(i)));
  for (const a of agents) a.destroy();
  const seconds = (lastAnswer - measureFrom) / 1000;
  return { perSecond: ok / seconds, ok, statuses, errors, latency: summarize(latencies), seconds };
}
