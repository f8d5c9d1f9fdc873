// Fingerprint: a ceiling under overshoots. A limiter whose gain comes down more slowly than the
// transients it meets (no look-ahead, or too short a one for its attack) lets some hits past its
// threshold but holds other loud hits at its level, to a ten-thousandth of a dB. The span's top is
// then an overshoot, and the ceiling at the top (ceiling.ts) sees nothing: through SWH's
// look-ahead limiter set to −1 dB with a 10 ms look-ahead, 14 % of the windows of a tracker song
// peak within 0.0001 dB of −1.0000 dBFS while a third of them overshoot it by up to 2 dB.
// Unprocessed music does not hold its peaks so: of the real-music set's unprocessed excerpts and
// whole songs, none put more than 4 windows of 60 within 0.0004 dB of one sample peak under its
// top. (A tracker replaying one drum hit under quieter parts comes closest: its replays peak
// within a few thousandths of a dB of one another, so the tolerance is tighter than that.)

import { clamp01, SPAN } from './evidence.js';
import { NEAR_DB, pinned, SAMPLE_PEAK_TOLERANCE_DB, type Pinned } from './ceiling.js';
import type { WindowHistory } from './window-history.js';

/** Sample peaks within this of one level (dB) are held at it: a limiter's gain computer lands within it. */
export const HELD_TOLERANCE_DB = 0.0002;
/** Share of the windows held at one level below the top: none at LOW (4.5 of 60 windows), full at HIGH (7.5 of 60). */
export const OVERSHOT_LOW = 0.075;
const OVERSHOT_HIGH = 0.125;

export class OvershotCeiling {
  /** Scratch: the candidate sample peaks, sorted in place (no allocation per window). */
  private readonly peaks = new Float64Array(SPAN);
  /** The level (dBFS) found by the last measure(). */
  level = 0;

  /**
   * Into `out`: the largest share of the active windows whose sample peaks sit within
   * HELD_TOLERANCE_DB of one level between NEAR_DB and SAMPLE_PEAK_TOLERANCE_DB under `spTop`
   * (the same audio replayed counts once: a limiter holds different hits there), and the
   * loudness spread of those windows.
   */
  measure(h: WindowHistory, span: number, spTop: number, out: Pinned): void {
    const peaks = this.peaks;
    peaks.fill(Infinity);
    let n = 0;
    for (let a = 0; a < span; a++) {
      const k = h.at(a);
      const v = h.samplePeak[k];
      if (!h.active(k) || v < spTop - NEAR_DB || v >= spTop - SAMPLE_PEAK_TOLERANCE_DB || h.repeats(a, span)) continue;
      peaks[n++] = v;
    }
    peaks.sort();
    // The widest run of sorted peaks within twice the tolerance: the level is its middle.
    let best = 0, low = spTop, high = spTop;
    for (let i = 0, j = 0; j < n; j++) {
      while (peaks[j] - peaks[i] > 2 * HELD_TOLERANCE_DB) i++;
      if (j - i + 1 > best) {
        best = j - i + 1;
        low = peaks[i];
        high = peaks[j];
      }
    }
    this.level = (low + high) / 2;
    if (best === 0) {
      out.share = 0;
      out.motion = 0;
    } else {
      pinned(h, span, h.samplePeak, low, out, high);
    }
  }
}

/** 0…1: full when OVERSHOT_HIGH of the windows are held at one level under the top. */
export function overshotScore(share: number): number {
  return clamp01((share - OVERSHOT_LOW) / (OVERSHOT_HIGH - OVERSHOT_LOW));
}
