// <busmeter-balance>: L/R balance as a centre-zero bar, and the mid and side levels, with the
// mono-compatibility loss as a number.

import { html } from 'lit';
import type { StereoReadings } from '../../engine/analysis-readings.js';
import type { Meter } from '../../live/meter-types.js';
import { AnalysisView } from '../base/analysis-base.js';
import { HBar, type HBarStyle } from '../../paint/hbar.js';
import type { LiveCanvas } from '../../paint/live-canvas.js';
import { AriaThrottle } from '../base/aria.js';
import { FLOOR_DB } from '../../contract/readings-layout.js';
import { formatSigned } from '../../rules/format.js';
import { themeStyles, type ThemeColors } from '../base/theme.js';
import { styles } from './styles.js';
import { CanvasReadout, readoutContent } from '../base/canvas-readout.js';

/** Mid and side bars span −60 … 0 dB (re a full-scale sine). */
export const MS_MIN_DB = -60;

/** Where a mid or side level sits on its bar, 0 … 1. */
function levelFraction(db: number): number {
  return db > MS_MIN_DB ? (Math.min(0, db) - MS_MIN_DB) / -MS_MIN_DB : 0;
}

interface BalanceStyles {
  theme: ThemeColors;
  balance: HBarStyle;
  balanceIdle: HBarStyle;
  mid: HBarStyle;
  side: HBarStyle;
}

/** "C", "L 1.5", "R 3.0" (dB towards that side). */
export function formatBalance(db: number): string {
  const fixed = Math.abs(db).toFixed(1);
  if (Number(fixed) === 0) return 'C';
  return `${db < 0 ? 'L' : 'R'} ${fixed}`;
}

/**
 * Stereo balance: 10·log10(R power / L power) in dB on a centre-zero bar (left leans left, ±
 * `range-db`, default 12), and the levels of the mid (L+R)/2 and side (L−R)/2 signals on
 * −60 … 0 dB bars, plus the mono-compatibility loss in LU (stereo minus mono fold-down loudness).
 *
 * @csspart balance - The balance bar (role="meter", data-value in dB).
 * @csspart mid - The mid level bar (role="meter").
 * @csspart side - The side level bar (role="meter").
 * @csspart balance-value - Balance text ("C", "L 1.5", "R 3.0"; data-value in dB).
 * @csspart mid-value - Mid level text (data-value).
 * @csspart side-value - Side level text (data-value).
 * @csspart mono-loss - Mono-compatibility loss text, LU (data-value).
 * The four texts are drawn on canvases (canvas-readout.ts); data-text holds what each shows.
 *
 * @cssproperty --busmeter-neutral - Balance and mid bars.
 * @cssproperty --busmeter-accent - Side bar.
 * @cssproperty --busmeter-surface - Troughs.
 */
export class BusmeterBalance extends AnalysisView {
  /** The tag the element is registered under (src/components/elements.ts). */
  static readonly tag = 'busmeter-balance';

  static override properties = {
    ...AnalysisView.properties,
    rangeDb: { type: Number, attribute: 'range-db' },
  };

  static override styles = [themeStyles, styles];

  /** Balance bar half-range, dB (default 12). */
  declare rangeDb: number;

  private stereo: StereoReadings | null = null;
  private bars: { balance: HBar; mid: HBar; side: HBar } | null = null;
  /** The bars' styles for the theme they were made from. */
  private styles: BalanceStyles | null = null;
  private texts: Record<'balance' | 'mid' | 'side' | 'monoLoss', CanvasReadout> | null = null;
  private balanceAria = new AriaThrottle();
  private midAria = new AriaThrottle();
  private sideAria = new AriaThrottle();
  private textAt = -Infinity;
  private shown = { balanceDb: NaN, midDb: NaN, sideDb: NaN };

  constructor() {
    super();
    this.rangeDb = 12;
  }

  /** What the bars show (NaN before any reading). */
  get displayed(): { balanceDb: number; midDb: number; sideDb: number } {
    return { ...this.shown };
  }

  protected override listen(meter: Meter, signal: AbortSignal): void {
    meter.addEventListener('stereo', () => {
      this.stereo = meter.stereo;
      this.dirty = true;
    }, { signal });
  }

  protected override onMeterReset(): void {
    this.stereo = null;
    this.shown.balanceDb = NaN;
    this.shown.midDb = NaN;
    this.shown.sideDb = NaN;
    for (const a of [this.balanceAria, this.midAria, this.sideAria]) a.invalidate();
    this.textAt = -Infinity;
  }

  protected override canvases(): LiveCanvas[] {
    return this.bars ? [this.bars.balance.live, this.bars.mid.live, this.bars.side.live] : [];
  }

  protected override firstUpdated(): void {
    const root = this.renderRoot;
    const [balance, mid, side] = [...root.querySelectorAll<HTMLCanvasElement>('.bar > canvas')];
    this.bars = { balance: new HBar(balance), mid: new HBar(mid), side: new HBar(side) };
    const text = (part: string) => new CanvasReadout(root.querySelector<HTMLElement>(`[part~="${part}"]`)!);
    this.texts = { balance: text('balance-value'), mid: text('mid-value'), side: text('side-value'), monoLoss: text('mono-loss') };
    this.balanceAria.el = root.querySelector<HTMLElement>('[part~="balance"]');
    this.midAria.el = root.querySelector<HTMLElement>('[part~="mid"]');
    this.sideAria.el = root.querySelector<HTMLElement>('[part~="side"]');
  }

  private stylesFor(theme: ThemeColors): BalanceStyles {
    if (this.styles?.theme !== theme) {
      const common = { trough: theme.surface, tick: theme.border };
      const centre = [0.25, 0.5, 0.75];
      const half = [0.5];
      this.styles = {
        theme,
        balance: { ...common, fill: theme.neutral, marker: theme.fg, ticks: centre },
        balanceIdle: { ...common, fill: theme.neutral, marker: theme.muted, ticks: centre },
        mid: { ...common, fill: theme.neutral, marker: theme.neutral, ticks: half },
        side: { ...common, fill: theme.accent, marker: theme.accent, ticks: half },
      };
    }
    return this.styles;
  }

  protected override frame(t: number, theme: ThemeColors, resized: boolean): void {
    const bars = this.bars;
    if (!bars) return;
    const s = this.stereo?.enabled ? this.stereo : null;
    const range = this.rangeDb > 0 ? this.rangeDb : 12;
    const balance = s ? s.balanceDb : 0;
    const mid = s ? s.midDb : FLOOR_DB;
    const side = s ? s.sideDb : FLOOR_DB;
    if (resized) {
      bars.balance.invalidate();
      bars.mid.invalidate();
      bars.side.invalidate();
      for (const readout of Object.values(this.texts!)) readout.refit();
    }
    if (this.dirty) {
      this.dirty = false;
      const styles = this.stylesFor(theme);
      bars.balance.draw((Math.max(-range, Math.min(range, balance)) + range) / (2 * range), 0.5, NaN, s ? styles.balance : styles.balanceIdle);
      bars.mid.draw(levelFraction(mid), 0, NaN, styles.mid);
      bars.side.draw(levelFraction(side), 0, NaN, styles.side);
      if (s) {
        this.shown.balanceDb = balance;
        this.shown.midDb = mid;
        this.shown.sideDb = side;
      }
    }
    if (!s) return;
    if (t - this.textAt >= 100) {
      this.textAt = t;
      const texts = this.texts!;
      texts.balance.set(formatBalance(balance), balance, undefined, theme, t);
      texts.mid.set(formatSigned(mid), mid, undefined, theme, t);
      texts.side.set(formatSigned(side), side, undefined, theme, t);
      const loss = s.monoLossLu >= 200 ? '\u221e' : s.monoLossLu.toFixed(1);
      texts.monoLoss.set(loss, s.monoLossLu, undefined, theme, t);
    }
    if (this.balanceAria.due(t)) this.balanceAria.offer(t, balance, -range, range, `${formatBalance(balance)} dB`);
    if (this.midAria.due(t)) this.midAria.offer(t, mid > MS_MIN_DB ? mid : MS_MIN_DB, MS_MIN_DB, 0, `${formatSigned(mid)} dB`);
    if (this.sideAria.due(t)) this.sideAria.offer(t, side > MS_MIN_DB ? side : MS_MIN_DB, MS_MIN_DB, 0, `${formatSigned(side)} dB`);
  }

  protected override render() {
    const r = this.rangeDb > 0 ? this.rangeDb : 12;
    return html`
      <div class="grid">
        <span class="name">Bal</span>
        <div class="bar canvas-box" part="balance" role="meter" aria-label="Stereo balance, dB (positive leans right)"
          aria-valuemin=${-r} aria-valuemax=${r} aria-valuenow="0" aria-valuetext="no signal"><canvas aria-hidden="true"></canvas></div>
        <span class="num canvas-readout" part="balance-value" data-value="" data-text="\u2014">${readoutContent('L 88.8')}</span>
        <span class="name">Mid</span>
        <div class="bar canvas-box" part="mid" role="meter" aria-label="Mid level (L+R)/2, dB"
          aria-valuemin=${MS_MIN_DB} aria-valuemax="0" aria-valuenow=${MS_MIN_DB} aria-valuetext="no signal"><canvas aria-hidden="true"></canvas></div>
        <span class="num canvas-readout" part="mid-value" data-value="" data-text="\u2014">${readoutContent('\u221288.8')}</span>
        <span class="name">Side</span>
        <div class="bar canvas-box" part="side" role="meter" aria-label="Side level (L\u2212R)/2, dB"
          aria-valuemin=${MS_MIN_DB} aria-valuemax="0" aria-valuenow=${MS_MIN_DB} aria-valuetext="no signal"><canvas aria-hidden="true"></canvas></div>
        <span class="num canvas-readout" part="side-value" data-value="" data-text="\u2014">${readoutContent('\u221288.8')}</span>
      </div>
      <div class="foot">Mono loss <span class="num canvas-readout" part="mono-loss" data-value="" data-text="\u2014">${readoutContent('88.8')}</span> LU</div>
    `;
  }
}
