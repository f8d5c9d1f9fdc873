// Fingerprint: pinned loud peaks. The true peaks of the loudest quarter of the windows barely
// vary (a soft knee or a soft clipper holds them near a level that need not be exact).
// Fixed-velocity drum samples pin them too, to within 0.3 dB in real tracker music, so alone this
// says nothing; with crushed dynamics or pumping it counts as the peak half of the evidence.

import { clamp01, SPAN } from './evidence.js';
import type { WindowHistory } from './window-history.js';

/**
 * Pinned loud peaks: the true peaks of the loudest quarter of the active windows spread (standard
 * deviation) at most LOW (full evidence) … HIGH (none) dB. Unlimited music peaks higher when it
 * plays louder: played music's loudest windows' peaks spread over 1–2 dB (a hit lands harder in
 * one bar than in the next), but programmed drums at fixed velocities spread only 0.45–1.3 dB
 * (tracker and General MIDI renders, once bit-identical repeats count once). A limiter, clipper
 * or maximiser pins exactly those windows near its ceiling, soft or hard, whatever the ceiling's
 * exact level: this catches soft knees and soft clippers that no exact ceiling shows. It needs
 * the loudness to move (a tone's peaks spread by nothing).
 */
const SPREAD_LOW_DB = 0.3;
export const SPREAD_HIGH_DB = 0.8;

export class LoudPeaks {
  /** Scratch for the loudness quartile (SPAN values, sorted in place; no allocation per window). */
  private readonly sorted = new Float64Array(SPAN);
  /** Ring indexes of the windows the spread was last taken over (the loudest quarter, replays once): loudest[0 … loudestCount). */
  readonly loudest = new Int32Array(SPAN);
  loudestCount = 0;

  /** Standard deviation (dB) of the true peaks of the loudest quarter of the active windows. */
  spread(h: WindowHistory, span: number): number {
    const values = this.sorted;
    values.fill(-Infinity);
    let active = 0;
    for (let a = 0; a < span; a++) {
      const k = h.at(a);
      if (!h.active(k)) continue;
      values[active++] = h.loudness[k];
    }
    values.sort();
    const quarter = Math.ceil(active / 4);
    const threshold = values[values.length - quarter];
    let n = 0, sum = 0, squares = 0;
    for (let a = 0; a < span && n < quarter; a++) {
      const k = h.at(a);
      if (!h.active(k) || h.loudness[k] < threshold || h.repeats(a, span)) continue;
      this.loudest[n++] = k;
      sum += h.truePeak[k];
      squares += h.truePeak[k] * h.truePeak[k];
    }
    this.loudestCount = n;
    return n > 1 ? deviation(sum, squares, n) : 0;
  }
}

/** Standard deviation of n values from their sum and sum of squares. */
export function deviation(sum: number, squares: number, n: number): number {
  const mean = sum / n;
  return Math.sqrt(Math.max(0, squares / n - mean * mean));
}

/** 0…1: full at SPREAD_LOW_DB or less, none at SPREAD_HIGH_DB; only on programme material. */
export function spreadScore(spreadDb: number, programme: boolean): number {
  return programme ? clamp01((SPREAD_HIGH_DB - spreadDb) / (SPREAD_HIGH_DB - SPREAD_LOW_DB)) : 0;
}
