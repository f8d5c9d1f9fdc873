// <busmeter-spectrum>: the kernel's spectrum on a log frequency axis with a dB grid, an optional
// max (peak-hold) trace and a hover readout.

import { html, type PropertyValues } from 'lit';
import type { SpectrumReadings } from '../../engine/analysis-readings.js';
import type { Meter } from '../../live/meter-types.js';
import { AnalysisView } from '../base/analysis-base.js';
import { BitmapLayer } from '../../paint/bitmap-layer.js';
import { liveCanvas, type LiveCanvas, type PaintPath } from '../../paint/live-canvas.js';
import { strokeHairlines } from '../../paint/hairlines.js';
import { FLOOR_DB } from '../../contract/readings-layout.js';
import { fire } from '../base/events.js';
import { formatSigned } from '../../rules/format.js';
import { setText } from '../base/text.js';
import { themeStyles, type ThemeColors } from '../base/theme.js';
import { styles } from './styles.js';
import {
  FREQUENCY_GRID_HZ, FREQUENCY_MINOR_HZ, dbGridStep, formatHz, frequencyForX, gridLabel, nearestPoint, xForFrequency, yForDb,
  type PlotAxes,
} from './spectrum-scale.js';

/**
 * Spectrum analyser: the meter's spectrum (every sample, flat-top FFT in the kernel: a sine reads
 * its level, 0 dB = a full-scale sine) from 20 Hz to 20 kHz on a log axis, with a dB grid. The
 * trace is redrawn when a new spectrum arrives (~25 a second), on a canvas over a static grid
 * canvas. `show-peak` adds the kernel's peak-hold trace. Hovering shows the frequency and level
 * under the pointer.
 *
 * `slope` and `smoothing` are settings of the meter's spectrum (meter.configureSpectrum: they
 * change it for every view of that meter); left unset, the meter's own settings stay.
 *
 * @fires busmeter-option-error - The meter refused `slope` or `smoothing`; detail: {message}.
 *
 * @csspart plot - The plot box (holds both canvases).
 * @csspart canvas - The trace canvas (role="img"; aria-label names the loudest frequency and level).
 * @csspart grid - The grid canvas.
 * @csspart readout - The hover readout (frequency, level, max).
 * @csspart title - The title row.
 *
 * @cssproperty --busmeter-spectrum - Level trace and its fill (default --busmeter-neutral).
 * @cssproperty --busmeter-spectrum-peak - Max trace (default --busmeter-warn).
 * @cssproperty --busmeter-border - Grid lines.
 * @cssproperty --busmeter-muted - Grid labels.
 * @cssproperty --busmeter-spectrum-height - Plot height (default 200px).
 */
export class BusmeterSpectrum extends AnalysisView {
  /** The tag the element is registered under (src/components/elements.ts). */
  static readonly tag = 'busmeter-spectrum';

  static override properties = {
    ...AnalysisView.properties,
    minDb: { type: Number, attribute: 'min-db' },
    maxDb: { type: Number, attribute: 'max-db' },
    showPeak: { type: Boolean, attribute: 'show-peak', reflect: true },
    slope: { type: Number },
    smoothing: { type: Number },
  };

  static override styles = [themeStyles, styles];

  /** Bottom of the dB scale (default −90 dB re a full-scale sine). */
  declare minDb: number;
  /** Top of the dB scale (default 0). */
  declare maxDb: number;
  /** Draw the max (peak-hold) trace too. */
  declare showPeak: boolean;
  /** Display slope, dB/octave around 1 kHz (0, 3, 4.5 …), applied by the meter; unset = the meter's. */
  declare slope: number | undefined;
  /** Display smoothing, 1/n octave (0 = none), applied by the meter; unset = the meter's. */
  declare smoothing: number | undefined;

  private spectrum: SpectrumReadings | null = null;
  private hoverX = -1;
  private grid: BitmapLayer | null = null;
  private trace: LiveCanvas | null = null;
  private readoutEl: HTMLElement | null = null;
  private axes: PlotAxes | null = null;
  private labelAt = -Infinity;
  private colors = { line: '#5f8fd6', peak: '#f2a93b' };

  constructor() {
    super();
    this.minDb = -90;
    this.maxDb = 0;
    this.showPeak = false;
    this.slope = undefined;
    this.smoothing = undefined;
  }

  /** What is drawn: the spectrum's points (with the meter's slope) and where its highest point is. */
  get displayed(): {
    pointCount: number; frequencyHz: number[]; levelDb: number[]; peakDb: number[];
    maxLevelDb: number; maxFrequencyHz: number; slopeDbPerOctave: number;
  } {
    const s = this.spectrum;
    const n = s?.enabled ? s.pointCount : 0;
    const top = this.loudest();
    return {
      pointCount: n,
      frequencyHz: s ? Array.from(s.frequencyHz.subarray(0, n)) : [],
      levelDb: s ? Array.from(s.levelDb.subarray(0, n)) : [],
      peakDb: s ? Array.from(s.peakDb.subarray(0, n)) : [],
      maxLevelDb: top < 0 ? FLOOR_DB : s!.levelDb[top],
      maxFrequencyHz: top < 0 ? 0 : s!.frequencyHz[top],
      slopeDbPerOctave: s?.slopeDbPerOctave ?? 0,
    };
  }

  /** Where `hz` at `db` is drawn on the trace canvas, in canvas pixels (for tests and overlays). */
  pixelFor(hz: number, db: number): { x: number; y: number } | null {
    return this.axes ? { x: xForFrequency(this.axes, hz), y: yForDb(this.axes, db) } : null;
  }

  protected override listen(meter: Meter, signal: AbortSignal): void {
    meter.addEventListener('spectrum', () => {
      this.spectrum = meter.spectrum;
      this.dirty = true;
    }, { signal });
    if (meter.spectrum?.enabled) this.spectrum = meter.spectrum;
  }

  protected override onMeterReset(): void {
    this.spectrum = null;
  }

  protected override canvases(): Array<HTMLCanvasElement | LiveCanvas> {
    return this.grid && this.trace ? [this.grid.canvas, this.trace] : [];
  }

  protected override readExtraTheme(style: CSSStyleDeclaration): void {
    this.colors = {
      line: style.getPropertyValue('--_spectrum').trim() || '#5f8fd6',
      peak: style.getPropertyValue('--_spectrum-peak').trim() || '#f2a93b',
    };
  }

  protected override firstUpdated(): void {
    const grid = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.grid');
    this.grid = grid ? new BitmapLayer(grid) : null;
    const trace = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.trace');
    this.trace = trace ? liveCanvas(trace) : null;
    this.readoutEl = this.renderRoot.querySelector('.readout');
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const meter = this.meter;
    if (!meter || typeof meter.configureSpectrum !== 'function') return;
    const options: { slopeDbPerOctave?: number; smoothingOctaveFraction?: number } = {};
    if ((changed.has('slope') || changed.has('meter')) && typeof this.slope === 'number' && !Number.isNaN(this.slope)) {
      options.slopeDbPerOctave = this.slope;
    }
    if ((changed.has('smoothing') || changed.has('meter')) && typeof this.smoothing === 'number' && !Number.isNaN(this.smoothing)) {
      options.smoothingOctaveFraction = this.smoothing;
    }
    if (Object.keys(options).length === 0) return;
    try {
      meter.configureSpectrum(options);
    } catch (error) {
      fire(this, 'busmeter-option-error', { message: error instanceof Error ? error.message : String(error) });
    }
  }

  private loudest(): number {
    const s = this.spectrum;
    if (!s?.enabled || s.pointCount === 0) return -1;
    let best = 0;
    for (let i = 1; i < s.pointCount; i++) if (s.levelDb[i] > s.levelDb[best]) best = i;
    return s.levelDb[best] > FLOOR_DB ? best : -1;
  }

  private onPointerMove(e: PointerEvent): void {
    const cv = this.trace;
    if (!cv) return;
    const rect = cv.canvas.getBoundingClientRect();
    this.hoverX = (e.clientX - rect.left) * (cv.width / Math.max(1, rect.width));
    this.dirty = true;
  }

  private onPointerLeave(): void {
    this.hoverX = -1;
    this.dirty = true;
  }

  protected override frame(t: number, theme: ThemeColors, resized: boolean): void {
    const trace = this.trace!;
    const dpr = globalThis.devicePixelRatio || 1;
    const s = this.spectrum;
    const lowHz = s?.enabled && s.pointCount > 1 ? s.frequencyHz[0] : 20;
    const highHz = s?.enabled && s.pointCount > 1 ? s.frequencyHz[s.pointCount - 1] : 20000;
    const minDb = Number.isFinite(this.minDb) ? this.minDb : -90;
    const maxDb = Number.isFinite(this.maxDb) && this.maxDb > minDb ? this.maxDb : minDb + 90;
    const left = Math.round(30 * dpr);
    const bottom = Math.round(14 * dpr);
    const axes: PlotAxes = { lowHz, highHz, minDb, maxDb, left, top: Math.round(4 * dpr), width: trace.width - left - Math.round(4 * dpr), height: trace.height - bottom - Math.round(4 * dpr) };
    const a = this.axes;
    const axesChanged = !a || a.lowHz !== axes.lowHz || a.highHz !== axes.highHz || a.minDb !== minDb || a.maxDb !== maxDb || a.width !== axes.width || a.height !== axes.height;
    this.axes = axes;
    if (resized || axesChanged) this.grid!.paint((g, w, h) => this.drawGrid(g, w, h, axes, theme, dpr));
    if (!this.dirty) return;
    this.dirty = false;
    this.drawTrace(trace, axes, dpr);
    this.updateReadout(axes);
    if (t - this.labelAt > 1000) {
      this.labelAt = t;
      const top = this.loudest();
      const label = top < 0
        ? 'Spectrum, 20 Hz to 20 kHz: no signal'
        : `Spectrum, 20 Hz to 20 kHz: highest level ${formatSigned(s!.levelDb[top])} dB at ${formatHz(s!.frequencyHz[top])}`;
      if (trace.canvas.getAttribute('aria-label') !== label) trace.canvas.setAttribute('aria-label', label);
    }
  }

  private drawGrid(g: OffscreenCanvasRenderingContext2D, w: number, h: number, axes: PlotAxes, theme: ThemeColors, dpr: number): void {
    const line = Math.max(1, Math.round(dpr));
    const bottomY = axes.top + axes.height;
    g.font = `${Math.round(10 * dpr)}px ${theme.font}`;
    g.fillStyle = theme.border;
    g.globalAlpha = 0.5;
    for (const hz of FREQUENCY_MINOR_HZ) {
      if (hz > axes.lowHz && hz < axes.highHz) g.fillRect(Math.round(xForFrequency(axes, hz)), axes.top, line, axes.height);
    }
    g.globalAlpha = 1;
    g.textAlign = 'center';
    g.textBaseline = 'alphabetic';
    for (const hz of FREQUENCY_GRID_HZ) {
      if (hz < axes.lowHz * 0.999 || hz > axes.highHz * 1.001) continue;
      const x = Math.round(xForFrequency(axes, hz));
      g.fillStyle = theme.border;
      g.fillRect(x, axes.top, line, axes.height);
      g.fillStyle = theme.muted;
      g.fillText(gridLabel(hz), Math.min(w - 10 * dpr, Math.max(axes.left + 8 * dpr, x)), h - 2 * dpr);
    }
    const step = dbGridStep(axes, 18 * dpr);
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (let db = Math.floor(axes.maxDb / step) * step; db >= axes.minDb; db -= step) {
      const y = Math.round(yForDb(axes, db));
      g.fillStyle = theme.border;
      g.fillRect(axes.left, y, axes.width, line);
      g.fillStyle = theme.muted;
      g.fillText(formatSigned(db, 0), axes.left - 4 * dpr, Math.min(bottomY - 5 * dpr, Math.max(axes.top + 5 * dpr, y)));
    }
  }

  private drawTrace(cv: LiveCanvas, axes: PlotAxes, dpr: number): void {
    const g = cv.context;
    if (!g) return;
    g.clearRect(0, 0, cv.width, cv.height);
    const s = this.spectrum;
    if (s?.enabled && s.pointCount > 1 && s.frames > 0) {
      g.save();
      g.beginPath();
      g.rect(axes.left, axes.top, axes.width, axes.height);
      g.clip();
      const bottomY = axes.top + axes.height;
      // Level: a line, and a filled area under it so the energy reads at a glance; both paths
      // from one pass over the points.
      const line = cv.path();
      const area = cv.path();
      let x = 0;
      for (let i = 0; i < s.pointCount; i++) {
        x = xForFrequency(axes, s.frequencyHz[i]);
        const y = yForDb(axes, s.levelDb[i]);
        if (i === 0) {
          line.moveTo(x, y);
          area.moveTo(x, bottomY);
        } else {
          line.lineTo(x, y);
        }
        area.lineTo(x, y);
      }
      area.lineTo(x, bottomY);
      area.closePath();
      g.fillStyle = this.colors.line;
      g.globalAlpha = 0.28;
      g.fill(area);
      g.globalAlpha = 1;
      strokeHairlines(g, line, dpr, this.colors.line);
      if (this.showPeak) strokeHairlines(g, this.polyline(cv.path(), axes, s.frequencyHz, s.peakDb, s.pointCount), dpr, this.colors.peak);
      g.restore();
    }
    if (this.hoverX >= axes.left && this.hoverX <= axes.left + axes.width) {
      g.fillStyle = this.colors.peak;
      g.globalAlpha = 0.6;
      g.fillRect(Math.round(this.hoverX), axes.top, Math.max(1, Math.round(dpr)), axes.height);
      g.globalAlpha = 1;
    }
  }

  private polyline(path: PaintPath, axes: PlotAxes, hz: Float64Array, db: Float64Array, n: number): PaintPath {
    for (let i = 0; i < n; i++) {
      const x = xForFrequency(axes, hz[i]);
      const y = yForDb(axes, db[i]);
      if (i === 0) path.moveTo(x, y);
      else path.lineTo(x, y);
    }
    return path;
  }

  private updateReadout(axes: PlotAxes): void {
    const el = this.readoutEl;
    if (!el) return;
    let text = '';
    const s = this.spectrum;
    if (this.hoverX >= axes.left && this.hoverX <= axes.left + axes.width) {
      const hz = frequencyForX(axes, this.hoverX);
      const i = s?.enabled ? nearestPoint(s.frequencyHz, s.pointCount, hz) : -1;
      text = i < 0 ? formatHz(hz) : `${formatHz(s!.frequencyHz[i])}  ${formatSigned(s!.levelDb[i])} dB` + (this.showPeak ? `  (max ${formatSigned(s!.peakDb[i])} dB)` : '');
      el.dataset.frequency = i < 0 ? hz.toFixed(1) : s!.frequencyHz[i].toFixed(1);
    } else {
      delete el.dataset.frequency;
    }
    setText(el, text);
  }

  protected override render() {
    return html`
      <div class="title" part="title"><span>Spectrum</span><span class="readout num" part="readout" aria-live="off"></span></div>
      <div class="plot canvas-box" part="plot" @pointermove=${this.onPointerMove} @pointerleave=${this.onPointerLeave}>
        <canvas class="grid" part="grid" aria-hidden="true"></canvas>
        <canvas class="trace" part="canvas" role="img" aria-label="Spectrum, 20 Hz to 20 kHz: no signal"></canvas>
      </div>
    `;
  }
}
