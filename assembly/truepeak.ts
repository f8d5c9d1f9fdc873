// True peak per ITU-R BS.1770-5 Annex 2: the signal is over-sampled so that the over-sampled
// rate is at least 176.4 kHz, and never less than 4× (23× at 8 kHz, 4× from 44.1 kHz up), and
// the peak of |x| is taken over the original and the interpolated points.
//
// The interpolator is a Kaiser-windowed sinc (β = 6) with 16 taps per phase and its cut-off at
// the original Nyquist frequency. That makes it a Nyquist filter: phase 0 is exactly the original
// sample, so the true peak can never read below the sample peak, and only the L − 1 other phases
// cost anything. Measured response of the interpolated phases: within 0.003 dB up to 0.35·fs and
// −0.2 dB at 0.4·fs — flatter than the standard's 48-tap example, which under-reads near fs/2.
//
// Speed: each SIMD lane holds one of four consecutive output points of one phase, so a phase
// costs 16 multiply-adds per four samples. A group of GROUP_FRAMES samples is skipped when
// the filter's gain bound times the group's sample peak can neither raise the true peak read
// so far nor exceed 0 dBTP; the skip is exact, it never changes a reading.

import { GROUP_FRAMES, GROUP_PEAKS, HISTORY_PAD, TP_COEFFICIENTS, TP_MAX_PHASES, TP_TAPS_PER_PHASE, WORK, WORK_STRIDE } from "./memory";
import { getStat, setStat, TRUE_PEAK_OVERS, TRUE_PEAK_SINCE_READ, TRUE_PEAK_WINDOW } from "./channel-stats";
import { windowPeakFloor } from "./mastering";

const TAPS: i32 = TP_TAPS_PER_PHASE;
const KAISER_BETA: f64 = 6.0;
/** The over-sampled rate must reach this (BS.1770-5 asks ≥ 192 kHz at 48 kHz, i.e. 4×). */
const MIN_OVERSAMPLED_RATE: f64 = 176400.0;
/** A true peak above this is an over (0 dBTP). */
const OVER_LEVEL: f32 = 1.0;
const MIN_PHASES: i32 = 4;

/** Over-sampling factor L in use. */
export let phases: i32 = 1;
/** Upper bound of |interpolated| / (peak of the 16 input samples used), with a margin for rounding. */
let gainBound: f32 = 1;

function besselI0(x: f64): f64 {
  let sum = 1.0;
  let term = 1.0;
  for (let k = 1; k < 60; k++) {
    const t = x / (2.0 * <f64>k);
    term *= t * t;
    sum += term;
  }
  return sum;
}

/** Designs the polyphase interpolator for `sampleRate`. */
export function designTruePeak(sampleRate: f64): void {
  phases = <i32>Math.ceil(MIN_OVERSAMPLED_RATE / sampleRate - 1e-9);
  // The EBU 3341 true-peak signals scale with the rate (an fs/4 sine at 45° hides 3 dB between
  // samples at any rate) and tests 15–23 must pass at every rate: with 2 phases the bursts of
  // tests 21 and 23 read −0.46 dB, so never fewer than 4.
  if (phases < MIN_PHASES) phases = MIN_PHASES;
  if (phases > TP_MAX_PHASES) phases = TP_MAX_PHASES;
  const length = phases * TAPS;
  const centre = <f64>length / 2.0;
  const windowNorm = besselI0(KAISER_BETA);
  let worstGain: f64 = 1.0;
  for (let p = 1; p < phases; p++) {
    let gain: f64 = 0;
    // Tap j multiplies x[m − (TAPS − 1) + j]; it is h[p + (TAPS − 1 − j)·L] of the prototype.
    for (let j = 0; j < TAPS; j++) {
      const n = <f64>(p + (TAPS - 1 - j) * phases);
      const u = (n - centre) / <f64>phases;
      const sinc = Math.sin(Math.PI * u) / (Math.PI * u);
      const r = (n - centre) / centre;
      const window = besselI0(KAISER_BETA * Math.sqrt(Math.max(0.0, 1.0 - r * r))) / windowNorm;
      const h = <f32>(sinc * window);
      v128.store(coefficientAddress(p, j), f32x4.splat(h));
      gain += Math.abs(<f64>h);
    }
    if (gain > worstGain) worstGain = gain;
  }
  gainBound = <f32>(worstGain * 1.0001);
}

/**
 * Finds the true peak of `frames` new samples of `channel` (already in its work buffer, after
 * the history) and shifts the history. `chunkPeak` is the chunk's sample peak.
 */
export function measureTruePeak(channel: i32, frames: i32, chunkPeak: f32): void {
  const work = WORK + <usize>(channel * WORK_STRIDE);
  const chunk = work + <usize>(HISTORY_PAD << 2);
  // Output m uses x[m − 15 … m]; with phase 0 being x[m − 8], the points of output m lie
  // between x[m − 8] and x[m − 7].
  const history = chunk - <usize>((TAPS - 1) << 2);
  let historyPeak: f32 = 0;
  for (let i = 0; i < TAPS - 1; i++) historyPeak = Mathf.max(historyPeak, Mathf.abs(load<f32>(history + <usize>(i << 2))));

  let peak = Mathf.max(<f32>getStat(channel, TRUE_PEAK_SINCE_READ), chunkPeak);
  // The peak of the current mastering-feature window (the host splits chunks at window ends).
  let featurePeak = Mathf.max(<f32>getStat(channel, TRUE_PEAK_WINDOW), chunkPeak);
  // Window peaks need to be exact only at or above the floor (see mastering.ts).
  const featureFloor = windowPeakFloor;
  let overs: i32 = 0;
  let previousGroupPeak = historyPeak;
  let group = 0;
  for (let start = 0; start < frames; start += GROUP_FRAMES, group++) {
    const end = min(start + GROUP_FRAMES, frames);
    const groupPeak = load<f32>(GROUP_PEAKS + <usize>(group << 2));
    const windowPeak = Mathf.max(groupPeak, previousGroupPeak);
    previousGroupPeak = groupPeak;
    const bound = windowPeak * gainBound;
    const mayBeOver = bound > OVER_LEVEL;
    // Skipped only when the group can raise neither the since-read nor the window peak.
    if (bound <= Mathf.min(peak, Mathf.max(featurePeak, featureFloor)) && !mayBeOver) continue;
    if (phases == 1) {
      if (mayBeOver) overs += countSampleOvers(chunk, start, end);
      continue;
    }
    let overMask: u32 = 0;
    const quads = (end - start) >> 2;
    let peaks = f32x4.splat(0);
    for (let p = 1; p < phases; p++) {
      const coefficients = coefficientAddress(p, 0);
      let q = 0;
      for (; q + 1 < quads; q += 2) {
        // Two quads per pass share each coefficient load and give the CPU two independent
        // sums; written out tap by tap, in the same order of operations as interpolateFour.
        const window = history + <usize>((start + (q << 2)) << 2);
        let c = v128.load(coefficients);
        let low = f32x4.mul(v128.load(window), c);
        let high = f32x4.mul(v128.load(window, 16), c);
        c = v128.load(coefficients, 16);
        low = f32x4.add(low, f32x4.mul(v128.load(window, 4), c));
        high = f32x4.add(high, f32x4.mul(v128.load(window, 20), c));
        c = v128.load(coefficients, 32);
        low = f32x4.add(low, f32x4.mul(v128.load(window, 8), c));
        high = f32x4.add(high, f32x4.mul(v128.load(window, 24), c));
        c = v128.load(coefficients, 48);
        low = f32x4.add(low, f32x4.mul(v128.load(window, 12), c));
        high = f32x4.add(high, f32x4.mul(v128.load(window, 28), c));
        c = v128.load(coefficients, 64);
        low = f32x4.add(low, f32x4.mul(v128.load(window, 16), c));
        high = f32x4.add(high, f32x4.mul(v128.load(window, 32), c));
        c = v128.load(coefficients, 80);
        low = f32x4.add(low, f32x4.mul(v128.load(window, 20), c));
        high = f32x4.add(high, f32x4.mul(v128.load(window, 36), c));
        c = v128.load(coefficients, 96);
        low = f32x4.add(low, f32x4.mul(v128.load(window, 24), c));
        high = f32x4.add(high, f32x4.mul(v128.load(window, 40), c));
        c = v128.load(coefficients, 112);
        low = f32x4.add(low, f32x4.mul(v128.load(window, 28), c));
        high = f32x4.add(high, f32x4.mul(v128.load(window, 44), c));
        c = v128.load(coefficients, 128);
        low = f32x4.add(low, f32x4.mul(v128.load(window, 32), c));
        high = f32x4.add(high, f32x4.mul(v128.load(window, 48), c));
        c = v128.load(coefficients, 144);
        low = f32x4.add(low, f32x4.mul(v128.load(window, 36), c));
        high = f32x4.add(high, f32x4.mul(v128.load(window, 52), c));
        c = v128.load(coefficients, 160);
        low = f32x4.add(low, f32x4.mul(v128.load(window, 40), c));
        high = f32x4.add(high, f32x4.mul(v128.load(window, 56), c));
        c = v128.load(coefficients, 176);
        low = f32x4.add(low, f32x4.mul(v128.load(window, 44), c));
        high = f32x4.add(high, f32x4.mul(v128.load(window, 60), c));
        c = v128.load(coefficients, 192);
        low = f32x4.add(low, f32x4.mul(v128.load(window, 48), c));
        high = f32x4.add(high, f32x4.mul(v128.load(window, 64), c));
        c = v128.load(coefficients, 208);
        low = f32x4.add(low, f32x4.mul(v128.load(window, 52), c));
        high = f32x4.add(high, f32x4.mul(v128.load(window, 68), c));
        c = v128.load(coefficients, 224);
        low = f32x4.add(low, f32x4.mul(v128.load(window, 56), c));
        high = f32x4.add(high, f32x4.mul(v128.load(window, 72), c));
        c = v128.load(coefficients, 240);
        low = f32x4.add(low, f32x4.mul(v128.load(window, 60), c));
        high = f32x4.add(high, f32x4.mul(v128.load(window, 76), c));
        const first = f32x4.abs(low);
        const second = f32x4.abs(high);
        peaks = f32x4.max(peaks, f32x4.max(first, second));
        if (mayBeOver) {
          const over = f32x4.splat(OVER_LEVEL);
          overMask |= <u32>i32x4.bitmask(f32x4.gt(first, over)) << (q << 2);
          overMask |= <u32>i32x4.bitmask(f32x4.gt(second, over)) << ((q + 1) << 2);
        }
      }
      for (; q < quads; q++) {
        const magnitude = f32x4.abs(interpolateFour(history + <usize>((start + (q << 2)) << 2), coefficients));
        peaks = f32x4.max(peaks, magnitude);
        if (mayBeOver) {
          overMask |= <u32>i32x4.bitmask(f32x4.gt(magnitude, f32x4.splat(OVER_LEVEL))) << (q << 2);
        }
      }
      for (let m = start + (quads << 2); m < end; m++) {
        const y = Mathf.abs(interpolateOne(history + <usize>(m << 2), coefficients));
        if (y > peak) peak = y;
        if (y > featurePeak) featurePeak = y;
        if (y > OVER_LEVEL) overMask |= 1 << (m - start);
      }
    }
    const groupTruePeak = Mathf.max(
      Mathf.max(f32x4.extract_lane(peaks, 0), f32x4.extract_lane(peaks, 1)),
      Mathf.max(f32x4.extract_lane(peaks, 2), f32x4.extract_lane(peaks, 3)),
    );
    peak = Mathf.max(peak, groupTruePeak);
    featurePeak = Mathf.max(featurePeak, groupTruePeak);
    if (mayBeOver) {
      // Phase 0 of output m is the original sample x[m − 8].
      for (let m = start; m < end; m++) {
        if (Mathf.abs(load<f32>(history + <usize>((m + (TAPS >> 1) - 1) << 2))) > OVER_LEVEL) overMask |= 1 << (m - start);
      }
      overs += popcnt<u32>(overMask);
    }
  }
  setStat(channel, TRUE_PEAK_SINCE_READ, <f64>peak);
  setStat(channel, TRUE_PEAK_WINDOW, <f64>featurePeak);
  if (overs) setStat(channel, TRUE_PEAK_OVERS, getStat(channel, TRUE_PEAK_OVERS) + <f64>overs);
  // Keep the last TAPS − 1 samples as the next chunk's history.
  memory.copy(history, history + <usize>(frames << 2), <usize>((TAPS - 1) << 2));
}

@inline function coefficientAddress(phase: i32, tap: i32): usize {
  return TP_COEFFICIENTS + <usize>((phase * TAPS + tap) << 4);
}

@inline function tap(acc: v128, window: usize, coefficients: usize, j: i32): v128 {
  return f32x4.add(acc, f32x4.mul(v128.load(window + <usize>(j << 2)), v128.load(coefficients + <usize>(j << 4))));
}

/**
 * Four consecutive outputs of one phase; `window` points at x[m − 15] of the first. Written out
 * tap by tap: neither Binaryen nor V8 unrolls the loop, and the loop costs twice as much.
 */
@inline function interpolateFour(window: usize, coefficients: usize): v128 {
  let acc = f32x4.mul(v128.load(window), v128.load(coefficients));
  acc = tap(acc, window, coefficients, 1);
  acc = tap(acc, window, coefficients, 2);
  acc = tap(acc, window, coefficients, 3);
  acc = tap(acc, window, coefficients, 4);
  acc = tap(acc, window, coefficients, 5);
  acc = tap(acc, window, coefficients, 6);
  acc = tap(acc, window, coefficients, 7);
  acc = tap(acc, window, coefficients, 8);
  acc = tap(acc, window, coefficients, 9);
  acc = tap(acc, window, coefficients, 10);
  acc = tap(acc, window, coefficients, 11);
  acc = tap(acc, window, coefficients, 12);
  acc = tap(acc, window, coefficients, 13);
  acc = tap(acc, window, coefficients, 14);
  acc = tap(acc, window, coefficients, 15);
  return acc;
}

@inline function interpolateOne(window: usize, coefficients: usize): f32 {
  let acc: f32 = load<f32>(window) * f32x4.extract_lane(v128.load(coefficients), 0);
  for (let j = 1; j < TAPS; j++) {
    acc += load<f32>(window + <usize>(j << 2)) * f32x4.extract_lane(v128.load(coefficients + <usize>(j << 4)), 0);
  }
  return acc;
}

function countSampleOvers(chunk: usize, start: i32, end: i32): i32 {
  let overs = 0;
  for (let i = start; i < end; i++) {
    if (Mathf.abs(load<f32>(chunk + <usize>(i << 2))) > OVER_LEVEL) overs++;
  }
  return overs;
}

/** Moves `frames` new samples of `channel` into the filter history without measuring them. */
export function followTruePeak(channel: i32, frames: i32): void {
  const history = WORK + <usize>(channel * WORK_STRIDE + ((HISTORY_PAD - (TAPS - 1)) << 2));
  memory.copy(history, history + <usize>(frames << 2), <usize>((TAPS - 1) << 2));
}
