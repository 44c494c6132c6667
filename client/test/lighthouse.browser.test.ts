/**
 * Lighthouse 12 on a phone (its default mobile setup) for the pages people
 * land on: the search page, a salon and the kiosk, every category at 100.
 * `pnpm lighthouse` runs each page three times and asserts the median of
 * every category at 100, as Lighthouse advises. `pnpm test` runs each page
 * once and asserts what one run can tell on a shared machine: accessibility,
 * best practices and SEO at 100, no layout shift, and the loading metrics
 * (first and largest contentful paint, speed index: they follow from bytes
 * and request chains) at 0.95 or better; before the split by route the
 * search page's first paint scored 0.90 and a salon page's 0.89. Total
 * blocking time follows the machine's load (the kiosk: 80 ms to 1.1 s within
 * half an hour, load average 10 on two cores), so one run only bounds it against
 * a page that blocks for seconds; the median of three judges it. A single run
 * whose loading metrics fall short is run once more before it is judged: the
 * box's speed can change within a run (a salon page's first paint scored 0.94
 * once beside the other suites, 0.99 alone), and a real regression of bytes or
 * request chains fails the second run too.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSalon, ensureClientBuilt, type Running, shotsDir, startServer } from './browser/harness';
import { CATEGORIES, type LighthouseRun, medianScores, runLighthouse } from './browser/lighthouse';

const RUNS = Number(process.env.GLAMIFY_LIGHTHOUSE_RUNS ?? '1');
const MEDIAN = RUNS >= 3;

let server: Running;

beforeAll(async () => {
  mkdirSync(shotsDir, { recursive: true });
  await ensureClientBuilt();
  server = await startServer();
}, 240_000);

afterAll(async () => {
  await server?.close();
});

/** The single run's loading metrics fall short: on a box busy with other suites, or a real regression. */
const shortOfLoading = (run: LighthouseRun) => Object.values(run.loading).some((score) => score < 0.95);

async function pageScores(path: string, name: string) {
  const runs: LighthouseRun[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await runLighthouse(`${server.url}${path}`, `${name}-${i + 1}`));
  // One run beside the rest of the suite can model a slower phone than meant (the box's speed changes
  // within the run). A regression of bytes or request chains shows in a second run too: run once more.
  const [first] = runs as [LighthouseRun];
  if (!MEDIAN && shortOfLoading(first)) {
    console.info(`lighthouse ${path}: loading short in the first run (${JSON.stringify(first.loading)}); once more`);
    runs[0] = await runLighthouse(`${server.url}${path}`, `${name}-again`);
  }
  const median = medianScores(runs);
  console.info(
    `lighthouse ${path}: ${JSON.stringify(median)} over ${RUNS} run(s); benchmark index ${runs
      .map((r) => `${r.benchmarkIndex} (CPU slowdown ${r.cpuSlowdown}x)`)
      .join(', ')}`,
  );
  for (const r of runs) if (r.lost.length) console.info(`  lost: ${r.lost.join('; ')}`);
  return { median, runs };
}

describe('Lighthouse (mobile)', () => {
  it.each([
    ['search', () => '/'],
    ['salon', async () => `/salons/${(await demoSalon(server.url, 'Brooklyn Blowout Bar')).id}`],
    ['kiosk', async () => `/kiosk/${(await demoSalon(server.url, 'Studio Schnitt')).id}`],
  ])(
    'the %s page: accessibility, best practices, SEO at 100; performance at 100 by the median of three',
    async (name, path) => {
      const { median, runs } = await pageScores(await path(), name);
      for (const r of runs) expect(r.layoutShift, 'cumulative layout shift').toBeLessThanOrEqual(0.01);
      for (const id of CATEGORIES) {
        if (id !== 'performance' || MEDIAN) expect(median[id], id).toBe(100);
      }
      if (!MEDIAN) {
        const [run] = runs as [LighthouseRun];
        for (const [metric, score] of Object.entries(run.loading)) expect(score, metric).toBeGreaterThanOrEqual(0.95);
        expect(run.blockingMs, 'total blocking time').toBeLessThan(3000);
      }
    },
    RUNS * 150_000,
  );
});
