/**
 * Lighthouse 12 on a phone (its default mobile setup) for the pages people
 * land on: the search page, a salon and the kiosk, every category at 100.
 * `pnpm lighthouse` runs each page three times and asserts the median of
 * every category at 100, as Lighthouse advises. `pnpm test` runs each page
 * once: accessibility, best practices and SEO must be 100 (they do not
 * depend on the machine), the page must not shift, and performance must
 * reach a floor of 80. One run on a shared machine swings by many points (we
 * saw 76 to 100 for one build with the load average at 10 on two cores), so
 * the floor only catches regressions of the kind this page had before it was
 * split by route (71 on the salon page on a quiet machine).
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSalon, ensureClientBuilt, type Running, shotsDir, startServer } from './browser/harness';
import { CATEGORIES, type LighthouseRun, medianScores, runLighthouse } from './browser/lighthouse';

const RUNS = Number(process.env.GLAMIFY_LIGHTHOUSE_RUNS ?? '1');
const PERFORMANCE_FLOOR = RUNS >= 3 ? 100 : 80;

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
    `lighthouse ${path}: ${JSON.stringify(median)} over ${RUNS} run(s); benchmark index ${runs
      .map((r) => `${r.benchmarkIndex} (CPU slowdown ${r.cpuSlowdown}x)`)
      .join(', ')}`,
  );
  for (const r of runs) if (r.lost.length) console.info(`  lost: ${r.lost.join('; ')}`);
  return { median, layoutShift: Math.max(...runs.map((r) => r.layoutShift)) };
}

describe('Lighthouse (mobile)', () => {
  it.each([
    ['search', () => '/'],
    ['salon', async () => `/salons/${(await demoSalon(server.url, 'Brooklyn Blowout Bar')).id}`],
    ['kiosk', async () => `/kiosk/${(await demoSalon(server.url, 'Studio Schnitt')).id}`],
  ])(
    'scores 100 in every category on the %s page',
    async (name, path) => {
      const { median: scores, layoutShift } = await pageScores(await path(), name);
      expect(layoutShift, 'cumulative layout shift').toBeLessThanOrEqual(0.01);
      for (const id of CATEGORIES) {
        if (id === 'performance') expect(scores[id], id).toBeGreaterThanOrEqual(PERFORMANCE_FLOOR);
        else expect(scores[id], id).toBe(100);
      }
    },
    RUNS * 150_000,
  );
});
