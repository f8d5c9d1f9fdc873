// The report's time series as CSV: one row per 100 ms step, for a spreadsheet or a plotting tool.
// Empty cells are "no value" (silence, or correlation of a mono file).

import type { BounceReport } from './model.js';

const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

export function formatReportCsv(report: BounceReport): string {
  const { timeSeconds, momentaryLufs, shortTermLufs, correlation } = report.series;
  const rows = ['time_s,momentary_lufs,short_term_lufs,correlation'];
  for (let i = 0; i < timeSeconds.length; i++) {
    rows.push(`${timeSeconds[i]},${cell(momentaryLufs[i])},${cell(shortTermLufs[i])},${cell(correlation?.[i])}`);
  }
  return `${rows.join('\n')}\n`;
}
