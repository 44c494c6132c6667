/**
 * Lighthouse 12 on a phone (its default mobile setup) for the pages people
 * land on: the search page, a salon and the kiosk, every category at 100.
 * `pnpm test` runs each page once; `pnpm lighthouse` runs each three times
 * and takes the median, as Lighthouse advises for a machine under load.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSalon, ensureClientBuilt, type Running, shotsDir, startServer } from './browser/harness';
import { CATEGORIES, type LighthouseRun, medianScores, runLighthouse } from './browser/lighthouse';

const RUNS = Number(process.env.GLAMIFY_LIGHTHOUSE_RUNS ?? '1');

let server: Running;

beforeAll(async () => {
  mkdirSync(shotsDir, { recursive: true });
  await ensureClientBuilt();
  server = await startServer();
}, 240_000);

afterAll(async () => {
  await server?.close();
});

async function pageScores(path: string, name: string) {
  const runs: LighthouseRun[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await runLighthouse(`${server.url}${path}`, `${name}-${i + 1}`));
  const median = medianScores(runs);
  console.info(
    `lighthouse ${path}: ${JSON.stringify(median)} over ${RUNS} run(s); benchmarkIndex ${runs.map((r) => r.benchmarkIndex).join(', ')}`,
  );
  for (const r of runs) if (r.lost.length) console.info(`  lost: ${r.lost.join('; ')}`);
  return median;
}

describe('Lighthouse (mobile)', () => {
  it.each([
    ['search', () => '/'],
    ['salon', async () => `/salons/${(await demoSalon(server.url, 'Brooklyn Blowout Bar')).id}`],
    ['kiosk', async () => `/kiosk/${(await demoSalon(server.url, 'Studio Schnitt')).id}`],
  ])(
    'scores 100 in every category on the %s page',
    async (name, path) => {
      const scores = await pageScores(await path(), name);
      for (const id of CATEGORIES) expect(scores[id], id).toBe(100);
    },
    RUNS * 90_000,
  );
});
