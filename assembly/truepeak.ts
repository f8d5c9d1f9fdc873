// Longer than 400 lines on purpose: one DSP stage (polyphase oversampling at every rate, overs, clip runs) whose coefficient tables are long.
// True peak per ITU-R BS.1770-5 Annex 2: the signal is over-sampled so that the over-sampled
// rate is at least 176.4 kHz, and never less than 4× (23× at 8 kHz, 4× from 44.1 kHz up), and
// the peak of |x| is taken over the original and the interpolated points.
//
// The interpolator is a Kaiser-windowed sinc (β = 5) with 14 taps per phase and its cut-off at
// the original Nyquist frequency. That makes it a Nyquist filter: phase 0 is exactly the original
// sample, so the true peak can never read below the sample peak, and only the L − 1 other phases
// cost anything. Response of the interpolated phases: within 0.015 dB up to 0.35·fs and −0.24 dB
// at 0.4·fs — flatter than the standard's 48-tap example, which under-reads near fs/2.
//
// Speed: each SIMD lane holds one of four consecutive output points of one phase, so a phase
// costs 14 multiply-adds per four samples (the symmetric middle phase 7). A group of
// GROUP_FRAMES samples is skipped when
// the filter's gain bound times the group's sample peak can neither raise the true peak read
// so far nor exceed 0 dBTP; the skip is exact, it never changes a reading.
//
// Float input of any finite level: float32 partial sums of samples near the float32 limit
// (3.4e38) overflow to ±Infinity and their difference is NaN. An output whose 14 input samples
// reach WIDE_LEVEL (2^100, +602 dBFS) is therefore interpolated in f64 (measureWideGroup), and
// peaks are carried in f64 between chunks, so that a true peak above the float32 limit is kept.
// Every other output is computed as before, bit for bit, whatever the chunking.

import { GROUP_FRAMES, GROUP_PEAKS, HISTORY_PAD, TP_ANCHOR, TP_BOUND_WEIGHTS, TP_COEFFICIENTS, TP_FOLDED_COEFFICIENTS, TP_MAX_PHASES, TP_TAPS_PER_PHASE, WORK, WORK_STRIDE } from "./memory";
import { getStat, setStat, TRUE_PEAK_OVERS, TRUE_PEAK_SINCE_READ, TRUE_PEAK_WINDOW } from "./channel-stats";
import { windowPeakFloor } from "./mastering";

const TAPS: i32 = TP_TAPS_PER_PHASE;
const KAISER_BETA: f64 = 5.0;
/** The over-sampled rate must reach this (BS.1770-5 asks ≥ 192 kHz at 48 kHz, i.e. 4×). */
const MIN_OVERSAMPLED_RATE: f64 = 176400.0;
/** A true peak above this is an over (0 dBTP). */
const OVER_LEVEL: f32 = 1.0;
const MIN_PHASES: i32 = 4;
/**
 * Outputs whose input samples reach this magnitude (2^100) are interpolated in f64. Below it no
 * float32 partial sum can overflow: each is at most Σ|coefficient pairs| · 2 · |sample| < 2^6 ·
 * |sample| < 2^106, far from the float32 limit 2^128.
 */
const WIDE_LEVEL: f32 = 1.2676506002282294e30;
/** Largest finite float32. */
const F32_MAX: f64 = 3.4028234663852886e38;

/** Over-sampling factor L in use. */
export let phases: i32 = 1;
/** Upper bound of |interpolated| / (peak of the 14 input samples used), with a margin for rounding. */
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
  if (phases == 4) foldCoefficients();
}

/**
 * At 4× (every rate from 44.1 kHz up) phase 3 is phase 1 time-reversed (tap j of one is tap
 * TAPS − 1 − j of the other) and phase 2 is symmetric. With a_j the window samples, the sum
 * S = y1 + y3 = Σ (c_j + c_{13−j})·(a_j + a_{13−j}) and the difference D = y1 − y3 =
 * Σ (c_j − c_{13−j})·(a_j − a_{13−j}) take 7 multiplications each, y2 reuses the mirrored
 * sums, and max(|y1|, |y3|) = (|S| + |D|)/2 exactly: a quarter fewer operations and half the
 * loads of filtering each phase on its own.
 */
function foldCoefficients(): void {
  for (let j = 0; j < TAPS >> 1; j++) {
    const tap = <f64>coefficient(coefficientAddress(1, 0), j);
    const mirror = <f64>coefficient(coefficientAddress(1, 0), TAPS - 1 - j);
    v128.store(foldedAddress(0, j), f32x4.splat(<f32>(tap + mirror)));
    v128.store(foldedAddress(1, j), f32x4.splat(<f32>(tap - mirror)));
    v128.store(foldedAddress(2, j), f32x4.splat(coefficient(coefficientAddress(2, 0), j)));
  }
  deriveQuadBound();
}

/** Far-tap weights of the per-quad bound (times the group's window peak). */
let outerFarWeight: f32 = 0;
let middleFarWeight: f32 = 0;
/**
 * The bound's margin: far above the rounding of the folded sums and of the bound itself
 * (a few float32 roundings each, about 1e-6 relative to Σ|weight·x|).
 */
const QUAD_BOUND_MARGIN: f64 = 1.001;

/**
 * The per-quad bound of quadMayRise, from the folded coefficients as foldedFour uses them:
 * (S + D)/2 weighs a_j by |cs_j + cd_j|/2 and a_(13−j) by |cs_j − cd_j|/2, (S − D)/2 the other
 * way round, the middle phase both by |cm_j|. Pairs 6 (the centre samples a_6, a_7), 4–5 (the
 * near samples a_4, a_5, a_8, a_9) and 0–3 (the far ones) are bounded separately.
 */
function deriveQuadBound(): void {
  let outerBig: f64 = 0, outerSmall: f64 = 0, outerNear: f64 = 0, outerFar: f64 = 0;
  let middleCentre: f64 = 0, middleNear: f64 = 0, middleFar: f64 = 0;
  for (let j = 0; j < TAPS >> 1; j++) {
    const sum = <f64>coefficient(foldedAddress(0, 0), j);
    const difference = <f64>coefficient(foldedAddress(1, 0), j);
    const middle = Math.abs(<f64>coefficient(foldedAddress(2, 0), j));
    const first = Math.abs(sum + difference) / 2.0;
    const second = Math.abs(sum - difference) / 2.0;
    if (j == (TAPS >> 1) - 1) {
      outerBig = Math.max(first, second);
      outerSmall = Math.min(first, second);
      middleCentre = middle;
    } else if (j >= (TAPS >> 1) - 3) {
      outerNear += first + second;
      middleNear += 2.0 * middle;
    } else {
      outerFar += first + second;
      middleFar += 2.0 * middle;
    }
  }
  v128.store(TP_BOUND_WEIGHTS, f32x4.splat(<f32>(outerBig * QUAD_BOUND_MARGIN)));
  v128.store(TP_BOUND_WEIGHTS, f32x4.splat(<f32>(outerSmall * QUAD_BOUND_MARGIN)), 16);
  v128.store(TP_BOUND_WEIGHTS, f32x4.splat(<f32>(outerNear * QUAD_BOUND_MARGIN)), 32);
  v128.store(TP_BOUND_WEIGHTS, f32x4.splat(<f32>(middleCentre * QUAD_BOUND_MARGIN)), 48);
  v128.store(TP_BOUND_WEIGHTS, f32x4.splat(<f32>(middleNear * QUAD_BOUND_MARGIN)), 64);
  outerFarWeight = <f32>(outerFar * QUAD_BOUND_MARGIN);
  middleFarWeight = <f32>(middleFar * QUAD_BOUND_MARGIN);
}

/**
 * Whether a point of the quad at `window` (as foldedFour) may exceed `threshold`: per output,
 * |point| ≤ weights·(larger and smaller |centre sample|, largest |near sample|) + far weight ·
 * the group's window peak (`outerFar`, `middleFar`). The group bound (gain · window peak) lets
 * through nearly every group of music or noise; this one skips about two quads in three of
 * them, for about a quarter of what computing one costs. A NaN threshold skips nothing.
 */
@inline function quadMayRise(window: usize, absMask: v128, outerFar: v128, middleFar: v128, threshold: v128): bool {
  const left = v128.and(v128.load(window, 24), absMask);
  const right = v128.and(v128.load(window, 28), absMask);
  // Lanes are ≥ +0 and never NaN: pmax and pmin are max and min.
  const high = f32x4.pmax(left, right);
  const low = f32x4.pmin(left, right);
  const near = f32x4.pmax(
    f32x4.pmax(v128.and(v128.load(window, 16), absMask), v128.and(v128.load(window, 20), absMask)),
    f32x4.pmax(v128.and(v128.load(window, 32), absMask), v128.and(v128.load(window, 36), absMask)),
  );
  const outer = f32x4.add(f32x4.add(f32x4.add(
    f32x4.mul(high, v128.load(TP_BOUND_WEIGHTS)), f32x4.mul(low, v128.load(TP_BOUND_WEIGHTS, 16))),
    f32x4.mul(near, v128.load(TP_BOUND_WEIGHTS, 32))), outerFar);
  const middle = f32x4.add(f32x4.add(
    f32x4.mul(f32x4.add(high, low), v128.load(TP_BOUND_WEIGHTS, 48)),
    f32x4.mul(near, v128.load(TP_BOUND_WEIGHTS, 64))), middleFar);
  return i32x4.bitmask(f32x4.le(f32x4.pmax(outer, middle), threshold)) != 0xf;
}

/** Folded coefficient `kind` (0 = sum, 1 = difference, 2 = middle phase) of tap pair j. */
@inline function foldedAddress(kind: i32, j: i32): usize {
  return TP_FOLDED_COEFFICIENTS + <usize>((kind * (TAPS >> 1) + j) << 4);
}

/** Lanes: the |x| mask, 0.5 and OVER_LEVEL (f32). */
const LOOP_CONSTANTS: usize = memory.data<u32>([
  0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff,
  0x3f000000, 0x3f000000, 0x3f000000, 0x3f000000,
  0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000,
], 16);

/** Every lane's maximum in lane 0 (pmax: the lanes are never NaN). */
@inline function reduceMax(v: v128): v128 {
  const pairs = f32x4.pmax(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.pmax(pairs, v128.shuffle<f32>(pairs, pairs, 1, 0, 3, 2));
}

/**
 * Finds the true peak of `frames` new samples of `channel` (already in its work buffer, after
 * the history) and shifts the history. `chunkPeak` is the chunk's sample peak.
 */
export function measureTruePeak(channel: i32, frames: i32, chunkPeak: f32): void {
  const work = WORK + <usize>(channel * WORK_STRIDE);
  const chunk = work + <usize>(HISTORY_PAD << 2);
  // Output m uses x[m − (TAPS − 1) … m]; with phase 0 being x[m − TAPS/2], the points of
  // output m lie between x[m − TAPS/2] and the sample after it.
  const history = chunk - <usize>((TAPS - 1) << 2);
  // Loaded once: V8 rebuilds a v128 constant at every use inside a loop.
  const absMask = v128.load(LOOP_CONSTANTS);
  const half = v128.load(LOOP_CONSTANTS, 16);
  const one = v128.load(LOOP_CONSTANTS, 32);
  // The largest |x| of the 13 history samples (four vectors, the last two overlapping).
  const historyPeak = f32x4.extract_lane(reduceMax(f32x4.pmax(
    f32x4.pmax(v128.and(v128.load(history), absMask), v128.and(v128.load(history, 16), absMask)),
    f32x4.pmax(v128.and(v128.load(history, 32), absMask), v128.and(v128.load(history, 36), absMask)),
  )), 0);

  // The stored peaks are f64 and may exceed the float32 range (see measureWideGroup): the f32
  // loop variables start from them clamped, and the larger of both is stored back.
  const storedPeak = getStat(channel, TRUE_PEAK_SINCE_READ);
  let peak = Mathf.max(<f32>min(storedPeak, F32_MAX), chunkPeak);
  // The peak of the current mastering-feature window (the host splits chunks at window ends).
  const storedFeaturePeak = getStat(channel, TRUE_PEAK_WINDOW);
  let featurePeak = Mathf.max(<f32>min(storedFeaturePeak, F32_MAX), chunkPeak);
  // The largest f64 point of wide groups (0 when there was none).
  let widePeakMax: f64 = 0;
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
    if (windowPeak >= WIDE_LEVEL) {
      // Rare (samples beyond +602 dBFS): point by point, f64 where float32 sums could overflow.
      overMask = measureWideGroup(history, start, end);
      widePeakMax = max(widePeakMax, widePeak);
      const narrow = <f32>min(widePeak, F32_MAX);
      peak = Mathf.max(peak, narrow);
      featurePeak = Mathf.max(featurePeak, narrow);
      // mayBeOver holds here (the bound is far above 1): phase 0's overs as below.
      for (let m = start; m < end; m++) {
        if (Mathf.abs(load<f32>(history + <usize>((m + (TAPS >> 1) - 1) << 2))) > OVER_LEVEL) overMask |= 1 << (m - start);
      }
      overs += popcnt<u32>(overMask);
      continue;
    }
    const quads = (end - start) >> 2;
    // No point here can be NaN or infinite: every sample is below WIDE_LEVEL, so no float32 sum
    // overflows, and pmax is the plain maximum.
    let peaks = f32x4.splat(0);
    if (phases == 4) {
      // Quads that can raise neither peak (nor be an over) are skipped; the skip is exact for
      // both peaks, so the group-level test above still alone decides what stays below the floor.
      const outerFar = f32x4.splat(windowPeak * outerFarWeight);
      const middleFar = f32x4.splat(windowPeak * middleFarWeight);
      const quadThreshold = Mathf.min(peak, featurePeak);
      // Overs are counted only when the group may have one: a loop of its own, so that the
      // common loop carries no over test (V8 would compute it and select, not branch).
      if (mayBeOver) {
        const threshold = f32x4.splat(Mathf.min(quadThreshold, OVER_LEVEL));
        for (let q = 0; q < quads; q++) {
          const window = history + <usize>((start + (q << 2)) << 2);
          if (!quadMayRise(window, absMask, outerFar, middleFar, threshold)) continue;
          const magnitude = foldedFour(window, absMask, half);
          peaks = f32x4.pmax(peaks, magnitude);
          overMask |= <u32>i32x4.bitmask(f32x4.gt(magnitude, one)) << (q << 2);
        }
      } else {
        const threshold = f32x4.splat(quadThreshold);
        for (let q = 0; q < quads; q++) {
          const window = history + <usize>((start + (q << 2)) << 2);
          if (!quadMayRise(window, absMask, outerFar, middleFar, threshold)) continue;
          peaks = f32x4.pmax(peaks, foldedFour(window, absMask, half));
        }
      }
      for (let m = start + (quads << 2); m < end; m++) {
        const y = foldedOne(history + <usize>(m << 2));
        if (y > peak) peak = y;
        if (y > featurePeak) featurePeak = y;
        if (y > OVER_LEVEL) overMask |= 1 << (m - start);
      }
    }
    for (let p = 1; p < phases && phases != 4; p++) {
      const coefficients = coefficientAddress(p, 0);
      // With an even factor the middle phase is symmetric (its taps read the same both ways):
      // mirrored samples are added first, halving its multiplications.
      const symmetric = p << 1 == phases;
      let q = 0;
      if (symmetric) {
        for (; q < quads; q++) {
          const magnitude = f32x4.abs(interpolateFourSymmetric(history + <usize>((start + (q << 2)) << 2), coefficients));
          peaks = f32x4.max(peaks, magnitude);
          if (mayBeOver) {
            overMask |= <u32>i32x4.bitmask(f32x4.gt(magnitude, f32x4.splat(OVER_LEVEL))) << (q << 2);
          }
        }
      }
      for (; q + 1 < quads; q += 2) {
        // Two quads per pass share each coefficient load; each output is summed as even taps +
        // odd taps, so four independent chains keep the CPU busy (a single chain of 14 adds
        // would wait on each add's latency). Same order of operations as interpolateFour.
        const window = history + <usize>((start + (q << 2)) << 2);
        let c = v128.load(coefficients);
        let lowEven = f32x4.mul(v128.load(window), c);
        let highEven = f32x4.mul(v128.load(window, 16), c);
        c = v128.load(coefficients, 16);
        let lowOdd = f32x4.mul(v128.load(window, 4), c);
        let highOdd = f32x4.mul(v128.load(window, 20), c);
        c = v128.load(coefficients, 32);
        lowEven = f32x4.add(lowEven, f32x4.mul(v128.load(window, 8), c));
        highEven = f32x4.add(highEven, f32x4.mul(v128.load(window, 24), c));
        c = v128.load(coefficients, 48);
        lowOdd = f32x4.add(lowOdd, f32x4.mul(v128.load(window, 12), c));
        highOdd = f32x4.add(highOdd, f32x4.mul(v128.load(window, 28), c));
        c = v128.load(coefficients, 64);
        lowEven = f32x4.add(lowEven, f32x4.mul(v128.load(window, 16), c));
        highEven = f32x4.add(highEven, f32x4.mul(v128.load(window, 32), c));
        c = v128.load(coefficients, 80);
        lowOdd = f32x4.add(lowOdd, f32x4.mul(v128.load(window, 20), c));
        highOdd = f32x4.add(highOdd, f32x4.mul(v128.load(window, 36), c));
        c = v128.load(coefficients, 96);
        lowEven = f32x4.add(lowEven, f32x4.mul(v128.load(window, 24), c));
        highEven = f32x4.add(highEven, f32x4.mul(v128.load(window, 40), c));
        c = v128.load(coefficients, 112);
        lowOdd = f32x4.add(lowOdd, f32x4.mul(v128.load(window, 28), c));
        highOdd = f32x4.add(highOdd, f32x4.mul(v128.load(window, 44), c));
        c = v128.load(coefficients, 128);
        lowEven = f32x4.add(lowEven, f32x4.mul(v128.load(window, 32), c));
        highEven = f32x4.add(highEven, f32x4.mul(v128.load(window, 48), c));
        c = v128.load(coefficients, 144);
        lowOdd = f32x4.add(lowOdd, f32x4.mul(v128.load(window, 36), c));
        highOdd = f32x4.add(highOdd, f32x4.mul(v128.load(window, 52), c));
        c = v128.load(coefficients, 160);
        lowEven = f32x4.add(lowEven, f32x4.mul(v128.load(window, 40), c));
        highEven = f32x4.add(highEven, f32x4.mul(v128.load(window, 56), c));
        c = v128.load(coefficients, 176);
        lowOdd = f32x4.add(lowOdd, f32x4.mul(v128.load(window, 44), c));
        highOdd = f32x4.add(highOdd, f32x4.mul(v128.load(window, 60), c));
        c = v128.load(coefficients, 192);
        lowEven = f32x4.add(lowEven, f32x4.mul(v128.load(window, 48), c));
        highEven = f32x4.add(highEven, f32x4.mul(v128.load(window, 64), c));
        c = v128.load(coefficients, 208);
        lowOdd = f32x4.add(lowOdd, f32x4.mul(v128.load(window, 52), c));
        highOdd = f32x4.add(highOdd, f32x4.mul(v128.load(window, 68), c));
        const low = f32x4.add(lowEven, lowOdd);
        const high = f32x4.add(highEven, highOdd);
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
        const window = history + <usize>(m << 2);
        const y = Mathf.abs(symmetric ? interpolateOneSymmetric(window, coefficients) : interpolateOne(window, coefficients));
        if (y > peak) peak = y;
        if (y > featurePeak) featurePeak = y;
        if (y > OVER_LEVEL) overMask |= 1 << (m - start);
      }
    }
    const groupTruePeak = f32x4.extract_lane(reduceMax(peaks), 0);
    peak = Mathf.max(peak, groupTruePeak);
    featurePeak = Mathf.max(featurePeak, groupTruePeak);
    if (mayBeOver) {
      // Phase 0 of output m is the original sample x[m − TAPS/2].
      for (let m = start; m < end; m++) {
        if (Mathf.abs(load<f32>(history + <usize>((m + (TAPS >> 1) - 1) << 2))) > OVER_LEVEL) overMask |= 1 << (m - start);
      }
      overs += popcnt<u32>(overMask);
    }
  }
  setStat(channel, TRUE_PEAK_SINCE_READ, max(max(storedPeak, <f64>peak), widePeakMax));
  setStat(channel, TRUE_PEAK_WINDOW, max(max(storedFeaturePeak, <f64>featurePeak), widePeakMax));
  if (overs) setStat(channel, TRUE_PEAK_OVERS, getStat(channel, TRUE_PEAK_OVERS) + <f64>overs);
  // Keep the last TAPS − 1 samples as the next chunk's history.
  moveHistory(history, history + <usize>(frames << 2));
}

/**
 * Moves the TAPS − 1 = 13 history samples (52 bytes) from `from` to `to` as memory.copy would,
 * overlap included (every load comes before any store), without the call V8 makes into C for a
 * memory.copy.
 */
@inline function moveHistory(to: usize, from: usize): void {
  if (TAPS != 14) ERROR("moveHistory moves 13 samples");
  const first = v128.load(from);
  const second = v128.load(from, 16);
  const third = v128.load(from, 32);
  const last = load<f32>(from, 48);
  v128.store(to, first);
  v128.store(to, second, 16);
  v128.store(to, third, 32);
  store<f32>(to, last, 48);
}

@inline function coefficientAddress(phase: i32, tap: i32): usize {
  return TP_COEFFICIENTS + <usize>((phase * TAPS + tap) << 4);
}

@inline function tap(acc: v128, window: usize, coefficients: usize, j: i32): v128 {
  return f32x4.add(acc, f32x4.mul(v128.load(window + <usize>(j << 2)), v128.load(coefficients + <usize>(j << 4))));
}

/**
 * Four consecutive outputs of one phase; `window` points at x[m − (TAPS − 1)] of the first.
 * Written out tap by tap: neither Binaryen nor V8 unrolls the loop, which costs twice as much.
 */
@inline function interpolateFour(window: usize, coefficients: usize): v128 {
  let even = f32x4.mul(v128.load(window), v128.load(coefficients));
  let odd = f32x4.mul(v128.load(window, 4), v128.load(coefficients, 16));
  even = tap(even, window, coefficients, 2);
  even = tap(even, window, coefficients, 4);
  even = tap(even, window, coefficients, 6);
  even = tap(even, window, coefficients, 8);
  even = tap(even, window, coefficients, 10);
  even = tap(even, window, coefficients, 12);
  odd = tap(odd, window, coefficients, 3);
  odd = tap(odd, window, coefficients, 5);
  odd = tap(odd, window, coefficients, 7);
  odd = tap(odd, window, coefficients, 9);
  odd = tap(odd, window, coefficients, 11);
  odd = tap(odd, window, coefficients, 13);
  return f32x4.add(even, odd);
}

@inline function mirroredTap(acc: v128, window: usize, coefficients: usize, j: i32): v128 {
  return f32x4.add(acc, mirroredTerm(window, coefficients, j));
}

@inline function mirroredTerm(window: usize, coefficients: usize, j: i32): v128 {
  const pair = f32x4.add(v128.load(window + <usize>(j << 2)), v128.load(window + <usize>((TAPS - 1 - j) << 2)));
  return f32x4.mul(pair, v128.load(coefficients + <usize>(j << 4)));
}

/** interpolateFour for a symmetric phase: Σ c_j·(x_j + x_(TAPS−1−j)) over half the taps. */
@inline function interpolateFourSymmetric(window: usize, coefficients: usize): v128 {
  let even = mirroredTerm(window, coefficients, 0);
  let odd = mirroredTerm(window, coefficients, 1);
  even = mirroredTap(even, window, coefficients, 2);
  even = mirroredTap(even, window, coefficients, 4);
  even = mirroredTap(even, window, coefficients, 6);
  odd = mirroredTap(odd, window, coefficients, 3);
  odd = mirroredTap(odd, window, coefficients, 5);
  return f32x4.add(even, odd);
}

/** One output, in the order of operations of interpolateFour (even taps + odd taps). */
@inline function interpolateOne(window: usize, coefficients: usize): f32 {
  let even: f32 = load<f32>(window) * coefficient(coefficients, 0);
  let odd: f32 = load<f32>(window + 4) * coefficient(coefficients, 1);
  for (let j = 2; j < TAPS; j += 2) even += load<f32>(window + <usize>(j << 2)) * coefficient(coefficients, j);
  for (let j = 3; j < TAPS; j += 2) odd += load<f32>(window + <usize>(j << 2)) * coefficient(coefficients, j);
  return even + odd;
}

/** One output of a symmetric phase, in the order of operations of interpolateFourSymmetric. */
@inline function interpolateOneSymmetric(window: usize, coefficients: usize): f32 {
  let even: f32 = mirroredScalar(window, coefficients, 0);
  let odd: f32 = mirroredScalar(window, coefficients, 1);
  for (let j = 2; j < TAPS >> 1; j += 2) even += mirroredScalar(window, coefficients, j);
  for (let j = 3; j < TAPS >> 1; j += 2) odd += mirroredScalar(window, coefficients, j);
  return even + odd;
}

@inline function coefficient(coefficients: usize, j: i32): f32 {
  return f32x4.extract_lane(v128.load(coefficients + <usize>(j << 4)), 0);
}

@inline function mirroredScalar(window: usize, coefficients: usize, j: i32): f32 {
  const pair = load<f32>(window + <usize>(j << 2)) + load<f32>(window + <usize>((TAPS - 1 - j) << 2));
  return pair * coefficient(coefficients, j);
}

/**
 * The largest |interpolated point| of phases 1–3 for four consecutive outputs at 4× (see
 * foldCoefficients); `window` points at x[m − (TAPS − 1)] of the first. Its samples are below
 * WIDE_LEVEL, so no point is NaN and the maximum is one pmax.
 */
@inline function foldedFour(window: usize, absMask: v128, half: v128): v128 {
  let a = v128.load(window);
  let b = v128.load(window, 52);
  let sum = f32x4.add(a, b);
  let s = f32x4.mul(sum, v128.load(TP_FOLDED_COEFFICIENTS));
  let d = f32x4.mul(f32x4.sub(a, b), v128.load(TP_FOLDED_COEFFICIENTS, 112));
  let middle = f32x4.mul(sum, v128.load(TP_FOLDED_COEFFICIENTS, 224));
  a = v128.load(window, 4);
  b = v128.load(window, 48);
  sum = f32x4.add(a, b);
  s = f32x4.add(s, f32x4.mul(sum, v128.load(TP_FOLDED_COEFFICIENTS, 16)));
  d = f32x4.add(d, f32x4.mul(f32x4.sub(a, b), v128.load(TP_FOLDED_COEFFICIENTS, 128)));
  middle = f32x4.add(middle, f32x4.mul(sum, v128.load(TP_FOLDED_COEFFICIENTS, 240)));
  anchor(s, d, middle);
  a = v128.load(window, 8);
  b = v128.load(window, 44);
  sum = f32x4.add(a, b);
  s = f32x4.add(s, f32x4.mul(sum, v128.load(TP_FOLDED_COEFFICIENTS, 32)));
  d = f32x4.add(d, f32x4.mul(f32x4.sub(a, b), v128.load(TP_FOLDED_COEFFICIENTS, 144)));
  middle = f32x4.add(middle, f32x4.mul(sum, v128.load(TP_FOLDED_COEFFICIENTS, 256)));
  a = v128.load(window, 12);
  b = v128.load(window, 40);
  sum = f32x4.add(a, b);
  s = f32x4.add(s, f32x4.mul(sum, v128.load(TP_FOLDED_COEFFICIENTS, 48)));
  d = f32x4.add(d, f32x4.mul(f32x4.sub(a, b), v128.load(TP_FOLDED_COEFFICIENTS, 160)));
  middle = f32x4.add(middle, f32x4.mul(sum, v128.load(TP_FOLDED_COEFFICIENTS, 272)));
  anchor(s, d, middle);
  a = v128.load(window, 16);
  b = v128.load(window, 36);
  sum = f32x4.add(a, b);
  s = f32x4.add(s, f32x4.mul(sum, v128.load(TP_FOLDED_COEFFICIENTS, 64)));
  d = f32x4.add(d, f32x4.mul(f32x4.sub(a, b), v128.load(TP_FOLDED_COEFFICIENTS, 176)));
  middle = f32x4.add(middle, f32x4.mul(sum, v128.load(TP_FOLDED_COEFFICIENTS, 288)));
  a = v128.load(window, 20);
  b = v128.load(window, 32);
  sum = f32x4.add(a, b);
  s = f32x4.add(s, f32x4.mul(sum, v128.load(TP_FOLDED_COEFFICIENTS, 80)));
  d = f32x4.add(d, f32x4.mul(f32x4.sub(a, b), v128.load(TP_FOLDED_COEFFICIENTS, 192)));
  middle = f32x4.add(middle, f32x4.mul(sum, v128.load(TP_FOLDED_COEFFICIENTS, 304)));
  anchor(s, d, middle);
  a = v128.load(window, 24);
  b = v128.load(window, 28);
  sum = f32x4.add(a, b);
  s = f32x4.add(s, f32x4.mul(sum, v128.load(TP_FOLDED_COEFFICIENTS, 96)));
  d = f32x4.add(d, f32x4.mul(f32x4.sub(a, b), v128.load(TP_FOLDED_COEFFICIENTS, 208)));
  middle = f32x4.add(middle, f32x4.mul(sum, v128.load(TP_FOLDED_COEFFICIENTS, 320)));
  // v128.and with the mask is f32x4.abs.
  const middleMagnitude = v128.and(middle, absMask);
  const outerMagnitude = f32x4.mul(f32x4.add(v128.and(s, absMask), v128.and(d, absMask)), half);
  return f32x4.pmax(middleMagnitude, outerMagnitude);
}

/**
 * Stores the partial sums (nobody reads them). V8 emits a block's loads first, in program order,
 * and each pure operation just before its first use: without these stores all 35 loads of
 * foldedFour would be live at once, more than the 16 vector registers, and spilled. Stored every
 * two tap pairs, the sums must be complete there, so their arithmetic runs between the loads.
 */
@inline function anchor(s: v128, d: v128, middle: v128): void {
  v128.store(TP_ANCHOR, s);
  v128.store(TP_ANCHOR, d, 16);
  v128.store(TP_ANCHOR, middle, 32);
}

/** foldedFour for one output, in the same order of operations. */
@inline function foldedOne(window: usize): f32 {
  let s: f32 = 0;
  let d: f32 = 0;
  let middle: f32 = 0;
  for (let j = 0; j < TAPS >> 1; j++) {
    const a = load<f32>(window + <usize>(j << 2));
    const b = load<f32>(window + <usize>((TAPS - 1 - j) << 2));
    const sum = a + b;
    const sTerm = sum * coefficient(foldedAddress(0, 0), j);
    const dTerm = (a - b) * coefficient(foldedAddress(1, 0), j);
    const middleTerm = sum * coefficient(foldedAddress(2, 0), j);
    s = j == 0 ? sTerm : s + sTerm;
    d = j == 0 ? dTerm : d + dTerm;
    middle = j == 0 ? middleTerm : middle + middleTerm;
  }
  return Mathf.max(Mathf.abs(middle), (Mathf.abs(s) + Mathf.abs(d)) * <f32>0.5);
}

/** The largest |point| of the group last measured by measureWideGroup (f64: may exceed float32). */
let widePeak: f64 = 0;

/**
 * The interpolated points (phases 1 … L − 1) of outputs [start, end) one at a time: in f64 for
 * an output whose 14 input samples reach WIDE_LEVEL, else in float32 exactly as the vector loops
 * compute it (the same order of operations), so no reading depends on where the groups fall.
 * Sets widePeak; returns the mask of outputs with a point above 0 dBTP.
 */
function measureWideGroup(history: usize, start: i32, end: i32): u32 {
  let overMask: u32 = 0;
  let groupPeak: f64 = 0;
  for (let m = start; m < end; m++) {
    const window = history + <usize>(m << 2);
    let windowPeak: f32 = 0;
    for (let j = 0; j < TAPS; j++) windowPeak = Mathf.max(windowPeak, Mathf.abs(load<f32>(window + <usize>(j << 2))));
    let y: f64 = 0;
    if (windowPeak >= WIDE_LEVEL) {
      for (let p = 1; p < phases; p++) {
        const coefficients = coefficientAddress(p, 0);
        let sum: f64 = 0;
        for (let j = 0; j < TAPS; j++) sum += <f64>load<f32>(window + <usize>(j << 2)) * <f64>coefficient(coefficients, j);
        y = max(y, Math.abs(sum));
      }
    } else if (phases == 4) {
      y = <f64>foldedOne(window);
    } else {
      for (let p = 1; p < phases; p++) {
        const coefficients = coefficientAddress(p, 0);
        const point = p << 1 == phases ? interpolateOneSymmetric(window, coefficients) : interpolateOne(window, coefficients);
        y = max(y, <f64>Mathf.abs(point));
      }
    }
    if (y > groupPeak) groupPeak = y;
    if (y > <f64>OVER_LEVEL) overMask |= 1 << (m - start);
  }
  widePeak = groupPeak;
  return overMask;
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
  moveHistory(history, history + <usize>(frames << 2));
}
