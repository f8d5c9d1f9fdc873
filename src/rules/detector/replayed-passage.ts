// Fingerprint: a passage played again, changed by processing switched in between. A producer who
// tries a plugin on the bus loops a passage (a DAW's cycle) and switches it in between two
// passes. The detector then has what no blind fingerprint has: the same music without it. A
// processor changes a window's level and leaves its spectral shape nearly as it was; a passage
// the song plays differently changes its shape in most windows; a mix played again unchanged
// repeats its features exactly, and a fader moved between the passes changes every window's
// level alike. So the newest 4 s are matched by their windows' shapes against the 4 s that lay
// 4–26 s before them, and where they match, two changes of the dynamics mark processing:
//   - the loud moments turned down against the quiet ones (a compressor): the level change of a
//     window falls with its earlier level;
//   - the peaks brought nearer the level (a clipper or limiter): the loudest windows' crest
//     (sample peak − loudness) fell.
// It is evidence only while the passage is compared with a pass that played without the
// processor: the next pass, processed like this one, matches it unchanged and says nothing. A
// latch that held the warning on until the passage came back unprocessed was tried and not kept:
// on a loop whose bars repeat, a processor switched in halfway through the loop left passes
// that were half processed, and the latch could not tell which windows were which, so the
// warning held on long after the processor was out (the app's limiter test failed once so).
//
// Measured offline on the real-music set (docs/mastering-detector.md, "The live audition"): each
// processed file after its plain excerpt at the same RMS, the 303 unprocessed whole songs, and
// each excerpt played again after an EQ or fader move.

import type { MasteringEvidence } from './evidence.js';
import type { WindowHistory } from './window-history.js';
import { CAPACITY } from './window-history.js';

/** Windows matched: the newest 4 s. */
export const BLOCK = 40;
/** The earlier pass lies at least this many windows back (a loop of at least 4 s)… */
const MIN_LAG = BLOCK;
/** …and within the history. */
const MAX_LAG = CAPACITY - BLOCK;
/** Share of the block's windows that must be active now, and active in both passes at a lag. */
const ACTIVE_NOW = 0.9;
const ACTIVE_BOTH = 0.8;
/** A window's shape differs by at most this (dB, mean over the bands) in the mean: the same passage. */
export const SAME_SHAPE_DB = 0.2;
/**
 * The match must stand out: the best lag's shape difference at most this share of the median
 * lag's. A steady or stationary signal (a tone, noise, a drone) matches itself at every lag, and
 * a lag taken at random would set unrelated moments side by side.
 */
const DISTINCT_SHARE = 0.25;
/** A window's shape difference counts at most this much (dB): one changed window does not sink a match. */
const SHAPE_CLIP_DB = 6;
/** The earlier levels must spread (standard deviation) at least this much for a slope. */
const LEVEL_SPREAD_MIN_DB = 2;
/** Level change per dB of earlier level at or below −this: the loud moments were turned down (a compressor). */
export const COMPRESSED_SLOPE = 0.3;
/** The loudest quarter's crest fell by at least this (dB): the peaks were brought nearer the level. */
export const CREST_FALL_DB = 1;
/** The median level change of the block's newer and older halves differ by more than this (dB): a step inside it. */
const LEVEL_STEP_DB = 3;

export class ReplayedPassage {
  /** Scratch, one entry per matched window (no allocation per window). */
  private readonly before = new Float64Array(BLOCK);
  private readonly change = new Float64Array(BLOCK);
  private readonly crest = new Float64Array(BLOCK);
  private readonly sorted = new Float64Array(BLOCK);
  private readonly lagDifferences = new Float64Array(MAX_LAG - MIN_LAG + 1);

  /** Matches the newest BLOCK windows with an earlier pass and sets e.switchedIn (and what was seen). */
  measure(h: WindowHistory, e: MasteringEvidence): void {
    e.switchedIn = false;
    e.replayLagSeconds = 0;
    e.replayShapeDb = Infinity;
    if (h.count < BLOCK + MIN_LAG) return;
    let activeNow = 0;
    for (let a = 0; a < BLOCK; a++) if (h.active(h.at(a))) activeNow++;
    if (activeNow < ACTIVE_NOW * BLOCK) return;
    let bestLag = 0, best = Infinity, tried = 0;
    const maxLag = Math.min(MAX_LAG, h.count - BLOCK);
    for (let lag = MIN_LAG; lag <= maxLag; lag++) {
      let sum = 0, both = 0;
      for (let a = 0; a < BLOCK; a++) {
        const k = h.at(a), j = h.at(a + lag);
        if (!h.active(k) || !h.active(j) || !h.shaped[k] || !h.shaped[j]) continue;
        both++;
        const d = (Math.abs(h.lowShape[k] - h.lowShape[j]) + Math.abs(h.midShape[k] - h.midShape[j]) + Math.abs(h.highShape[k] - h.highShape[j])) / 3;
        sum += Math.min(d, SHAPE_CLIP_DB);
      }
      if (both < ACTIVE_BOTH * BLOCK) continue;
      this.lagDifferences[tried++] = sum / both;
      if (sum / both < best) { best = sum / both; bestLag = lag; }
    }
    e.replayShapeDb = best;
    if (!(best < SAME_SHAPE_DB)) return;
    // All lags alike (even all exact) is no match: the passage cannot be told from the rest.
    const typical = median(this.lagDifferences, tried, this.lagDifferences);
    if (!(typical > 0) || best > DISTINCT_SHARE * typical) return;
    e.replayLagSeconds = bestLag / 10;
    this.compare(h, bestLag, e);
  }

  /** The dynamics of the newest BLOCK windows against the same passage `lag` windows earlier. */
  private compare(h: WindowHistory, lag: number, e: MasteringEvidence): void {
    let n = 0;
    for (let a = 0; a < BLOCK; a++) {
      const k = h.at(a), j = h.at(a + lag);
      if (!h.active(k) || !h.active(j)) continue;
      this.before[n] = h.loudness[j];
      this.change[n] = h.loudness[k] - h.loudness[j];
      this.crest[n] = (h.samplePeak[k] - h.loudness[k]) - (h.samplePeak[j] - h.loudness[j]);
      n++;
    }
    // A level that stepped within the block is a switch or a fader move inside it, half the block
    // against one pass and half against the other: set against the earlier levels, such a step
    // reads as a slope (a louder processor switched out halfway through the earlier pass looks
    // like a compressor switched in). Only a block on one side of the switch is compared.
    const half = n >> 1;
    const newerHalf = median(this.change, half, this.sorted);
    for (let i = half; i < n; i++) this.sorted[i - half] = this.change[i];
    if (Math.abs(newerHalf - median(this.sorted, n - half, this.sorted)) > LEVEL_STEP_DB) return;
    // A fader moved between the passes changes every window alike, which the slope (taken about
    // the mean change) does not see: only how the changes vary with the earlier level counts.
    let meanBefore = 0, meanChange = 0;
    for (let i = 0; i < n; i++) { meanBefore += this.before[i]; meanChange += this.change[i]; }
    meanBefore /= n;
    meanChange /= n;
    let covariance = 0, variance = 0;
    for (let i = 0; i < n; i++) {
      const x = this.before[i] - meanBefore;
      covariance += x * (this.change[i] - meanChange);
      variance += x * x;
    }
    const spread = Math.sqrt(variance / n);
    const slope = spread >= LEVEL_SPREAD_MIN_DB ? covariance / variance : 0;
    // The loudest quarter of the earlier windows: where a clipper or limiter works.
    const loudFrom = quantile(this.before, n, 0.75, this.sorted);
    let loud = 0;
    for (let i = 0; i < n; i++) if (this.before[i] >= loudFrom) this.sorted[loud++] = this.crest[i];
    const crestChange = median(this.sorted, loud, this.sorted);
    e.replaySlope = slope;
    e.replayCrestChangeDb = crestChange;
    if (slope <= -COMPRESSED_SLOPE || crestChange <= -CREST_FALL_DB) {
      e.switchedIn = true;
      e.switchedInLagSeconds = lag / 10;
      e.switchedInSlope = slope;
      e.switchedInCrestChangeDb = crestChange;
      e.switchedInLevelSpreadDb = spread;
    }
  }
}

/** The median of values[0, n), sorted in `scratch` (which may be `values`). */
function median(values: Float64Array, n: number, scratch: Float64Array): number {
  return quantile(values, n, 0.5, scratch);
}

/** The q-quantile (nearest rank below, the mean of the two middle values for the median) of values[0, n). */
function quantile(values: Float64Array, n: number, q: number, scratch: Float64Array): number {
  if (n === 0) return 0;
  if (scratch !== values) for (let i = 0; i < n; i++) scratch[i] = values[i];
  // The unused tail sorts last: no view of the first n is made (nothing is allocated per window).
  for (let i = n; i < scratch.length; i++) scratch[i] = Infinity;
  scratch.sort();
  if (q === 0.5) return n % 2 ? scratch[(n - 1) / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2;
  return scratch[Math.floor(q * (n - 1))];
}
