/** The table: every figure beside the baseline measured in the same run. */
import { round } from './stats.ts';

export interface Row {
  scenario: string;
  figure: string;
  value: number;
  unit: string;
  baseline?: { what: string; value: number; unit: string } | undefined;
  /** value / baseline, in the direction stated by `ratioMeaning`. */
  ratio?: number | undefined;
  target?: string | undefined;
  /** undefined: no target for this figure. */
  met?: boolean | undefined;
  note?: string | undefined;
}

export function ratio(value: number, baseline: number): number | undefined {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return undefined;
  return round(value / baseline, 2);
}

const fmt = (v: number | undefined, unit = '') =>
  v === undefined || Number.isNaN(v)
    ? '–'
    : `${Number.isFinite(v) ? (Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en') : String(round(v, 2))) : '∞'}${unit ? ` ${unit}` : ''}`;

const verdict = (r: Row) => (r.met === undefined ? '' : r.met ? 'met' : 'MISSED');

function cells(r: Row): string[] {
  return [
    r.scenario,
    r.figure,
    fmt(r.value, r.unit),
    r.baseline ? `${r.baseline.what}: ${fmt(r.baseline.value, r.baseline.unit)}` : '',
    r.ratio === undefined ? '' : `${r.ratio}×`,
    r.target ?? '',
    verdict(r),
  ];
}

const HEAD = ['scenario', 'figure', 'value', 'baseline (same run)', 'ratio', 'target', ''];

export function textTable(rows: Row[]): string {
  const all = [HEAD, ...rows.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => line(cells(r)))].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const esc = (c: string) => c.replaceAll('|', '\\|');
  return [
    `| ${HEAD.join(' | ')} |`,
    `| ${HEAD.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${cells(r).map(esc).join(' | ')} |`),
  ].join('\n');
}
