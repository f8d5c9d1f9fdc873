// Fingerprint: flat tops at the ceiling. Runs of equal samples at the top are a clipper's work
// (also one whose ceiling is below full scale).

import { clamp01 } from './evidence.js';
import { SAMPLE_PEAK_TOLERANCE_DB, STILL_CEILING_WEIGHT } from './ceiling.js';
import type { WindowHistory } from './window-history.js';

/**
 * A window with this many flat-top samples whose sample peak is at the ceiling shows clipping.
 * (Flat tops away from the top are not clipping: 16-bit audio has runs of equal samples at the
 * crests of low bass notes.)
 */
const FLAT_WINDOW_SAMPLES = 3;
/**
 * Share of the active windows with flat tops at the top: none at LOW, full evidence at HIGH.
 * Tracker modules clip their own 8-bit samples, and a song that plays such a sample loudest
 * shows its flat tops at its top in 4–8 % of the windows with nothing on the bus (the real-music
 * set's third batch: Freedroid's `AnarchyMenu1.mod` 6–7 %, `on` at all four of its gains, and
 * Ironseed's `GAME.MOD` up to 8 % in its 16-bit files, `on` at two gains of four, when the
 * evidence began at 2 % and was full at 7 %).
 * A clipper on the bus cuts more than one sample's hits: of the set's processed files, 3 were
 * warned later or not at all with these bounds (2 of them clipped at full scale, lightly).
 */
export const FLAT_LOW = 0.04;
const FLAT_HIGH = 0.12;

/** Share of the active windows with flat tops at the top sample peak `spTop`. */
export function flatShare(h: WindowHistory, span: number, spTop: number, active: number): number {
  let flatWindows = 0;
  for (let a = 0; a < span; a++) {
    const k = h.at(a);
    if (!h.active(k)) continue;
    if (h.flat[k] >= FLAT_WINDOW_SAMPLES && h.samplePeak[k] >= spTop - SAMPLE_PEAK_TOLERANCE_DB) flatWindows++;
  }
  return flatWindows / active;
}

/** 0…1. A steady signal's flat tops are its shape (a square wave), not a clipper's work on music. */
export function flatScore(share: number, steady: boolean): number {
  return clamp01((share - FLAT_LOW) / (FLAT_HIGH - FLAT_LOW)) * (steady ? STILL_CEILING_WEIGHT : 1);
}
