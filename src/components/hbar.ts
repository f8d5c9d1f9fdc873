// A horizontal bar on a canvas, for the stereo views: a trough, a filled span from an origin to
// the value (centre-zero for correlation and balance, left for levels), a value marker and an
// optional second marker (a minimum or a hold). Geometry in canvas pixels.

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

/** What each canvas shows, in whole pixels: a bar is drawn again only when a pixel would change. */
const drawnBars = new WeakMap<HTMLCanvasElement, string>();

/**
 * Draws a bar whose value sits at `fraction` (0 … 1 across) filled from `origin` (0 … 1);
 * `second` (a fraction, or NaN for none) gets a thin marker. Does nothing when the bar would look
 * the same as the one drawn last on this canvas (values move by less than a pixel most frames).
 */
export function drawHBar(cv: HTMLCanvasElement, fraction: number, origin: number, second: number, style: HBarStyle): void {
  const w = cv.width;
  const h = cv.height;
  const dpr = globalThis.devicePixelRatio || 1;
  const f = Math.min(1, Math.max(0, fraction));
  const x0 = Math.round(origin * w);
  const x1 = Math.round(f * w);
  const secondX = Number.isFinite(second) && style.second ? Math.round(Math.min(1, Math.max(0, second)) * w) : NaN;
  const key = `${w}x${h}|${x0}|${x1}|${secondX}|${style.trough}|${style.fill}|${style.marker}|${style.second}|${style.tick}|${style.ticks?.join(',')}`;
  if (drawnBars.get(cv) === key) return;
  const g = cv.getContext('2d');
  if (!g) return;
  drawnBars.set(cv, key);
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
