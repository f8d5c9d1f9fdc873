// A slow, obviously-correct f64 reference for ITU-R BS.1770-5 loudness and true peak and for
// EBU Tech 3341 / 3342 (M, S, I, max M, max S, LRA). The WASM kernel is compared against it.
//
// Clarity beats speed: Float64 everywhere, one function per concept, no histograms, no
// incremental tricks except exact prefix sums. Silence gives −Infinity (log10 of 0).

// ---------------------------------------------------------------------------------------------
// K-weighting (BS.1770-5 Annex 1, §1: "pre-filter" high shelf then "RLB" high pass)

/** A biquad: y[n] = b0 x[n] + b1 x[n−1] + b2 x[n−2] − a1 y[n−1] − a2 y[n−2] (a[0] = 1). */
export interface Biquad {
  b: [number, number, number];
  a: [number, number, number];
}

/**
 * Stage 1, the high-shelf "pre-filter" (acoustic effect of the head), from its analogue
 * prototype by the bilinear transform with pre-warping (the derivation libebur128 uses).
 */
export function preFilterCoefficients(sampleRate: number): Biquad {
  const f0 = 1681.974450955533; // shelf mid frequency, Hz
  const gainDb = 3.999843853973347; // high-frequency gain of the shelf, dB
  const q = 0.7071752369554196;
  const k = Math.tan((Math.PI * f0) / sampleRate); // pre-warped analogue frequency
  const vh = 10 ** (gainDb / 20); // high-frequency gain, linear
  const vb = vh ** 0.4996667741545416; // band gain at f0
  const a0 = 1 + k / q + k * k;
  return {
    b: [(vh + (vb * k) / q + k * k) / a0, (2 * (k * k - vh)) / a0, (vh - (vb * k) / q + k * k) / a0],
    a: [1, (2 * (k * k - 1)) / a0, (1 - k / q + k * k) / a0],
  };
}

/**
 * Stage 2, the "RLB" high pass (revised low-frequency B-curve), likewise. The numerator is
 * [1, −2, 1] as in the published 48 kHz table (not normalised: the −0.691 of the loudness
 * formula absorbs the chain's gain at 1 kHz).
 */
export function rlbFilterCoefficients(sampleRate: number): Biquad {
  const f0 = 38.13547087602444; // Hz
  const q = 0.5003270373238773;
  const a0At = (rate: number) => {
    const kr = Math.tan((Math.PI * f0) / rate);
    return 1 + kr / q + kr * kr;
  };
  const k = Math.tan((Math.PI * f0) / sampleRate);
  const a0 = a0At(sampleRate);
  // The published 48 kHz numerator [1, −2, 1] is the bilinear transform of the analogue
  // high-pass scaled by a0(48 kHz); keeping that scale gives the same response at every rate.
  const g = a0At(48000) / a0;
  return { b: [g, -2 * g, g], a: [1, (2 * (k * k - 1)) / a0, (1 - k / q + k * k) / a0] };
}

/**
 * K-weighting coefficients for any sample rate (BS.1770-5 Annex 1 publishes 48 kHz only and asks
 * other rates for "coefficients giving the same frequency response": re-deriving from the
 * analogue prototype gives that).
 */
export function kWeightingCoefficients(sampleRate: number): { pre: Biquad; rlb: Biquad } {
  return { pre: preFilterCoefficients(sampleRate), rlb: rlbFilterCoefficients(sampleRate) };
}

/** Runs x through a biquad (direct form I, f64 state starting at zero). */
export function biquad(x: ArrayLike<number>, { b, a }: Biquad): Float64Array {
  const y = new Float64Array(x.length);
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  for (let n = 0; n < x.length; n++) {
    const x0 = x[n];
    const y0 = b[0] * x0 + b[1] * x1 + b[2] * x2 - a[1] * y1 - a[2] * y2;
    x2 = x1; x1 = x0;
    y2 = y1; y1 = y0;
    y[n] = y0;
  }
  return y;
}

/** One channel K-weighted: pre-filter then RLB (BS.1770-5 Annex 1, Fig. 1). */
export function kWeight(x: ArrayLike<number>, sampleRate: number): Float64Array {
  const { pre, rlb } = kWeightingCoefficients(sampleRate);
  return biquad(biquad(x, pre), rlb);
}

/**
 * Per-sample weighted power: e[n] = Σ_c G_c · y_c[n]², y_c the K-weighted channel c and G_c its
 * weight (BS.1770-5 Annex 1, eq. 2: L, R, C 1.0, Ls, Rs 1.41, LFE 0). The mean of e over a window
 * is Σ_c G_c · z_c, the quantity the loudness formula takes.
 */
export function weightedPower(channels: readonly ArrayLike<number>[], sampleRate: number, weights: readonly number[]): Float64Array {
  if (weights.length !== channels.length) throw new RangeError(`${channels.length} channels but ${weights.length} weights`);
  const n = channels.length === 0 ? 0 : channels[0].length;
  const e = new Float64Array(n);
  channels.forEach((channel, c) => {
    if (channel.length !== n) throw new RangeError(`channel ${c} has ${channel.length} samples, channel 0 has ${n}`);
    if (weights[c] === 0) return;
    const y = kWeight(channel, sampleRate);
    for (let i = 0; i < n; i++) e[i] += weights[c] * y[i] * y[i];
  });
  return e;
}

/** Loudness of a mean weighted power: −0.691 + 10·log10(Σ G·z) (BS.1770-5 Annex 1, eq. 2). */
export function powerToLufs(power: number): number {
  return -0.691 + 10 * Math.log10(power);
}

/** The power a loudness stands for (inverse of powerToLufs). */
export function lufsToPower(lufs: number): number {
  return 10 ** ((lufs + 0.691) / 10);
}

// ---------------------------------------------------------------------------------------------
// Blocks and windows (BS.1770-5 Annex 1 §2: 400 ms blocks, 75 % overlap; EBU Tech 3341 §2.2:
// M = 400 ms, S = 3 s, sliding)

/** The 100 ms step between blocks, in samples (round(0.1 · fs)). Blocks are 4 steps, S 30. */
export function hopSamples(sampleRate: number): number {
  return Math.round(0.1 * sampleRate);
}

/** Sum of e over each complete hop: hop k covers samples [k·hop, (k+1)·hop). A trailing partial hop is dropped. */
export function hopSums(e: Float64Array, hop: number): Float64Array {
  const count = Math.floor(e.length / hop);
  const sums = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    let sum = 0;
    for (let i = k * hop; i < (k + 1) * hop; i++) sum += e[i];
    sums[k] = sum;
  }
  return sums;
}

/**
 * Mean power of the window of `hopsPerWindow` hops ending at the end of each hop: entry k covers
 * hops k − hopsPerWindow + 1 … k. Windows reaching back before the signal count the missing
 * part as silence (always divided by the full window length).
 */
export function windowPowers(sums: Float64Array, hopsPerWindow: number, hop: number): Float64Array {
  const powers = new Float64Array(sums.length);
  for (let k = 0; k < sums.length; k++) {
    let sum = 0;
    for (let j = Math.max(0, k - hopsPerWindow + 1); j <= k; j++) sum += sums[j];
    powers[k] = sum / (hopsPerWindow * hop);
  }
  return powers;
}

/**
 * Mean power of the window of `windowSamples` ending at every sample: entry n − 1 is the mean of
 * e over [n − W, n), for n = 1 … N, missing samples before the start counted as silence. Exact
 * f64 prefix sums (differences clamped at 0 against rounding).
 */
export function slidingPowers(e: Float64Array, windowSamples: number): Float64Array {
  const prefix = new Float64Array(e.length + 1);
  for (let i = 0; i < e.length; i++) prefix[i + 1] = prefix[i] + e[i];
  const powers = new Float64Array(e.length);
  for (let n = 1; n <= e.length; n++) {
    powers[n - 1] = Math.max(0, prefix[n] - prefix[Math.max(0, n - windowSamples)]) / windowSamples;
  }
  return powers;
}

/** Largest of an array of powers (0 when empty). */
function maxPower(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max;
}

/** Mean of an array of powers (NaN when empty). */
function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

// ---------------------------------------------------------------------------------------------
// Integrated loudness (BS.1770-5 Annex 1 §2.6–2.8) and loudness range (EBU Tech 3342 §3)

/** Absolute gate, BS.1770-5 Annex 1: −70 LKFS. */
export const ABSOLUTE_GATE_LUFS = -70;
/** Relative gate of the integrated loudness, BS.1770-5 Annex 1: −10 LU. */
export const RELATIVE_GATE_LU = -10;
/** Relative gate of the loudness range, EBU Tech 3342: −20 LU. */
export const LRA_RELATIVE_GATE_LU = -20;

/**
 * Integrated loudness from the powers of all 400 ms gating blocks: keep blocks above the
 * absolute gate; the relative gate is the loudness of their mean power − 10 LU; the result is
 * the loudness of the mean power of the blocks above both gates. Gates are strict (">").
 */
export function integratedLoudness(blockPowers: ArrayLike<number>): number {
  const all = Array.from(blockPowers);
  const aboveAbsolute = all.filter((z) => powerToLufs(z) > ABSOLUTE_GATE_LUFS);
  if (aboveAbsolute.length === 0) return -Infinity;
  const relativeGate = powerToLufs(mean(aboveAbsolute)) + RELATIVE_GATE_LU;
  const gated = aboveAbsolute.filter((z) => powerToLufs(z) > relativeGate);
  return powerToLufs(mean(gated));
}

/** Nearest-rank percentile of ascending `sorted`: sorted[round((n − 1) · p)]. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.round((sorted.length - 1) * p)];
}

/**
 * Loudness range (EBU Tech 3342) from short-term powers: absolute gate −70 LUFS; relative gate
 * = loudness of the mean power of the absolute-gated values − 20 LU; LRA = 95th − 10th
 * percentile of the loudness of what remains (strict gates; 0 when nothing remains).
 */
export function loudnessRange(shortTermPowers: ArrayLike<number>): number {
  const aboveAbsolute = Array.from(shortTermPowers).filter((z) => powerToLufs(z) > ABSOLUTE_GATE_LUFS);
  if (aboveAbsolute.length === 0) return 0;
  const relativeGate = powerToLufs(mean(aboveAbsolute)) + LRA_RELATIVE_GATE_LU;
  const loudness = aboveAbsolute.map(powerToLufs).filter((l) => l > relativeGate).sort((a, b) => a - b);
  return percentile(loudness, 0.95) - percentile(loudness, 0.1);
}

// ---------------------------------------------------------------------------------------------
// True peak (BS.1770-5 Annex 2)

/** I0, the modified Bessel function of the first kind, order 0 (power series). */
export function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 500; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** Kaiser window at u ∈ [−1, 1] (0 outside). */
export function kaiser(u: number, beta: number): number {
  return Math.abs(u) > 1 ? 0 : besselI0(beta * Math.sqrt(1 - u * u)) / besselI0(beta);
}

/** sin(πu)/(πu): exactly 1 at 0 and exactly 0 at the other integers. */
export function sinc(u: number): number {
  if (u === 0) return 1;
  if (Number.isInteger(u)) return 0;
  return Math.sin(Math.PI * u) / (Math.PI * u);
}

/** Taps per phase of the reference interpolator (the standard's example has 12). */
export const TRUE_PEAK_TAPS_PER_PHASE = 64;
/** Kaiser β of the reference interpolator (≈ 80 dB side lobes). */
export const TRUE_PEAK_KAISER_BETA = 8;

/**
 * Over-sampling factor of the reference: the smallest integer reaching 768 kHz (4 × the
 * standard's minimum 192 kHz, so the grid itself costs at most 0.034 dB for any tone below
 * 0.45·fs; at least 4× at every rate): 16× at 48 kHz, 18× at 44.1 kHz, 4× at 192 kHz.
 */
export function truePeakOversampling(sampleRate: number): number {
  return Math.max(4, Math.ceil(768000 / sampleRate));
}

/**
 * Interpolator taps: taps[p][j] weighs x[n − T/2 + 1 + j] for the value at time n + p/L:
 * h(u) = sinc(u) · kaiser(u / (T/2)), u = distance in input samples (cutoff exactly fs/2).
 * Phase 0 is a unit impulse, so the original samples are part of the result exactly.
 */
export function truePeakTaps(oversampling: number, tapsPerPhase = TRUE_PEAK_TAPS_PER_PHASE, beta = TRUE_PEAK_KAISER_BETA): Float64Array[] {
  const half = tapsPerPhase / 2;
  return Array.from({ length: oversampling }, (_, p) => {
    const taps = new Float64Array(tapsPerPhase);
    for (let j = 0; j < tapsPerPhase; j++) {
      const u = p / oversampling + half - 1 - j;
      taps[j] = sinc(u) * kaiser(u / half, beta);
    }
    return taps;
  });
}

/**
 * Max |x(t)| of the band-limited signal through the samples, at t = n + p/L for every sample n
 * and phase p (samples beyond either end are zero), as a linear amplitude.
 */
export function truePeakAmplitude(x: ArrayLike<number>, sampleRate: number, oversampling = truePeakOversampling(sampleRate)): number {
  const taps = truePeakTaps(oversampling);
  const tapsPerPhase = taps[0].length;
  const half = tapsPerPhase / 2;
  // Zero-padded copy: padded[i + half − 1] = x[i], so x[n − half + 1 + j] = padded[n + j].
  const padded = new Float64Array(x.length + tapsPerPhase);
  for (let i = 0; i < x.length; i++) padded[i + half - 1] = x[i];
  let peak = 0;
  for (let n = 0; n < x.length; n++) {
    for (let p = 0; p < oversampling; p++) {
      const h = taps[p];
      let acc = 0;
      for (let j = 0; j < tapsPerPhase; j++) acc += h[j] * padded[n + j];
      const magnitude = Math.abs(acc);
      if (magnitude > peak) peak = magnitude;
    }
  }
  return peak;
}

/** 20·log10 of a linear amplitude (−Infinity for 0). */
export function amplitudeToDb(amplitude: number): number {
  return 20 * Math.log10(amplitude);
}

/** Max |x[n]| (sample peak). */
export function samplePeakAmplitude(x: ArrayLike<number>): number {
  let peak = 0;
  for (let i = 0; i < x.length; i++) peak = Math.max(peak, Math.abs(x[i]));
  return peak;
}

// ---------------------------------------------------------------------------------------------
// Everything at once

export interface ReferenceOptions {
  /** Compute the true peak (the slow part). Default true; when false truePeakDbtp holds NaN. */
  truePeak?: boolean;
  /** True-peak over-sampling factor (default truePeakOversampling(sampleRate)). */
  truePeakOversampling?: number;
}

export interface ReferenceResult {
  /** BS.1770-5 gated loudness of the whole signal, LUFS. */
  integratedLufs: number;
  /** EBU Tech 3342 LRA, LU (0 when no short-term value passes the gates). */
  loudnessRangeLu: number;
  /** Highest 400 ms mean over every sample position, LUFS. */
  momentaryMaxLufs: number;
  /** Highest 3 s mean over every sample position, LUFS. */
  shortTermMaxLufs: number;
  /** M at the end of every 100 ms hop: entry k is the window ending at (k + 1)·hop samples (silence before the start). */
  momentary: Float64Array;
  /** S likewise: entry k is the 3 s window ending at (k + 1)·hop samples. */
  shortTerm: Float64Array;
  /** Per-channel max true peak, dBTP (NaN when not computed). */
  truePeakDbtp: number[];
  /** Per-channel max |sample|, dBFS. */
  samplePeakDbfs: number[];
}

/**
 * Measures a whole signal: planar channels, their BS.1770 weights (same order), sample rate.
 * Gating blocks start at the start of the signal (the first ends at 400 ms) and advance by
 * hop = round(0.1·fs) samples; a block is 4 hops, a short-term window 30 hops.
 */
export function referenceMeasure(
  channels: readonly ArrayLike<number>[],
  sampleRate: number,
  weights: readonly number[],
  opts: ReferenceOptions = {},
): ReferenceResult {
  const hop = hopSamples(sampleRate);
  const e = weightedPower(channels, sampleRate, weights);
  const sums = hopSums(e, hop);

  // 400 ms windows at every hop end; those from the 4th hop on are the gating blocks.
  const momentaryPowers = windowPowers(sums, 4, hop);
  const blockPowers = momentaryPowers.subarray(3);
  // 3 s windows at every hop end; those from 3.0 s on feed the LRA (EBU Tech 3342).
  const shortTermPowers = windowPowers(sums, 30, hop);

  const truePeak = opts.truePeak ?? true;
  return {
    integratedLufs: integratedLoudness(blockPowers),
    loudnessRangeLu: loudnessRange(shortTermPowers.subarray(29)),
    momentaryMaxLufs: powerToLufs(maxPower(slidingPowers(e, 4 * hop))),
    shortTermMaxLufs: powerToLufs(maxPower(slidingPowers(e, 30 * hop))),
    momentary: momentaryPowers.map(powerToLufs),
    shortTerm: shortTermPowers.map(powerToLufs),
    truePeakDbtp: channels.map((x) => (truePeak ? amplitudeToDb(truePeakAmplitude(x, sampleRate, opts.truePeakOversampling)) : NaN)),
    samplePeakDbfs: channels.map((x) => amplitudeToDb(samplePeakAmplitude(x))),
  };
}
