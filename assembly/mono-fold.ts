// Mono compatibility: how much quieter the mono fold-down of channels 0 and 1 is than the
// stereo pair, both K-weighted (BS.1770-5; the same filters as the loudness measurement, which
// hands over its per-step energies: see monoFoldStep in loudness.ts).
//
// K-weighting is linear, so the fold-down M = (L+R)/2, played on both loudspeakers (the same
// power as (L+R)/√2 on one), has the K-weighted energy 2·E[(K(L)+K(R))²/4] = (eL + eR + 2·eLR)/2,
// with eL, eR the channels' energies and eLR = Σ K(L)·K(R). Only the cross term is new; the
// loss is 10·log10((eL + eR) / fold-down): 0 LU for identical channels, 3.01 LU for
// uncorrelated ones of equal loudness, unbounded (MONO_LOSS_LIMIT_LU) for an inverted pair.

import { MONO_LOSS_LIMIT_LU } from "../src/contract/readings-layout";

/** Below this per-step energy the pair counts as silent (loss 0). */
const SILENT: f64 = 1e-30;
/** Exponential averages below this are flushed to 0 (denormals are slow). */
const FLUSH: f64 = 1e-60;

/** When on, loudness.ts accumulates the cross term for channels 0 and 1. */
export let monoFoldOn = false;
let alpha: f64 = 1;
let averageLeft: f64 = 0;
let averageRight: f64 = 0;
let averageCross: f64 = 0;
let totalLeft: f64 = 0;
let totalRight: f64 = 0;
let totalCross: f64 = 0;
let maxLossSinceRead: f64 = -1;

export function enableMonoFold(on: bool): void {
  monoFoldOn = on;
  resetMonoFold();
}

/** Exponential weight of one kernel step for the stereo-field time constant. */
export function setMonoFoldAlpha(stepAlpha: f64): void {
  alpha = stepAlpha;
}

export function resetMonoFold(): void {
  averageLeft = 0;
  averageRight = 0;
  averageCross = 0;
  totalLeft = 0;
  totalRight = 0;
  totalCross = 0;
  maxLossSinceRead = -1;
}

/** Loss in LU of the fold-down from the energies of L, R and their cross term. */
export function monoLossLu(left: f64, right: f64, cross: f64): f64 {
  const stereo = left + right;
  if (!(stereo > SILENT)) return 0;
  const folded = (stereo + 2.0 * cross) / 2.0;
  if (!(folded > stereo * 1e-20)) return MONO_LOSS_LIMIT_LU;
  return min(MONO_LOSS_LIMIT_LU, max(0.0, 10.0 * Math.log10(stereo / folded)));
}

@inline function flushed(x: f64): f64 {
  return Math.abs(x) < FLUSH ? 0 : x;
}

/** One kernel step's K-weighted energies of channels 0 and 1 and their cross term. */
export function monoFold(left: f64, right: f64, cross: f64): void {
  averageLeft = flushed(averageLeft + alpha * (left - averageLeft));
  averageRight = flushed(averageRight + alpha * (right - averageRight));
  averageCross = flushed(averageCross + alpha * (cross - averageCross));
  totalLeft += left;
  totalRight += right;
  totalCross += cross;
  const loss = monoLossLu(averageLeft, averageRight, averageCross);
  if (loss > maxLossSinceRead) maxLossSinceRead = loss;
}

export function currentMonoLossLu(): f64 {
  return monoLossLu(averageLeft, averageRight, averageCross);
}

export function programmeMonoLossLu(): f64 {
  return monoLossLu(totalLeft, totalRight, totalCross);
}

/** Highest loss since the previous call (the current loss when no step closed in between). */
export function takeMaxMonoLossSinceRead(): f64 {
  const value = maxLossSinceRead >= 0 ? maxLossSinceRead : currentMonoLossLu();
  maxLossSinceRead = -1;
  return value;
}
