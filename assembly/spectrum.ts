// Longer than 400 lines on purpose: one DSP stage (FFT frames, averaging, peak hold, display points, bands) whose state is static memory shared by its parts.
// The spectrum: per-bin power of the chosen source (mid, side, left or right) from each FFT frame
// (analysis.ts), averaged with a time constant, peak-held, summed into fractional-octave bands,
// and turned into log-spaced display points (smoothed, with a display slope) when read.
//
// Calibration. Bin k of the source holds S_k = 4·|X_k|²/(Σw)², so a sine of amplitude A reads
// A² at its bin (0 dB for a full-scale sine: the level of its amplitude, AES17 dBFS) — exactly
// at a bin centre and, with the flat-top window, within 0.0044 dB between bins. Summed over its
// bins a sine gives A²·ENBW (ENBW: the window's noise bandwidth in bins), and white noise of
// mean square σ² gives 4σ²·ENBW/N in every bin. So a band level is Σ_band S_k / ENBW: a sine in
// the band reads its level, white noise reads 2σ² × (band width)/(fs/2) — +3.01 dB per octave
// in octave bands, pink noise flat. Per bin, white noise is flat and pink noise falls 3.01 dB
// per octave. Levels are powers, so the band of a noise and the whole band of a tone agree.
//
// Bin k covers frequencies (k ± ½)·fs/N; a band edge inside a bin takes that bin's power in
// proportion (power density constant across a bin), so band sums are continuous in the edges.
//
// Real-time: spectrumFrame() runs in process() (no allocation; SIMD over the bins);
// readSpectrum() costs two passes over the bins and is meant for display rate.

import {
  BD_CENTRE_HZ, BD_LEVEL_DB, BD_PEAK_DB, FLOOR_DB, PT_FREQUENCY_HZ, PT_LEVEL_DB, PT_PEAK_DB, SP_AVERAGING_MS, SP_BAND_COUNT,
  SP_BAND_FRACTION, SP_BAND_STRIDE, SP_BANDS_BASE, SP_BIN_HZ, SP_ENABLED, SP_FFT_SIZE, SP_FRAMES, SP_FRAMES_SINCE_READ,
  SP_HOP_FRAMES, SP_OVERLAP_PERCENT, SP_PEAK_DECAY_DB_PER_S, SP_POINT_COUNT, SP_POINT_STRIDE, SP_POINTS_BASE,
  SP_RESOLUTION_HZ, SP_REVISION, SP_SAMPLE_RATE, SP_SLOPE_DB_PER_OCT, SP_SMOOTHING, SP_SOURCE, SP_WINDOW, SPECTRUM_MAX_BANDS,
  SPECTRUM_MAX_POINTS, SPECTRUM_SOURCE_LEFT, SPECTRUM_SOURCE_MID, SPECTRUM_SOURCE_RIGHT, SPECTRUM_SOURCE_SIDE,
} from "../src/contract/readings-layout";
import { hopFrames, overlapPercent, windowKind } from "./analysis";
import { fftSize } from "./fft";
import {
  FFT_IM, FFT_RE, SPECTRUM_AVERAGE, SPECTRUM_BAND_EDGES, SPECTRUM_BAND_PEAK, SPECTRUM_BAND_POWER, SPECTRUM_PEAK,
  SPECTRUM_POINT_TABLE, SPECTRUM_PREFIX, SPECTRUM_RECORD,
} from "./memory";
import { powerToDb } from "./decibels";
import { noiseBandwidthBins, windowSum } from "./window";

/** Averaged and held powers below this (−300 dB) are flushed to 0: WebAssembly has no FTZ. */
const TINY: f32 = 1e-30;
/** Powers at or below this read FLOOR_DB (−200 dB). */
const FLOOR_POWER: f64 = 1e-20;
/** IEC 61260-1 octave ratio, base ten. */
const OCTAVE_RATIO: f64 = 1.9952623149688795; // 10^(3/10)
/** Bands are made for mid-band frequencies from here up (the 20 Hz third-octave band is in). */
const BAND_LOWEST_HZ: f64 = 18.0;
const BAND_HIGHEST_HZ: f64 = 22500.0;
/** The display slope pivots here. */
const SLOPE_PIVOT_HZ: f64 = 1000.0;

export let spectrumOn = false;
let sampleRate: f64 = 48000;
let source: i32 = SPECTRUM_SOURCE_MID;
let averagingMs: f64 = 500;
let peakDecayDbPerSecond: f64 = 0;
let smoothing: i32 = 0;
let slopeDbPerOctave: f64 = 0;
let pointCount: i32 = 512;
let lowHz: f64 = 20;
let highHz: f64 = 20000;
let bandFraction: i32 = 3;
let bandCount: i32 = 0;
/** The display-point table needs rebuilding (settings changed). */
let pointsStale = true;
/** The record's points and bands show the current averages (no frame or setting since). */
let recordCurrent = false;
/** Rewrites of the record's points and bands (SP_REVISION). */
let revision: f64 = 0;

/** Frames averaged since the averages were cleared. */
let frames: f64 = 0;
let framesSinceRead: f64 = 0;
/** Exponential averaging weight of a new frame (when the time constant is finite). */
let averagingAlpha: f32 = 1;
/** Peak-hold fall per frame, as a power factor (1: hold). */
let peakDecay: f32 = 1;
// Source mixing: src = ha·(Z_k + conj Z_{N−k}) + hb·(Z_k − conj Z_{N−k})/i, see sourceWeights().
let ha: f32 = 0.25;
let hb: f32 = 0.25;

@inline function binHz(): f64 {
  return sampleRate / <f64>fftSize;
}

export function enableSpectrum(on: bool): void {
  spectrumOn = on;
  clearSpectrum();
}

/** After the analysis (FFT size, hop) changed: recompute everything that depends on it. */
export function retuneSpectrum(rate: f64): void {
  sampleRate = rate;
  pointsStale = true;
  if (highHz > rate / 2.0) highHz = rate / 2.0;
  if (lowHz >= highHz) lowHz = highHz / 2.0;
  updateRates();
  makeBands();
  clearSpectrum();
}

/** Forgets the averages, peaks and bands (reset, or a new source/FFT). */
export function clearSpectrum(): void {
  const bytes = <usize>(((fftSize >> 1) + 4) << 2);
  memory.fill(SPECTRUM_AVERAGE, 0, bytes);
  memory.fill(SPECTRUM_PEAK, 0, bytes);
  memory.fill(SPECTRUM_BAND_POWER, 0, <usize>(SPECTRUM_MAX_BANDS << 3));
  memory.fill(SPECTRUM_BAND_PEAK, 0, <usize>(SPECTRUM_MAX_BANDS << 3));
  frames = 0;
  framesSinceRead = 0;
  recordCurrent = false;
}

export function clearSpectrumPeak(): void {
  recordCurrent = false;
  memory.fill(SPECTRUM_PEAK, 0, <usize>(((fftSize >> 1) + 4) << 2));
  memory.fill(SPECTRUM_BAND_PEAK, 0, <usize>(SPECTRUM_MAX_BANDS << 3));
}

function updateRates(): void {
  const hopSeconds = <f64>hopFrames / sampleRate;
  averagingAlpha = averagingMs > 0 ? <f32>(1.0 - Math.exp(-hopSeconds * 1000.0 / averagingMs)) : 1;
  peakDecay = <f32>Math.pow(10.0, -peakDecayDbPerSecond * hopSeconds / 10.0);
}

export function setSpectrumSource(value: i32): bool {
  if (value < SPECTRUM_SOURCE_MID || value > SPECTRUM_SOURCE_RIGHT) return false;
  source = value;
  if (value == SPECTRUM_SOURCE_MID) { ha = 0.25; hb = 0.25; }
  else if (value == SPECTRUM_SOURCE_SIDE) { ha = 0.25; hb = -0.25; }
  else if (value == SPECTRUM_SOURCE_LEFT) { ha = 0.5; hb = 0; }
  else { ha = 0; hb = 0.5; }
  clearSpectrum();
  return true;
}

/** 0: none; Infinity: the mean of every frame since reset; else an exponential time constant. */
export function setSpectrumAveraging(ms: f64): bool {
  if (!(ms >= 0)) return false;
  averagingMs = ms;
  updateRates();
  return true;
}

export function setSpectrumPeakDecay(dbPerSecond: f64): bool {
  if (!(dbPerSecond >= 0 && dbPerSecond <= 1000)) return false;
  peakDecayDbPerSecond = dbPerSecond;
  updateRates();
  return true;
}

export function setSpectrumSmoothing(fraction: i32): bool {
  if (fraction < 0 || fraction > 48) return false;
  smoothing = fraction;
  pointsStale = true;
  return true;
}

export function setSpectrumSlope(dbPerOctave: f64): bool {
  if (!(dbPerOctave >= -12 && dbPerOctave <= 12)) return false;
  slopeDbPerOctave = dbPerOctave;
  pointsStale = true;
  return true;
}

export function setSpectrumDisplay(points: i32, low: f64, high: f64): bool {
  if (points < 2 || points > SPECTRUM_MAX_POINTS) return false;
  if (!(low >= 1 && high <= sampleRate / 2.0 && low < high)) return false;
  pointCount = points;
  lowHz = low;
  highHz = high;
  pointsStale = true;
  return true;
}

export function setSpectrumBands(fraction: i32): bool {
  if (fraction < 1 || fraction > 24) return false;
  bandFraction = fraction;
  recordCurrent = false;
  makeBands();
  memory.fill(SPECTRUM_BAND_PEAK, 0, <usize>(SPECTRUM_MAX_BANDS << 3));
  if (frames > 0) updateBands(false);
  return true;
}

/** IEC 61260-1 base-ten mid-band frequencies of 1/b-octave bands, whole bands below Nyquist. */
function makeBands(): void {
  const b = <f64>bandFraction;
  const halfBand = Math.pow(OCTAVE_RATIO, 1.0 / (2.0 * b));
  const nyquist = sampleRate / 2.0;
  const bin = binHz();
  let count = 0;
  for (let x = -300; x <= 300 && count < SPECTRUM_MAX_BANDS; x++) {
    // Odd b: G^(x/b); even b: G^((2x+1)/(2b)).
    const exponent = (bandFraction & 1) ? <f64>x / b : (2.0 * <f64>x + 1.0) / (2.0 * b);
    const centre = 1000.0 * Math.pow(OCTAVE_RATIO, exponent);
    if (centre < BAND_LOWEST_HZ || centre > BAND_HIGHEST_HZ || centre * halfBand > nyquist) continue;
    if (count == 0) store<f64>(SPECTRUM_BAND_EDGES, centre / halfBand / bin);
    store<f64>(SPECTRUM_BAND_EDGES + <usize>((count + 1) << 3), centre * halfBand / bin);
    count++;
  }
  bandCount = count;
}

/** Mid-band frequency of band `index` (from its edges: their geometric mean). */
@inline function bandCentreHz(index: i32): f64 {
  const low = load<f64>(SPECTRUM_BAND_EDGES + <usize>(index << 3));
  const high = load<f64>(SPECTRUM_BAND_EDGES + <usize>((index + 1) << 3));
  return Math.sqrt(low * high) * binHz();
}

/** Folds one FFT frame (FFT_RE/FFT_IM, from analysis.ts) into the averages, peaks and bands. */
export function spectrumFrame(): void {
  const n = fftSize;
  const half = n >> 1;
  // Each frame weighs max(α, 1/(n+1)): the plain mean of the frames so far until the time
  // constant takes over. The average neither rises from silence nor leans on its first frame;
  // with an infinite time constant (α = 0) it stays the mean of every frame since reset.
  const alpha = max(averagingMs == Infinity ? <f32>0 : averagingAlpha, <f32>(1.0 / (frames + 1.0)));
  const scale = <f32>(4.0 / (windowSum * windowSum));
  const alphaV = f32x4.splat(alpha);
  const decayV = f32x4.splat(peakDecay);
  const scaleV = f32x4.splat(scale);
  const haV = f32x4.splat(ha);
  const hbV = f32x4.splat(hb);
  const tinyV = f32x4.splat(TINY);
  let k = 1;
  for (; k + 4 <= half; k += 4) {
    const offset = <usize>(k << 2);
    const mirror = <usize>((n - k - 3) << 2);
    const rk = v128.load(FFT_RE + offset);
    const ik = v128.load(FFT_IM + offset);
    // Z_{N−k} for the four lanes, reversed into lane order.
    const rmReversed = v128.load(FFT_RE + mirror);
    const imReversed = v128.load(FFT_IM + mirror);
    const rm = v128.shuffle<f32>(rmReversed, rmReversed, 3, 2, 1, 0);
    const im = v128.shuffle<f32>(imReversed, imReversed, 3, 2, 1, 0);
    const sr = f32x4.add(f32x4.mul(haV, f32x4.add(rk, rm)), f32x4.mul(hbV, f32x4.add(ik, im)));
    const si = f32x4.add(f32x4.mul(haV, f32x4.sub(ik, im)), f32x4.mul(hbV, f32x4.sub(rm, rk)));
    const power = f32x4.mul(f32x4.add(f32x4.mul(sr, sr), f32x4.mul(si, si)), scaleV);
    let average = v128.load(SPECTRUM_AVERAGE + offset);
    average = f32x4.add(average, f32x4.mul(alphaV, f32x4.sub(power, average)));
    average = v128.and(average, f32x4.ge(average, tinyV));
    v128.store(SPECTRUM_AVERAGE + offset, average);
    // pmax: no NaN can reach here (the input is sanitised and clamped), so the cheap max will do.
    let peak = f32x4.pmax(f32x4.mul(v128.load(SPECTRUM_PEAK + offset), decayV), average);
    peak = v128.and(peak, f32x4.ge(peak, tinyV));
    v128.store(SPECTRUM_PEAK + offset, peak);
  }
  // The rest, DC and Nyquist (Z_{N−k} taken modulo N: at k = 0 and k = N/2 it is Z_k itself).
  for (; k <= half; k++) updateBin(k, (n - k) & (n - 1), alpha, scale);
  updateBin(0, 0, alpha, scale);
  frames += 1;
  framesSinceRead += 1;
  recordCurrent = false;
  updateBands(true);
}

function updateBin(k: i32, mirror: i32, alpha: f32, scale: f32): void {
  const rk = load<f32>(FFT_RE + <usize>(k << 2));
  const ik = load<f32>(FFT_IM + <usize>(k << 2));
  const rm = load<f32>(FFT_RE + <usize>(mirror << 2));
  const im = load<f32>(FFT_IM + <usize>(mirror << 2));
  const sr = ha * (rk + rm) + hb * (ik + im);
  const si = ha * (ik - im) + hb * (rm - rk);
  const power = (sr * sr + si * si) * scale;
  const address = SPECTRUM_AVERAGE + <usize>(k << 2);
  let average = load<f32>(address);
  average += alpha * (power - average);
  if (average < TINY) average = 0;
  store<f32>(address, average);
  let peak = Mathf.max(load<f32>(SPECTRUM_PEAK + <usize>(k << 2)) * peakDecay, average);
  if (peak < TINY) peak = 0;
  store<f32>(SPECTRUM_PEAK + <usize>(k << 2), peak);
}

/** SPECTRUM_PREFIX[k] = Σ_{i<k} bins[i], f64, for k = 0 … N/2 + 1. */
function prefixSums(bins: usize): void {
  const half = fftSize >> 1;
  let sum: f64 = 0;
  store<f64>(SPECTRUM_PREFIX, 0);
  for (let k = 0; k <= half; k++) {
    sum += <f64>load<f32>(bins + <usize>(k << 2));
    store<f64>(SPECTRUM_PREFIX + <usize>((k + 1) << 3), sum);
  }
}

/** ∫ of the bins' power from −½ to position x (bin units), power spread evenly over each bin. */
function cumulative(bins: usize, x: f64): f64 {
  const half = fftSize >> 1;
  if (x <= -0.5) return 0;
  const k = <i32>Math.floor(x + 0.5);
  if (k > half) return load<f64>(SPECTRUM_PREFIX + <usize>((half + 1) << 3));
  return load<f64>(SPECTRUM_PREFIX + <usize>(k << 3)) + (x + 0.5 - <f64>k) * <f64>load<f32>(bins + <usize>(k << 2));
}

/** Band powers from the averaged bins; with `hold`, the band peaks follow (once per frame). */
function updateBands(hold: bool): void {
  prefixSums(SPECTRUM_AVERAGE);
  const decay = <f64>peakDecay;
  let lower = cumulative(SPECTRUM_AVERAGE, load<f64>(SPECTRUM_BAND_EDGES));
  for (let b = 0; b < bandCount; b++) {
    const upper = cumulative(SPECTRUM_AVERAGE, load<f64>(SPECTRUM_BAND_EDGES + <usize>((b + 1) << 3)));
    const power = max(0.0, upper - lower);
    lower = upper;
    store<f64>(SPECTRUM_BAND_POWER + <usize>(b << 3), power);
    if (hold) {
      const address = SPECTRUM_BAND_PEAK + <usize>(b << 3);
      store<f64>(address, max(load<f64>(address) * decay, power));
    }
  }
}

@inline function powerDb(power: f64): f64 {
  // Below the floor (1e-20) first: powerToDb needs a normal, positive number.
  return power > FLOOR_POWER ? powerToDb(power) : FLOOR_DB;
}

@inline function put(slot: i32, value: f64): void {
  store<f64>(SPECTRUM_RECORD + <usize>(slot << 3), value);
}

@inline function pointField(point: i32, field: i32): usize {
  return SPECTRUM_POINT_TABLE + <usize>(((point << 2) + field) << 3);
}

/**
 * Per display point, once per change of settings: its frequency, its slope offset, and what it
 * shows. With 1/n-octave smoothing, the mean power over hz·2^(±1/2n) (fields 2, 3: the range in
 * bin units); without, the highest bin whose centre lies within half a point step of hz
 * (fields 2, 3: first and last bin), or, where points are closer than bins, the value
 * interpolated between the two nearest bins (field 2: the position, field 3: −1).
 */
function makePoints(): void {
  const bin = binHz();
  const half = fftSize >> 1;
  const ratio = highHz / lowHz;
  const halfStep = Math.pow(ratio, 0.5 / <f64>(pointCount - 1));
  const smoothingRatio = smoothing > 0 ? Math.pow(2.0, 0.5 / <f64>smoothing) : 1.0;
  for (let i = 0; i < pointCount; i++) {
    const hz = lowHz * Math.pow(ratio, <f64>i / <f64>(pointCount - 1));
    store<f64>(pointField(i, 0), hz);
    store<f64>(pointField(i, 1), slopeDbPerOctave * Math.log2(hz / SLOPE_PIVOT_HZ));
    if (smoothing > 0) {
      store<f64>(pointField(i, 2), hz / smoothingRatio / bin);
      store<f64>(pointField(i, 3), min(hz * smoothingRatio / bin, <f64>half));
      continue;
    }
    const first = max(0, <i32>Math.ceil(hz / halfStep / bin));
    const last = min(half, <i32>Math.floor(hz * halfStep / bin));
    if (last >= first) {
      store<f64>(pointField(i, 2), <f64>first);
      store<f64>(pointField(i, 3), <f64>last);
    } else {
      store<f64>(pointField(i, 2), min(hz / bin, <f64>half - 1e-9));
      store<f64>(pointField(i, 3), -1);
    }
  }
  pointsStale = false;
}

function pointPower(bins: usize, point: i32): f64 {
  const a = load<f64>(pointField(point, 2));
  const b = load<f64>(pointField(point, 3));
  if (smoothing > 0) return b > a ? (cumulative(bins, b) - cumulative(bins, a)) / (b - a) : 0;
  if (b >= 0) {
    // The largest bin, four at a time: bins are ≥ +0 and never NaN, so pmax (and any order) gives
    // the plain maximum.
    const last = <i32>b;
    let k = <i32>a;
    let highest4 = f32x4.splat(0);
    for (; k + 3 <= last; k += 4) highest4 = f32x4.pmax(highest4, v128.load(bins + <usize>(k << 2)));
    highest4 = f32x4.pmax(highest4, v128.shuffle<f32>(highest4, highest4, 2, 3, 0, 1));
    highest4 = f32x4.pmax(highest4, v128.shuffle<f32>(highest4, highest4, 1, 0, 3, 2));
    let highest = f32x4.extract_lane(highest4, 0);
    for (; k <= last; k++) {
      const value = load<f32>(bins + <usize>(k << 2));
      if (value > highest) highest = value;
    }
    return <f64>highest;
  }
  const k = <i32>a;
  const t = a - <f64>k;
  return (1.0 - t) * <f64>load<f32>(bins + <usize>(k << 2)) + t * <f64>load<f32>(bins + <usize>((k + 1) << 2));
}

function writePoints(bins: usize, field: i32): void {
  if (smoothing > 0) prefixSums(bins);
  for (let i = 0; i < pointCount; i++) {
    const base = SP_POINTS_BASE + i * SP_POINT_STRIDE;
    put(base + PT_FREQUENCY_HZ, load<f64>(pointField(i, 0)));
    let db = frames > 0 ? powerDb(pointPower(bins, i)) : FLOOR_DB;
    if (db > FLOOR_DB) db += load<f64>(pointField(i, 1));
    put(base + field, db);
  }
}

/**
 * Fills the spectrum record; "since read" values start over. Points and bands change only with
 * a new FFT frame or new settings: reads in between (a 60 Hz display, frames every 85 ms) cost
 * only the header.
 */
export function readSpectrum(): void {
  const enbw = noiseBandwidthBins(fftSize);
  put(SP_ENABLED, spectrumOn ? 1 : 0);
  put(SP_FRAMES, frames);
  put(SP_FRAMES_SINCE_READ, framesSinceRead);
  put(SP_FFT_SIZE, <f64>fftSize);
  put(SP_HOP_FRAMES, <f64>hopFrames);
  put(SP_OVERLAP_PERCENT, overlapPercent);
  put(SP_SAMPLE_RATE, sampleRate);
  put(SP_BIN_HZ, binHz());
  put(SP_RESOLUTION_HZ, enbw * binHz());
  put(SP_WINDOW, <f64>windowKind);
  put(SP_SOURCE, <f64>source);
  put(SP_AVERAGING_MS, averagingMs);
  put(SP_PEAK_DECAY_DB_PER_S, peakDecayDbPerSecond);
  put(SP_SMOOTHING, <f64>smoothing);
  put(SP_SLOPE_DB_PER_OCT, slopeDbPerOctave);
  put(SP_POINT_COUNT, <f64>pointCount);
  put(SP_BAND_FRACTION, <f64>bandFraction);
  put(SP_BAND_COUNT, <f64>bandCount);
  framesSinceRead = 0;
  if (recordCurrent && !pointsStale) return;
  if (pointsStale) makePoints();
  writePoints(SPECTRUM_AVERAGE, PT_LEVEL_DB);
  writePoints(SPECTRUM_PEAK, PT_PEAK_DB);
  for (let b = 0; b < bandCount; b++) {
    const base = SP_BANDS_BASE + b * SP_BAND_STRIDE;
    put(base + BD_CENTRE_HZ, bandCentreHz(b));
    put(base + BD_LEVEL_DB, frames > 0 ? powerDb(load<f64>(SPECTRUM_BAND_POWER + <usize>(b << 3)) / enbw) : FLOOR_DB);
    put(base + BD_PEAK_DB, frames > 0 ? powerDb(load<f64>(SPECTRUM_BAND_PEAK + <usize>(b << 3)) / enbw) : FLOOR_DB);
  }
  recordCurrent = true;
  revision += 1;
  put(SP_REVISION, revision);
}
