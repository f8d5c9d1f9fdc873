// "Since the last bounce" in the app: when the bounce report of a newly opened file is done, what
// changed from the previous file's report (loudness, peaks, balance per broad band, width,
// dynamics, the mastering verdict, the coach against the earlier bounce). It is compareReports()
// (src/offline/compare.ts), the module behind `busmeter compare`, on the reports the CLI's model
// made in the page, so the page shows the CLI's comparison of the same two files.

import { compareReports, type BounceComparison, type ChangeRow } from '../offline/compare.js';
import type { BounceReport } from '../offline/report/model.js';
import { download } from './download.js';
import { $, showFindings, showNumber } from './page-parts.js';

/** Correlation (no unit) to two decimals, the rest to one, as `busmeter compare` prints them. */
const show = (v: number | null, unit: string) => showNumber(v, unit, unit === '' ? 2 : 1);
const signed = (v: number | null, unit: string) => (v === null ? '\u2014' : `${v > 0 ? '+' : ''}${show(v, unit)}`);

export class CompareView {
  /** The last finished report and the file (the app's object for an opened file) it measured. */
  private last: { file: object; report: BounceReport } | null = null;
  /** The bounce the current one is compared with: the last report of another file. */
  private earlier: BounceReport | null = null;
  private comparison: BounceComparison | null = null;
  private readonly section = $('compare-section');
  /** Checked: later bounces are all compared with this earlier one (a baseline), not each with the one before. */
  private readonly keep = $<HTMLInputElement>('compare-keep');

  constructor() {
    $('compare-export-json').addEventListener('click', () => this.exportJson());
  }

  /** A report finished. Reporting the same file again compares it with the same earlier bounce. */
  reported(file: object, report: BounceReport): void {
    if (this.last && this.last.file !== file && !(this.keep.checked && this.earlier)) this.earlier = this.last.report;
    this.last = { file, report };
    if (!this.earlier) return;
    this.comparison = compareReports(this.earlier, report);
    this.render(this.comparison);
  }

  private render(c: BounceComparison): void {
    $('compare-before').textContent = c.before;
    $('compare-keep-name').textContent = c.before;
    $('compare-after').textContent = c.after;
    $('compare-summary').replaceChildren(...c.summary.map((s) => Object.assign(document.createElement('li'), { textContent: s })));
    const values = $('compare-values');
    values.replaceChildren();
    for (const r of c.rows) values.append(changeRow(r));
    const mastering = $('compare-mastering');
    mastering.dataset.before = c.mastering.before;
    mastering.dataset.after = c.mastering.after;
    mastering.textContent = `Mastering plugins: ${c.mastering.before} \u2192 ${c.mastering.after}.`;
    showFindings($('compare-coach'), c.findings, 'No finding against the earlier bounce.');
    this.section.hidden = false;
  }

  private exportJson(): void {
    if (!this.comparison) return;
    const base = this.comparison.after.replace(/\.[^.]+$/, '') || 'bounce';
    download(new Blob([`${JSON.stringify(this.comparison, null, 2)}\n`], { type: 'application/json' }), `${base}-comparison.json`);
  }
}

/** One quantity: before → after and the change; balance rows carry only the change against the rest. */
function changeRow(r: ChangeRow): HTMLElement {
  const dt = document.createElement('dt');
  dt.textContent = r.quantity;
  const dd = document.createElement('dd');
  dd.textContent = r.group === 'balance'
    ? `${signed(r.change, r.unit)} against the rest`
    : `${show(r.before, r.unit)} \u2192 ${show(r.after, r.unit)} (${signed(r.change, r.unit)})`;
  dd.dataset.quantity = r.quantity;
  // The model's numbers, for tests and tools ('' where there is none).
  dd.dataset.before = r.before === null ? '' : String(r.before);
  dd.dataset.after = r.after === null ? '' : String(r.after);
  dd.dataset.change = r.change === null ? '' : String(r.change);
  const pair = document.createElement('div');
  pair.append(dt, dd);
  return pair;
}
