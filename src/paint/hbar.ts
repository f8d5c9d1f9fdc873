// A horizontal bar on a canvas, for the stereo views: a trough, a filled span from an origin to
// the value (centre-zero for correlation and balance, left for levels), a value marker and an
// optional second marker (a minimum or a hold). Geometry in canvas pixels. Drawn on a live
// canvas (src/paint/live-canvas.ts): in the paint worker where the browser can.

import { liveCanvas, type LiveCanvas, type Paint2D } from './live-canvas.js';

export interface HBarStyle {
  trough: string;
  fill: string;
  marker: string;
  /** Colour of the second marker. */
  second?: string;
  /** Tick positions (fractions 0 … 1) drawn across the trough. */
  ticks?: readonly number[];
  tick?: string;
}

/** Whether two styles draw alike (views build theirs anew when the theme is read again). */
function sameStyle(a: HBarStyle, b: HBarStyle): boolean {
  if (a === b) return true;
  if (a.trough !== b.trough || a.fill !== b.fill || a.marker !== b.marker || a.second !== b.second || a.tick !== b.tick) return false;
  const ta = a.ticks ?? [];
  const tb = b.ticks ?? [];
  return ta.length === tb.length && ta.every((t, i) => t === tb[i]);
}

/**
 * One bar's canvas. It is drawn again only when a pixel would change: what it shows is kept in
 * whole pixels (values move by less than a pixel most frames), so a still bar costs nothing.
 */
export class HBar {
  readonly live: LiveCanvas;
  private drawnWidth = -1;
  private drawnHeight = -1;
  private drawnFrom = NaN;
  private drawnTo = NaN;
  /** NaN: no second marker. */
  private drawnSecond = NaN;
  private drawnStyle: HBarStyle | null = null;

  constructor(canvas: HTMLCanvasElement) {
    this.live = liveCanvas(canvas);
  }

  get canvas(): HTMLCanvasElement {
    return this.live.canvas;
  }

  /** The canvas was cleared (sizing a canvas clears it, even to the same size): draw it again. */
  invalidate(): void {
    this.drawnStyle = null;
  }

  /**
   * Draws the bar with its value at `fraction` (0 … 1 across) filled from `origin` (0 … 1);
   * `second` (a fraction, or NaN for none) gets a thin marker.
   */
  draw(fraction: number, origin: number, second: number, style: HBarStyle): void {
    const g: Paint2D | null = this.live.context;
    if (!g) return;
    const w = this.live.width;
    const h = this.live.height;
    const dpr = globalThis.devicePixelRatio || 1;
    const x0 = Math.round(origin * w);
    const x1 = Math.round(Math.min(1, Math.max(0, fraction)) * w);
    const secondX = Number.isFinite(second) && style.second ? Math.round(Math.min(1, Math.max(0, second)) * w) : NaN;
    if (
      w === this.drawnWidth && h === this.drawnHeight && x0 === this.drawnFrom && x1 === this.drawnTo &&
      (secondX === this.drawnSecond || (Number.isNaN(secondX) && Number.isNaN(this.drawnSecond))) &&
      this.drawnStyle !== null && sameStyle(style, this.drawnStyle)
    ) return;
    this.drawnWidth = w;
    this.drawnHeight = h;
    this.drawnFrom = x0;
    this.drawnTo = x1;
    this.drawnSecond = secondX;
    this.drawnStyle = style;
    g.clearRect(0, 0, w, h);
    g.fillStyle = style.trough;
    g.fillRect(0, 0, w, h);
    g.fillStyle = style.fill;
    g.globalAlpha = 0.55;
    g.fillRect(Math.min(x0, x1), 0, Math.abs(x1 - x0), h);
    g.globalAlpha = 1;
    if (style.ticks && style.tick) {
      g.fillStyle = style.tick;
      for (const t of style.ticks) g.fillRect(Math.round(t * w), 0, Math.max(1, Math.round(dpr)), h);
    }
    if (Number.isFinite(secondX) && style.second) {
      g.fillStyle = style.second;
      g.fillRect(secondX - Math.round(dpr), 0, Math.max(2, Math.round(2 * dpr)), h);
    }
    const mw = Math.max(3, Math.round(3 * dpr));
    g.fillStyle = style.marker;
    g.fillRect(Math.round(x1 - mw / 2), 0, mw, h);
  }
}
