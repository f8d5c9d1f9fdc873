// The peak scale: dBFS, −60 … +3, expanded near the top where mixing decisions are made. DOM-free.

export const PEAK_SCALE_MIN_DB = -60;
export const PEAK_SCALE_MAX_DB = 3;
const PEAK_NODES: readonly (readonly [number, number])[] = [
  [-60, 0], [-50, 0.05], [-40, 0.12], [-30, 0.22], [-20, 0.37], [-12, 0.53],
  [-6, 0.7], [-3, 0.8], [0, 0.9], [3, 1],
];
/** Scale marks drawn beside peak bars. */
export const PEAK_MARKS: readonly number[] = [3, 0, -3, -6, -9, -12, -18, -24, -30, -40, -50, -60];

/** Position of a level on the peak scale, 0 (bottom) … 1 (top). Runs per bar per frame: no destructuring. */
export function peakFraction(db: number): number {
  if (!(db > PEAK_NODES[0][0])) return 0;
  for (let i = 1; i < PEAK_NODES.length; i++) {
    const upper = PEAK_NODES[i];
    if (db <= upper[0]) {
      const lower = PEAK_NODES[i - 1];
      return lower[1] + ((db - lower[0]) / (upper[0] - lower[0])) * (upper[1] - lower[1]);
    }
  }
  return 1;
}
