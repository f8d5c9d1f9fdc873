// The spectrum plot's axes: log frequency across, dB up. Pure functions, shared by the drawing,
// the hover readout and the tests (which find the drawn trace at the pixel these give).

/** Frequencies with a grid line and a label. */
export const FREQUENCY_GRID_HZ: readonly number[] = [20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000];
/** Lighter grid lines between the labelled ones. */
export const FREQUENCY_MINOR_HZ: readonly number[] = [30, 40, 60, 70, 80, 90, 300, 400, 600, 700, 800, 900, 3000, 4000, 6000, 7000, 8000, 9000];

export interface PlotAxes {
  lowHz: number;
  highHz: number;
  minDb: number;
  maxDb: number;
  /** Plot area in canvas pixels. */
  left: number;
  top: number;
  width: number;
  height: number;
}

export function xForFrequency(axes: PlotAxes, hz: number): number {
  return axes.left + (axes.width * Math.log(hz / axes.lowHz)) / Math.log(axes.highHz / axes.lowHz);
}

export function frequencyForX(axes: PlotAxes, x: number): number {
  return axes.lowHz * Math.exp(((x - axes.left) / axes.width) * Math.log(axes.highHz / axes.lowHz));
}

/** dB to y, clamped to the plot (levels below minDb sit on the bottom edge). */
export function yForDb(axes: PlotAxes, db: number): number {
  const clamped = Math.min(axes.maxDb, Math.max(axes.minDb, db));
  return axes.top + axes.height * (1 - (clamped - axes.minDb) / (axes.maxDb - axes.minDb));
}

/** "20", "500", "1k", "20k" for grid labels. */
export function gridLabel(hz: number): string {
  return hz >= 1000 ? `${hz / 1000}k` : String(hz);
}

/** "995 Hz", "1.00 kHz", "12.5 kHz" for the readout. */
export function formatHz(hz: number): string {
  if (hz < 1000) return `${Math.round(hz)} Hz`;
  return `${(hz / 1000).toFixed(hz < 10000 ? 2 : 1)} kHz`;
}

/** dB grid step that keeps labelled lines at least `minPx` apart. */
export function dbGridStep(axes: PlotAxes, minPx: number): number {
  for (const step of [3, 6, 10, 12, 20, 24, 30]) {
    if ((axes.height * step) / (axes.maxDb - axes.minDb) >= minPx) return step;
  }
  return 60;
}

/** Index of the point whose frequency is nearest `hz` (log distance); -1 when there are none. */
export function nearestPoint(frequencies: ArrayLike<number>, count: number, hz: number): number {
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 0; i < count; i++) {
    const d = Math.abs(Math.log(frequencies[i] / hz));
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}
