/**
 * Runs Lighthouse 12 (its default: a mobile phone on a throttled network,
 * simulated) against a page in Debian's Chromium and keeps what the tests
 * assert: the score of each category and the audits that lost points.
 *
 * CPU slowdown is calibrated as Lighthouse's throttling guide describes: its
 * default 4x turns a desktop with a benchmark index of about 1500 into a
 * mid-tier phone; a machine that benchmarks lower at the moment (a shared CI
 * box under load) gets a proportionally smaller multiplier, so every run
 * models the same phone. A machine at 1500 or more runs Lighthouse's default.
 * The machine is benchmarked before the run, and Lighthouse benchmarks it
 * again as it starts; when the load changed so much in between that the run
 * modelled a much slower phone, it is run once more with the new figure.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { throttling } from 'lighthouse/core/config/constants.js';
import { pageFunctions } from 'lighthouse/core/lib/page-functions.js';
import { type Browser, chromium } from 'playwright-core';
import { shotsDir } from './harness';

/** The benchmark index Lighthouse's default 4x slowdown is meant for (its guide: a high-end desktop). */
const REFERENCE_BENCHMARK = 1500;
const DEFAULT_SLOWDOWN = 4;

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface LighthouseRun {
  scores: Record<Category, number>;
  /** Audits below a full score that count towards a category, e.g. "performance: total-blocking-time 0.93 (180 ms)". */
  lost: string[];
  /** Lighthouse's own benchmark of this machine, taken at the start of its run. */
  benchmarkIndex: number;
  /** The CPU slowdown the run simulated. */
  cpuSlowdown: number;
  /** Cumulative layout shift: the one performance figure the machine's load does not change. */
  layoutShift: number;
  /**
   * Scores (0–1) of the loading metrics, which follow from bytes and request
   * chains (first contentful paint, largest contentful paint, speed index),
   * and total blocking time in ms, which follows from the CPU and so from the
   * machine's load.
   */
  loading: { fcp: number; lcp: number; si: number };
  blockingMs: number;
}

/** Lighthouse's CPU benchmark, run in the browser just before the audit. */
async function benchmark(browser: Browser): Promise<number> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(pageFunctions.computeBenchmarkIndex);
  } finally {
    await page.close();
  }
}

/** The multiplier that models the same phone from this machine: 4x at 1500 and above, less below, never under 1. */
export function calibratedSlowdown(benchmarkIndex: number): number {
  const m = (DEFAULT_SLOWDOWN * benchmarkIndex) / REFERENCE_BENCHMARK;
  return Math.round(Math.min(DEFAULT_SLOWDOWN, Math.max(1, m)) * 100) / 100;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** One Lighthouse run in a fresh browser, calibrated; the full report goes next to the screenshots. */
export async function runLighthouse(url: string, name: string): Promise<LighthouseRun> {
  const port = await freePort();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', `--remote-debugging-port=${port}`],
  });
  try {
    let cpuSlowdown = calibratedSlowdown(await benchmark(browser));
    let run = await auditOnce(url, port, cpuSlowdown);
    const seen = calibratedSlowdown(Math.min(run.benchmarkIndex, await benchmark(browser)));
    if (seen < cpuSlowdown * 0.9) {
      cpuSlowdown = seen;
      run = await auditOnce(url, port, cpuSlowdown);
    }
    writeFileSync(join(shotsDir, `lighthouse-${name}.json`), JSON.stringify(run.lhr));
    const { lhr: _report, ...result } = run;
    return result;
  } finally {
    await browser.close();
  }
}

/**
 * A trace Chromium failed to record (NO_NAVSTART, NO_FCP on a busy machine) says
 * nothing about the page: Lighthouse's advice is to run it again, which we do once.
 */
async function auditOnce(url: string, port: number, cpuSlowdown: number) {
  try {
    return await audit(url, port, cpuSlowdown);
  } catch (err) {
    if (!(err instanceof LighthouseRuntimeError)) throw err;
    return audit(url, port, cpuSlowdown);
  }
}

class LighthouseRuntimeError extends Error {}

async function audit(url: string, port: number, cpuSlowdown: number) {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: [...CATEGORIES],
    // Lighthouse's mobile default (Slow 4G), with the calibrated CPU slowdown.
    throttling: { ...throttling.mobileSlow4G, cpuSlowdownMultiplier: cpuSlowdown },
  });
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) {
    throw new LighthouseRuntimeError(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  }
  const scores = {} as Record<Category, number>;
  const lost: string[] = [];
  for (const id of CATEGORIES) {
    const category = lhr.categories[id];
    scores[id] = Math.round((category?.score ?? 0) * 100);
    for (const ref of category?.auditRefs ?? []) {
      const a = lhr.audits[ref.id];
      if (ref.weight > 0 && a && a.score !== null && a.score < 1) {
        lost.push(`${id}: ${ref.id} ${a.score}${a.displayValue ? ` (${a.displayValue})` : ''}`);
      }
    }
  }
  const audit = (id: string) => lhr.audits[id];
  const loading = {
    fcp: audit('first-contentful-paint')?.score ?? 0,
    lcp: audit('largest-contentful-paint')?.score ?? 0,
    si: audit('speed-index')?.score ?? 0,
  };
  return {
    scores,
    lost,
    benchmarkIndex: lhr.environment.benchmarkIndex,
    cpuSlowdown,
    layoutShift: audit('cumulative-layout-shift')?.numericValue ?? Number.NaN,
    loading,
    blockingMs: audit('total-blocking-time')?.numericValue ?? Number.NaN,
    lhr,
  };
}

/** The median of each category over several runs (Lighthouse's own advice for noisy machines). */
export function medianScores(runs: LighthouseRun[]): Record<Category, number> {
  const out = {} as Record<Category, number>;
  for (const id of CATEGORIES) {
    const sorted = runs.map((r) => r.scores[id]).sort((a, b) => a - b);
    out[id] = sorted[Math.floor(sorted.length / 2)] as number;
  }
  return out;
}
