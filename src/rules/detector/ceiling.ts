// Fingerprint: a ceiling. A brickwall limiter or clipper makes the window peaks stop at one
// level, window after window, whatever the energy of the window; unlimited music peaks somewhere
// different in every window. Measured as the share of active windows whose true peak lies within
// 0.2 dB (or sample peak within 0.1 dB) of the highest one, counted only when the loudness of
// those windows moves (a steady tone also repeats its peak), and strengthened when most of the
// windows that come within 3 dB of the top sit exactly at it. The same audio played again (a
// window whose sample peak and true peak both equal an older window's to the last bit: a tracker
// or sampler replaying one hit at one velocity, a copied bar) counts once.

import { clamp01 } from './evidence.js';
import type { MasteringEvidence } from './evidence.js';
import type { WindowHistory } from './window-history.js';

/**
 * A true peak within this of the top is "at the ceiling": a true-peak limiter holds its own
 * estimate of the inter-sample peak, which differs from this meter's by up to about 0.2 dB.
 */
export const TRUE_PEAK_TOLERANCE_DB = 0.2;
/** Sample-peak ceilings (clippers, sample-peak limiters) are exact; soft clippers approach theirs within a tenth of a dB. */
export const SAMPLE_PEAK_TOLERANCE_DB = 0.1;
/** Fewer windows than this at the top are chance, not a ceiling (two hits can peak alike). */
const CEILING_MIN_WINDOWS = 3;
/**
 * Share of active windows at the ceiling: below LOW nothing, at HIGH and above full evidence.
 * Unprocessed programmed music puts 12 % of its windows within 0.2 dB of its top true peak
 * (General MIDI renders and tracker modules: notes at one velocity peak alike), so only a share
 * above that counts in full.
 */
export const CEILING_LOW = 0.08;
const CEILING_HIGH = 0.18;
/** Below this share the windows near the top do not strengthen a ceiling either. */
const NEAR_BOOST_MIN_SHARE = 0.06;
/**
 * A share under CEILING_LOW is strengthened by the windows near the top only when its windows are
 * this many separate moments: a swell or a held note that straddles a window boundary peaks alike
 * in both windows, so two bowed swells of a string section reaching one level are four windows at
 * a "ceiling" (MuseScore's `Dynamic_Strings` demo, asked about from 15.6 s). Three separate
 * moments at one level are what CEILING_MIN_WINDOWS takes for more than chance.
 */
export const NEAR_BOOST_MIN_MOMENTS = 3;
/** Share of the windows within 3 dB of the top (other than the top one) that are at the ceiling: boost from LOW to HIGH. */
export const NEAR_DB = 3;
const NEAR_LOW = 0.3;
const NEAR_HIGH = 0.5;
/** The near-share needs this many windows within NEAR_DB of the top besides the top one: three of four is chance. */
const NEAR_MIN_WINDOWS = 5;
/**
 * Shares of windows at the ceiling are taken of at least this many windows (the whole 6 s span):
 * in the first seconds after a start or a reset a handful of windows is all there is, and six
 * loud hits of forty peaking within 0.2 dB of one another is chance, not yet a ceiling (a General
 * MIDI render's first 4 s read 17 % that way, its whole 20 s under 10 %).
 */
const SHARE_MIN_WINDOWS = 60;
/** The loudness of the windows at the ceiling must spread at least this much (dB, standard deviation). */
export const MOTION_MIN_DB = 0.25;
/**
 * Weight of a ceiling whose windows do not move in loudness, or in a steady signal: below
 * CLEAR_SCORE, so such a ceiling alone can neither raise a warning nor hold one up.
 */
export const STILL_CEILING_WEIGHT = 0.2;

/**
 * Windows of the history older than the span (the last 30 s) that peaked this far (dB) above the
 * span's top show that nothing holds the peaks at that top: a limiter or clipper never lets a
 * peak past its ceiling, while music whose loud part is further back (a verse after a chorus, a
 * tracker song's quieter pattern of one replayed sample) peaks below its earlier peaks. The
 * margin covers a limiter's own true-peak estimate and a true-peak overshoot of a sample-peak
 * limiter.
 *
 * Only a louder passage explains an earlier peak: a window counts when it passed the top by no
 * more than its short-term loudness was above the span's loudest, plus this margin. A limiter
 * auditioned gain-matched (switched in at the mix's former loudness) holds the peaks under the
 * plain mix's peaks of the last 30 s at the same loudness, and its ceiling would otherwise count
 * for nothing until they leave the history: on the real-music set's tune half, with 20 s of each
 * plain excerpt before its processed version matched to its RMS, this warns 722 of 1,707 within
 * 10 s instead of 489 (limiters 409 of 522 instead of 302), and no tune-half whole song changes.
 */
export const PASSED_DB = 1;

/**
 * How far (dB) the active windows of the history older than the span peaked above `top` in
 * `values`, taken at the third highest of them (≤ 0: not above; −Infinity: fewer than three):
 * a limiter without lookahead lets its first transient through (one window, or two across a
 * window boundary) before its gain comes down. Windows that peaked higher than their short-term
 * loudness above `loudestShortTerm` (the span's) accounts for, by more than PASSED_DB, are left
 * out: at the same loudness, peaks that were higher and are now held are a limiter's doing.
 */
export function passedBy(h: WindowHistory, span: number, values: Float64Array, top: number, loudestShortTerm: number): number {
  let first = -Infinity, second = -Infinity, third = -Infinity;
  for (let a = span; a < h.count; a++) {
    const k = h.at(a);
    if (!h.active(k)) continue;
    const v = values[k];
    if (v - top - Math.max(0, h.shortTerm[k] - loudestShortTerm) > PASSED_DB) continue;
    if (v > first) { third = second; second = first; first = v; }
    else if (v > second) { third = second; second = v; }
    else if (v > third) third = v;
  }
  return third - top;
}

/** Whether the peaks of the history stayed at or under the span's top (within PASSED_DB): a ceiling can hold there. */
function ceilingHolds(passedDb: number): boolean {
  return !(passedDb > PASSED_DB);
}

/** Whether the evidence's ceiling (true-peak or sample-peak, whichever it is) can hold where it is. */
export function ceilingHeld(e: MasteringEvidence): boolean {
  return ceilingHolds(e.ceilingIsTruePeak ? e.truePeakPassedDb : e.samplePeakPassedDb);
}

/** Whether the top sample peak (where exact hits and flat tops sit) can be a ceiling. */
export function samplePeakHeld(e: MasteringEvidence): boolean {
  return ceilingHolds(e.samplePeakPassedDb);
}

/** Windows at a level: their share of the active windows, the spread of their loudness, and how many separate moments they are. */
export interface Pinned {
  share: number;
  motion: number;
  /** Runs of windows at the level, adjacent windows counted once. */
  moments: number;
}

/** Weight of a ceiling whose windows move `motion` dB in loudness. */
export function ceilingWeight(motion: number, steady: boolean): number {
  return motion >= MOTION_MIN_DB && !steady ? 1 : STILL_CEILING_WEIGHT;
}

/**
 * Into `out`: the share of active windows at or above `level` (and at or under `upTo`) in
 * `values`, the loudness spread among them, and how many separate moments they are.
 */
export function pinned(h: WindowHistory, span: number, values: Float64Array, level: number, out: Pinned, upTo = Infinity): void {
  let n = 0, active = 0, sum = 0, sumSquares = 0, moments = 0, previousAt = -2;
  for (let a = 0; a < span; a++) {
    const k = h.at(a);
    if (!h.active(k)) continue;
    active++;
    if (values[k] < level || values[k] > upTo || h.repeats(a, span)) continue;
    n++;
    if (a !== previousAt + 1) moments++;
    previousAt = a;
    sum += h.loudness[k];
    sumSquares += h.loudness[k] * h.loudness[k];
  }
  const mean = n > 0 ? sum / n : 0;
  out.motion = n > 1 ? Math.sqrt(Math.max(0, sumSquares / n - mean * mean)) : 0;
  out.share = n >= CEILING_MIN_WINDOWS ? n / Math.max(active, SHARE_MIN_WINDOWS) : 0;
  out.moments = moments;
}

/** Of the active windows within NEAR_DB of `top` (the top one excluded), the share within `tolerance` of it. */
export function nearShare(h: WindowHistory, span: number, values: Float64Array, top: number, tolerance: number): number {
  let atTop = 0, near = 0;
  for (let a = 0; a < span; a++) {
    const k = h.at(a);
    if (!h.active(k)) continue;
    if (values[k] >= top - tolerance) atTop++;
    if (values[k] >= top - NEAR_DB) near++;
  }
  return near - 1 >= NEAR_MIN_WINDOWS ? (atTop - 1) / (near - 1) : 0;
}

/**
 * 0…1. Most of the windows that come within 3 dB of the top sitting exactly at it is the other
 * half of a ceiling (unlimited peaks spread over those 3 dB): it strengthens a ceiling seen in
 * enough windows.
 */
export function ceilingScore(share: number, near: number, moments: number, weight: number): number {
  return Math.min(1, clamp01((share - CEILING_LOW) / (CEILING_HIGH - CEILING_LOW)) + 0.5 * nearBoost(share, near, moments)) * weight;
}

/** 0…1: how much the windows near the top that sit at it strengthen a ceiling of `share` held in `moments` separate moments. */
export function nearBoost(share: number, near: number, moments: number): number {
  if (share < NEAR_BOOST_MIN_SHARE || (share < CEILING_LOW && moments < NEAR_BOOST_MIN_MOMENTS)) return 0;
  return clamp01((near - NEAR_LOW) / (NEAR_HIGH - NEAR_LOW));
}

/**
 * Whether a ceiling of `share` and `near` is evidence that counts (the wording names it then):
 * a share of the windows at the top above chance, or a smaller one that most of the windows near
 * the top join.
 */
export function ceilingCounts(share: number, near: number, moments: number): boolean {
  return share > CEILING_LOW || nearBoost(share, near, moments) > 0;
}
