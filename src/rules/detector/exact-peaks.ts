// Fingerprint: an exact sample-peak ceiling. Separate, different hits whose sample peaks are
// identical to the last bit. Unprocessed audio in floating point or 24 bits never repeats its
// loudest sample value from a different waveform; a clipper, a sample-peak limiter or a true-peak
// limiter whose gain lands exactly on its target does, however sparse the hits are. Two such hits
// are enough off the 16-bit grid, three on it (where two can share a code by chance), and on it
// means also a 16-bit file played at a fader's gain: its values leave the grid but keep its
// coarseness. Full scale lies on every grid, so there the windows' lower peaks tell which audio
// it is: two hits at 0 dBFS in floating-point audio are a bus clipped or limited there.

import { FLOOR_DB } from '../../contract/readings-layout.js';
import { SAME_SAMPLE_DB, SIXTEEN_BIT_CODES, type WindowHistory } from './window-history.js';

/**
 * Separate hits (windows not next to one another) whose sample peak equals the top exactly.
 * A mix's loudest hits differ by tenths of a dB, and the top 0.5 dB below full scale holds about
 * 1,800 16-bit values but 470,000 24-bit ones (and more floating-point ones). So in 16-bit audio
 * two hits can land on the same value by chance: there two raise a suspicion and three or more
 * are a sample-peak ceiling. Off that grid two hits whose loudest samples agree to the last bit
 * are already a ceiling (EXACT_OFF_GRID_ON_EVENTS).
 */
const EXACT_SUSPECT_EVENTS = 2;
export const EXACT_ON_EVENTS = 3;
const EXACT_OFF_GRID_ON_EVENTS = 2;
const EXACT_FULL_EVENTS = 4;

/** Whether a sample peak (dBFS, from an f32 sample value) is a whole number of 16-bit codes. */
export function onSixteenBitGrid(dbfs: number): boolean {
  if (dbfs <= FLOOR_DB) return false;
  const codes = 10 ** (dbfs / 20) * SIXTEEN_BIT_CODES;
  return Math.abs(codes - Math.round(codes)) < 1e-6;
}

/** Whether a sample peak (dBFS) is full scale, a sample value of ±1 to its last bit. */
export const atFullScale = (dbfs: number) => Math.abs(dbfs) <= SAME_SAMPLE_DB;

/** Distinct window sample peaks below the top that the scaled-grid test takes: enough that chance cannot pass it. */
export const GRID_VALUES = 6;
/**
 * A value is a whole number of steps when it is this close to one (in steps). The values are f32
 * samples: their rounding moves a value of up to 32,768 steps by at most 0.004 steps. A value
 * off the grid lands this close by chance once in 50, so all GRID_VALUES of them do once in
 * 1.6 · 10^10 steps tried; at most 32,768 are tried, so values off the grid pass once in
 * 480,000 sets at most.
 */
const GRID_SLACK = 0.01;
/** The codes of the lower values for one step tried (kept, so the search allocates nothing). */
const gridCodes = new Float64Array(GRID_VALUES);

/**
 * Whether the top sample peak and `count` distinct lower window sample peaks (linear, in
 * `below`) are all whole numbers of one step, top / n for some n of at most 32,768: a 16-bit file
 * at a fader's gain in a floating-point mixer. Its top and lower values share 16-bit codes as
 * the file's do (two hits in one code by chance), though no value lies on the grid itself.
 */
export function onScaledSixteenBitGrid(top: number, below: Float64Array, count: number): boolean {
  if (count < GRID_VALUES || top <= 0) return false;
  const codes = gridCodes;
  for (let n = 1; n <= SIXTEEN_BIT_CODES; n++) {
    let whole = true;
    for (let i = 0; i < GRID_VALUES && whole; i++) {
      const steps = (below[i] * n) / top;
      codes[i] = Math.round(steps);
      // Distinct values are distinct codes, under the top's: a step so coarse that values
      // just under the top round to it would take any values for a grid.
      whole = Math.abs(steps - codes[i]) <= GRID_SLACK && codes[i] < n;
      for (let j = 0; j < i && whole; j++) whole = codes[j] !== codes[i];
    }
    if (whole) return true;
  }
  return false;
}

/**
 * Fills `below` with up to its length of distinct sample peaks (linear) of the active windows of
 * the span under the top; returns how many.
 */
export function lowerSamplePeaks(h: WindowHistory, span: number, topDbfs: number, below: Float64Array): number {
  let count = 0;
  for (let a = 0; a < span && count < below.length; a++) {
    const k = h.at(a);
    if (!h.active(k) || h.samplePeak[k] >= topDbfs) continue;
    const value = 10 ** (h.samplePeak[k] / 20);
    let seen = false;
    for (let i = 0; i < count && !seen; i++) seen = below[i] === value;
    if (!seen) below[count++] = value;
  }
  return count;
}

/** Separate exact hits that make a ceiling at a top sample peak on the 16-bit grid or off it. */
export function exactOnEvents(onGrid: boolean): number {
  return onGrid ? EXACT_ON_EVENTS : EXACT_OFF_GRID_ON_EVENTS;
}

/**
 * Separate hits whose sample peak is `top` to the last bit: active windows at the top, counting
 * a run of adjacent windows once (one hit can straddle a window boundary).
 */
export function exactPeakEvents(h: WindowHistory, span: number, top: number): number {
  let events = 0;
  let previous = -2;
  for (let a = 0; a < span; a++) {
    const k = h.at(a);
    if (!h.active(k)) continue;
    if (top - h.samplePeak[k] > SAME_SAMPLE_DB) continue;
    if (a > previous + 1 && !h.repeats(a, span)) events++;
    previous = a;
  }
  return events;
}

/** 0…1 before the ceiling weight: a suspicion at two hits, "on" at the ceiling's count, full at four. */
export function exactScore(events: number, onEvents: number): number {
  return events >= EXACT_FULL_EVENTS ? 1 : events >= onEvents ? 0.8 : events >= EXACT_SUSPECT_EVENTS ? 0.3 : 0;
}
