// <busmeter-loudness-history>: short-term and momentary loudness over the last N minutes of
// audio, lines over a grid (two canvases: the lines live, the grid given pictures), scrolling by audio time.

import { html, LitElement, type PropertyValues } from 'lit';
import type { Meter } from '../../live/meter-types.js';
import { FLOOR_DB } from '../../contract/readings-layout.js';
import { LOUDNESS_SCALES, resolveScale, resolveTarget, type LoudnessScale, type TargetSpec } from '../../rules/targets.js';
import { formatSigned } from '../../rules/format.js';
import { keepTheme, readTheme, themeStyles, type ThemeColors } from '../base/theme.js';
import { styles } from './styles.js';
import { ResizeFlag } from '../../paint/resize-flag.js';
import { MeterLink } from '../base/meter-link.js';
import { BitmapLayer } from '../../paint/bitmap-layer.js';
import { strokeHairlines } from '../../paint/hairlines.js';
import { liveCanvas, type LiveCanvas, type Paint2D, type PaintPath } from '../../paint/live-canvas.js';

/** One history point per 100 ms of audio. */
const STEP_S = 0.1;

/** Where the plot lies on the canvases (canvas pixels), and its scales. */
interface HistoryPlot {
  left: number;
  width: number;
  height: number;
  target: number;
  min: number;
  max: number;
  step: number;
  windowS: number;
}

/**
 * Loudness history: short-term loudness (thick line) and momentary loudness (thin, the highest
 * value in each 100 ms) over the last `minutes` of measured audio, with the target line and a
 * grid on the same EBU scale as the loudness meter. The x axis is audio time (frames measured /
 * sample rate), so the plot scrolls at the audio's pace whatever the frame rate, and stands still
 * while the meter is paused. Reset clears it.
 *
 * @csspart canvas - The lines (role="img" with a text summary in aria-label).
 * @csspart grid - The grid, its labels and the target line, under the lines.
 *
 * @cssproperty --busmeter-bg - Background.
 * @cssproperty --busmeter-muted - Grid labels.
 * @cssproperty --busmeter-border - Grid lines.
 * @cssproperty --busmeter-accent - Target line.
 * @cssproperty --busmeter-short-term - Short-term line.
 * @cssproperty --busmeter-momentary - Momentary line.
 * @cssproperty --busmeter-font - Font family.
 * @cssproperty --busmeter-history-height - Plot height (default 160px).
 */
export class BusmeterLoudnessHistory extends LitElement {
  /** The tag the element is registered under (src/components/elements.ts). */
  static readonly tag = 'busmeter-loudness-history';

  static override properties = {
    meter: { attribute: false },
    minutes: { type: Number },
    target: {
      converter: { fromAttribute: (v: string | null) => (v !== null && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v) },
    },
    scale: {},
    unit: {},
  };

  static override styles = [themeStyles, styles];

  /** The Meter to follow. */
  declare meter: Meter | null;
  /** Minutes of audio shown (default 3). */
  declare minutes: number;
  /** Target (see busmeter-loudness-meter); draws the target line. */
  declare target: TargetSpec;
  /** 'ebu9' or 'ebu18': the vertical range around the target. */
  declare scale: LoudnessScale;
  /** 'lufs' or 'lu': labels of the grid. */
  declare unit: 'lufs' | 'lu';

  // Ring of points: audio time (s), max momentary in the step, short-term at the step's end.
  private times = new Float64Array(0);
  private mom = new Float32Array(0);
  private short = new Float32Array(0);
  private head = 0;
  private count = 0;
  private nextAt = 0;
  private momAcc = FLOOR_DB;
  private dirty = true;
  /** The grid must be drawn again (resize, settings, theme). */
  private gridDirty = true;
  private theme: ThemeColors | null = null;
  private themeReadAt = -Infinity;
  /** The lines: redrawn at each new point (10 a second), on a live canvas (drawn in the paint worker where the browser can). */
  private lines: LiveCanvas | null = null;
  private grid: BitmapLayer | null = null;
  private readonly link = new MeterLink(this, {
    events: { readings: () => this.ingest(), reset: () => this.clear() },
    frame: (t) => this.frame(t),
  });
  private readonly geometry = new ResizeFlag(this);
  private labelAt = -Infinity;

  constructor() {
    super();
    this.meter = null;
    this.minutes = 3;
    this.target = 'ebu-r128';
    this.scale = 'ebu9';
    this.unit = 'lufs';
  }

  /** Forgets the history. */
  clear(): void {
    this.head = 0;
    this.count = 0;
    this.nextAt = 0;
    this.momAcc = FLOOR_DB;
    this.dirty = true;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('minutes')) this.allocate();
  }

  protected override firstUpdated(): void {
    const lines = this.renderRoot.querySelector<HTMLCanvasElement>('canvas[part~="canvas"]');
    this.lines = lines ? liveCanvas(lines) : null;
    const grid = this.renderRoot.querySelector<HTMLCanvasElement>('canvas[part~="grid"]');
    this.grid = grid ? new BitmapLayer(grid) : null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('meter')) {
      this.clear();
      this.link.relink();
    }
    this.dirty = true;
    this.gridDirty = true;
    this.geometry.dirty = true;
  }

  private allocate(): void {
    const minutes = this.minutes > 0 ? Math.min(this.minutes, 240) : 3;
    const capacity = Math.ceil((minutes * 60) / STEP_S) + 8;
    if (capacity === this.times.length) return;
    const times = new Float64Array(capacity);
    const mom = new Float32Array(capacity);
    const short = new Float32Array(capacity);
    // Keep the newest points that fit.
    const keep = Math.min(this.count, capacity);
    for (let i = 0; i < keep; i++) {
      const src = (this.head - keep + i + this.times.length) % this.times.length;
      times[i] = this.times[src];
      mom[i] = this.mom[src];
      short[i] = this.short[src];
    }
    this.times = times;
    this.mom = mom;
    this.short = short;
    this.count = keep;
    this.head = keep % capacity;
  }

  private ingest(): void {
    const r = this.meter?.readings;
    if (!r || !(r.sampleRate > 0) || !this.times.length) return;
    const now = r.frames / r.sampleRate;
    if (this.count > 0 && now < this.times[(this.head - 1 + this.times.length) % this.times.length]) this.clear();
    if (r.momentaryMaxSinceReadLufs > this.momAcc) this.momAcc = r.momentaryMaxSinceReadLufs;
    if (now + 1e-9 < this.nextAt) return;
    this.times[this.head] = now;
    this.mom[this.head] = this.momAcc;
    this.short[this.head] = r.shortTermLufs;
    this.head = (this.head + 1) % this.times.length;
    if (this.count < this.times.length) this.count++;
    this.momAcc = FLOOR_DB;
    this.nextAt = Math.max(this.nextAt + STEP_S, now);
    this.dirty = true;
  }

  private frame(t: number): void {
    const lines = this.lines;
    if (!lines) return;
    if (this.geometry.take()) {
      lines.fit();
      this.grid?.fit();
      this.dirty = true;
      this.gridDirty = true;
    }
    if (!this.theme || t - this.themeReadAt > 1000) {
      const theme = keepTheme(this.theme, readTheme(this));
      if (theme !== this.theme) {
        this.dirty = true;
        this.gridDirty = true;
      }
      this.theme = theme;
      this.themeReadAt = t;
    }
    if (!this.gridDirty && !this.dirty) return;
    const theme = this.theme;
    const plot = this.plot(lines);
    if (this.gridDirty) {
      this.gridDirty = false;
      this.grid?.paint((gg, w, h) => this.drawGrid(gg, w, h, plot, theme));
    }
    if (!this.dirty) return;
    this.dirty = false;
    const g = lines.context;
    if (g) {
      g.clearRect(0, 0, lines.width, lines.height);
      this.drawLines(g, lines, plot, theme);
    }
    this.label(plot, t);
  }

  private plot(cv: { width: number; height: number }): HistoryPlot {
    const dpr = globalThis.devicePixelRatio || 1;
    const left = Math.round(34 * dpr);
    const range = LOUDNESS_SCALES[resolveScale(this.scale)];
    return {
      left, width: cv.width - left, height: cv.height - Math.round(14 * dpr),
      target: resolveTarget(this.target).lufs, min: range.min, max: range.max, step: range.step,
      windowS: (this.minutes > 0 ? this.minutes : 3) * 60,
    };
  }

  /** The row of a loudness on the plot (clamped to the scale). */
  private yOf(lufs: number, plot: HistoryPlot): number {
    const rel = Math.min(plot.max, Math.max(plot.min, lufs - plot.target));
    return plot.height - ((rel - plot.min) / (plot.max - plot.min)) * plot.height;
  }

  private drawGrid(g: OffscreenCanvasRenderingContext2D, w: number, h: number, plot: HistoryPlot, theme: ThemeColors): void {
    const dpr = globalThis.devicePixelRatio || 1;
    const { left, width: plotW, height: plotH, target, windowS } = plot;
    g.font = `${Math.round(10 * dpr)}px ${theme.font}`;
    g.textBaseline = 'middle';
    g.textAlign = 'right';
    // Horizontal grid.
    const rel = this.unit === 'lu';
    // Grid every `step` LU, doubled while the labels would crowd (less than 20 px apart).
    let step = plot.step;
    while ((plotH / (plot.max - plot.min)) * step < 20 * dpr && step < plot.max - plot.min) step *= 2;
    // From the target line outwards, so 0 LU always has a grid line.
    for (let k = Math.ceil(plot.min / step); k <= Math.floor(plot.max / step); k++) {
      const lu = k * step;
      const yy = Math.round(this.yOf(target + lu, plot));
      g.fillStyle = theme.border;
      g.fillRect(left, yy, plotW, Math.max(1, Math.round(dpr)));
      g.fillStyle = theme.muted;
      g.fillText(rel ? formatSigned(lu, 0, true) : formatSigned(target + lu, 0), left - 4 * dpr, Math.min(plotH - 5 * dpr, Math.max(6 * dpr, yy)));
    }
    // Vertical grid every 30 s (every minute beyond 5 minutes), labelled as time ago.
    const every = windowS > 300 ? 60 : 30;
    g.textAlign = 'center';
    g.textBaseline = 'alphabetic';
    for (let ago = 0; ago <= windowS; ago += every) {
      const xx = Math.round(left + plotW - (ago / windowS) * plotW);
      g.fillStyle = theme.border;
      g.fillRect(xx - (ago === 0 ? Math.round(dpr) : 0), 0, Math.max(1, Math.round(dpr)), plotH);
      g.fillStyle = theme.muted;
      const m = Math.floor(ago / 60);
      const s = ago % 60;
      const label = ago === 0 ? 'now' : `\u2212${m}:${String(s).padStart(2, '0')}`;
      g.fillText(label, Math.min(w - 12 * dpr, Math.max(left + 12 * dpr, xx)), h - 2 * dpr);
    }
    // Target line.
    g.fillStyle = theme.accent;
    g.fillRect(left, Math.round(this.yOf(target, plot)) - Math.round(dpr), plotW, Math.max(2, Math.round(2 * dpr)));
  }

  private drawLines(g: Paint2D, live: LiveCanvas, plot: HistoryPlot, theme: ThemeColors): void {
    const dpr = globalThis.devicePixelRatio || 1;
    // Lines: momentary (thin) then short-term (thick), only inside the plot.
    g.save();
    g.beginPath();
    g.rect(plot.left, 0, plot.width, plot.height);
    g.clip();
    this.line(g, live.path(), this.mom, plot, theme.momentary, Math.max(1, dpr));
    this.line(g, live.path(), this.short, plot, theme.shortTerm, Math.max(2, 2 * dpr));
    g.restore();
  }

  /** A text summary for assistive technology, at most once a second. */
  private label(plot: HistoryPlot, t: number): void {
    if (t - this.labelAt > 1000) {
      this.labelAt = t;
      const s = this.count > 0 ? this.short[(this.head - 1 + this.times.length) % this.times.length] : FLOOR_DB;
      this.lines!.canvas.setAttribute(
        'aria-label',
        `Loudness history, last ${this.minutes} minutes; short-term now ${formatSigned(s)} LUFS; target ${formatSigned(plot.target)} LUFS`,
      );
    }
  }

  /** Strokes one line, oldest point first: the pen lifts at a gap in audio time (over 1 s) and at a point without a value. */
  private line(g: Paint2D, path: PaintPath, values: Float32Array, plot: HistoryPlot, color: string, width: number): void {
    const cap = this.times.length;
    const newest = this.count > 0 ? this.times[(this.head - 1 + cap) % cap] : 0;
    const from = newest - plot.windowS;
    let pen = false;
    let prevT = -Infinity;
    for (let i = 0; i < this.count; i++) {
      const k = (this.head - this.count + i + cap) % cap;
      const time = this.times[k];
      if (time < from - STEP_S) continue;
      const v = values[k];
      if (!(v > FLOOR_DB) || time - prevT > 1) pen = false;
      prevT = time;
      if (!(v > FLOOR_DB)) continue;
      const x = plot.left + plot.width - ((newest - time) / plot.windowS) * plot.width;
      const y = Math.min(plot.height, this.yOf(v, plot));
      if (pen) path.lineTo(x, y);
      else path.moveTo(x, y);
      pen = true;
    }
    strokeHairlines(g, path, width, color);
  }

  protected override render() {
    return html`
      <div class="title"><span>Loudness history</span><span class="key-s">short-term</span><span class="key-m">momentary</span></div>
      <div class="plot canvas-box">
        <canvas part="canvas" role="img" aria-label="Loudness history"></canvas>
        <canvas part="grid" aria-hidden="true"></canvas>
      </div>
    `;
  }
}
