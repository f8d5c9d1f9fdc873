// <busmeter-goniometer>: the vectorscope of L and R from the kernel's decimated point stream,
// with fading persistence, over a static grid (M up, S across, L and R on the diagonals).

import { html } from 'lit';
import type { StereoReadings } from '../../engine/analysis-readings.js';
import type { Meter } from '../../live/meter-types.js';
import { AnalysisView } from '../base/analysis-base.js';
import { BitmapLayer } from '../../paint/bitmap-layer.js';
import { liveCanvas, type LiveCanvas } from '../../paint/live-canvas.js';
import { formatCorrelation } from '../correlation/correlation.js';
import { themeStyles, type ThemeColors } from '../base/theme.js';
import { styles } from './styles.js';

/**
 * Goniometer (vectorscope): every point the meter's stereo field sends (x = (R − L)/2 across,
 * y = (L + R)/2 up, a few thousand a second) is drawn once, on a canvas that fades by
 * `persistence-ms` (the time for old points to fall to 1/e), so a mono signal is a vertical
 * line, a wide mix a cloud, an inverted channel a horizontal line. `gain-db` magnifies quiet
 * mixes (points beyond the edge are pinned to it).
 *
 * @csspart plot - The square plot box.
 * @csspart canvas - The trace canvas (role="img"; aria-label gives the correlation).
 * @csspart grid - The grid canvas.
 *
 * @cssproperty --busmeter-goniometer - Point colour (default --busmeter-ok).
 * @cssproperty --busmeter-border - Grid.
 * @cssproperty --busmeter-muted - L, R, M, S labels.
 * @cssproperty --busmeter-goniometer-size - Plot size (default 180px).
 */
export class BusmeterGoniometer extends AnalysisView {
  /** The tag the element is registered under (src/components/elements.ts). */
  static readonly tag = 'busmeter-goniometer';

  static override properties = {
    ...AnalysisView.properties,
    persistenceMs: { type: Number, attribute: 'persistence-ms' },
    gainDb: { type: Number, attribute: 'gain-db' },
  };

  static override styles = [themeStyles, styles];

  /** Time for drawn points to fade to 1/e, ms (default 250). */
  declare persistenceMs: number;
  /** Display gain, dB (default 0: full scale reaches the edge). */
  declare gainDb: number;

  private grid: BitmapLayer | null = null;
  private trace: LiveCanvas | null = null;
  private stereo: StereoReadings | null = null;
  private pending = false;
  private lastT = -1;
  private labelAt = -Infinity;
  private pointsDrawn = 0;
  private color = '#3fcf72';

  constructor() {
    super();
    this.persistenceMs = 250;
    this.gainDb = 0;
  }

  /** Points drawn since the meter was attached or reset. */
  get displayed(): { pointsDrawn: number } {
    return { pointsDrawn: this.pointsDrawn };
  }

  protected override listen(meter: Meter, signal: AbortSignal): void {
    meter.addEventListener('stereo', () => {
      this.stereo = meter.stereo;
      this.pending = true;
    }, { signal });
  }

  protected override onMeterReset(): void {
    this.stereo = null;
    this.pending = false;
    this.pointsDrawn = 0;
    const trace = this.trace;
    trace?.context?.clearRect(0, 0, trace.width, trace.height);
  }

  protected override canvases(): Array<HTMLCanvasElement | LiveCanvas> {
    return this.grid && this.trace ? [this.grid.canvas, this.trace] : [];
  }

  protected override readExtraTheme(style: CSSStyleDeclaration): void {
    this.color = style.getPropertyValue('--_goniometer').trim() || '#3fcf72';
  }

  protected override firstUpdated(): void {
    const grid = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.grid');
    this.grid = grid ? new BitmapLayer(grid) : null;
    const trace = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.trace');
    this.trace = trace ? liveCanvas(trace) : null;
  }

  /** Time of the last points drawn (ms, frame clock), or −1 when the trace is clear. */
  private inkSince = -1;

  protected override frame(t: number, theme: ThemeColors, resized: boolean): void {
    const cv = this.trace!;
    const dpr = globalThis.devicePixelRatio || 1;
    if (resized) this.grid!.paint((g, w, h) => this.drawGrid(g, w, h, theme, dpr));
    const g = cv.context;
    if (!g) return;
    const dt = this.lastT < 0 ? 0 : Math.min(1000, t - this.lastT);
    this.lastT = t;
    // Persistence: everything drawn fades by exp(−dt/τ) each frame (erasing alpha, so the grid
    // canvas below shows through).
    const tau = this.persistenceMs > 0 ? this.persistenceMs : 250;
    const fade = 1 - Math.exp(-dt / tau);
    // Ten time constants after the last point nothing visible is left (e^−10 of 0.8 alpha):
    // clear once and stop fading, so a still goniometer costs nothing per frame.
    if (this.inkSince >= 0 && t - this.inkSince > 10 * tau) {
      g.clearRect(0, 0, cv.width, cv.height);
      this.inkSince = -1;
    } else if (fade > 0 && this.inkSince >= 0) {
      // The fade as an alpha, not in the colour string: one colour, sent to the paint worker once.
      g.globalCompositeOperation = 'destination-out';
      g.fillStyle = '#000';
      g.globalAlpha = Math.round(fade * 1e4) / 1e4;
      g.fillRect(0, 0, cv.width, cv.height);
      g.globalAlpha = 1;
      g.globalCompositeOperation = 'source-over';
    }
    const s = this.stereo;
    if (this.pending && s?.enabled) {
      this.pending = false;
      const r = Math.min(cv.width, cv.height) / 2 - 2 * dpr;
      const cx = cv.width / 2;
      const cy = cv.height / 2;
      const gain = 10 ** ((Number.isFinite(this.gainDb) ? this.gainDb : 0) / 20);
      const size = Math.max(1, Math.round(1.5 * dpr));
      g.fillStyle = this.color;
      g.globalAlpha = 0.8;
      const n = s.goniometerPoints;
      const pts = s.goniometer;
      // One path, one fill: a frame's hundred points cost one raster pass, not a hundred. Each
      // square on whole pixels: fractional edges are anti-aliased, a quarter dearer in software.
      g.beginPath();
      for (let i = 0; i < n; i++) {
        const x = Math.min(1, Math.max(-1, pts[2 * i] * gain));
        const y = Math.min(1, Math.max(-1, pts[2 * i + 1] * gain));
        g.rect(Math.round(cx + x * r - size / 2), Math.round(cy - y * r - size / 2), size, size);
      }
      g.fill();
      g.globalAlpha = 1;
      if (n > 0) this.inkSince = t;
      this.pointsDrawn += n;
    }
    if (s?.enabled && t - this.labelAt > 1000) {
      this.labelAt = t;
      const label = `Goniometer of L and R: correlation ${formatCorrelation(s.correlation)}`;
      if (cv.canvas.getAttribute('aria-label') !== label) cv.canvas.setAttribute('aria-label', label);
    }
  }

  private drawGrid(g: OffscreenCanvasRenderingContext2D, w: number, h: number, theme: ThemeColors, dpr: number): void {
    const r = Math.min(w, h) / 2 - 2 * dpr;
    const cx = w / 2;
    const cy = h / 2;
    g.strokeStyle = theme.border;
    g.lineWidth = Math.max(1, dpr);
    g.beginPath();
    g.arc(cx, cy, r, 0, 2 * Math.PI);
    g.moveTo(cx, cy - r);
    g.lineTo(cx, cy + r);
    g.moveTo(cx - r, cy);
    g.lineTo(cx + r, cy);
    // L and R alone lie on the diagonals.
    const d = r / Math.SQRT2;
    g.moveTo(cx - d, cy - d);
    g.lineTo(cx + d, cy + d);
    g.moveTo(cx + d, cy - d);
    g.lineTo(cx - d, cy + d);
    g.stroke();
    g.fillStyle = theme.muted;
    g.font = `${Math.round(10 * dpr)}px ${theme.font}`;
    g.textBaseline = 'top';
    g.textAlign = 'left';
    g.fillText('L', 2 * dpr, 2 * dpr);
    g.fillText('M', cx + 3 * dpr, 2 * dpr);
    g.textAlign = 'right';
    g.fillText('R', w - 2 * dpr, 2 * dpr);
    g.textBaseline = 'bottom';
    g.fillText('S', w - 2 * dpr, cy - 2 * dpr);
  }

  protected override render() {
    return html`
      <div class="title">Goniometer</div>
      <div class="plot canvas-box" part="plot">
        <canvas class="grid" part="grid" aria-hidden="true"></canvas>
        <canvas class="trace" part="canvas" role="img" aria-label="Goniometer of L and R: no signal"></canvas>
      </div>
    `;
  }
}
