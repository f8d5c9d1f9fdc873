// Correlation per octave band, from the FFT frames of channels 0 and 1 (analysis.ts): the
// channels' spectra A_k and B_k are separated from the packed transform, and per band
//   r = Σ Re(A_k·conj B_k) / √(Σ|A_k|² · Σ|B_k|²),
// each sum averaged over frames with the stereo-field time constant. This is the broadband
// phase correlation restricted to the band (Parseval), without a filter bank per channel.
// Bands: IEC 61260-1 base-ten octaves 31.6 Hz … 16 kHz, clipped at Nyquist; bin k belongs to
// the band holding its centre frequency. A band narrower than a bin has no bins and reads 0.

import { SB_CENTRE_HZ, SB_CORRELATION, ST_BAND_STRIDE, ST_BANDS_BASE, STEREO_MAX_BANDS } from "../src/contract/readings-layout";
import { fftSize } from "./fft";
import { FFT_IM, FFT_RE, STEREO_BAND_BINS, STEREO_BAND_CROSS, STEREO_BAND_LEFT, STEREO_BAND_RIGHT, STEREO_RECORD } from "./memory";

const OCTAVE_RATIO: f64 = 1.9952623149688795; // 10^(3/10)
const FIRST_OCTAVE: i32 = -5; // 1000·G^−5 = 31.6 Hz
const LAST_OCTAVE: i32 = 4; // 1000·G^4 = 15.8 kHz
const FLUSH: f64 = 1e-60;

export let bandCorrelationOn = true;
export let stereoBandCount: i32 = 0;
let alpha: f64 = 1;
let bandFrames: f64 = 0;

export function setBandCorrelation(on: bool): void {
  bandCorrelationOn = on;
  resetStereoBands();
}

/** After the FFT size changed. */
export function configureStereoBands(rate: f64): void {
  const bin = rate / <f64>fftSize;
  const half = fftSize >> 1;
  const nyquist = rate / 2.0;
  const halfBand = Math.sqrt(OCTAVE_RATIO);
  let count = 0;
  for (let x = FIRST_OCTAVE; x <= LAST_OCTAVE && count < STEREO_MAX_BANDS; x++) {
    const centre = 1000.0 * Math.pow(OCTAVE_RATIO, <f64>x);
    if (centre >= nyquist) break;
    const first = max(1, <i32>Math.round(centre / halfBand / bin));
    const last = min(half, <i32>Math.round(min(centre * halfBand, nyquist) / bin));
    store<i32>(STEREO_BAND_BINS + <usize>(count << 2), first);
    store<i32>(STEREO_BAND_BINS + <usize>((count + 1) << 2), max(first, last));
    count++;
  }
  stereoBandCount = count;
  resetStereoBands();
}

/** Exponential weight of one FFT frame for the stereo-field time constant. */
export function setStereoBandsAlpha(frameAlpha: f64): void {
  alpha = frameAlpha;
}

export function resetStereoBands(): void {
  memory.fill(STEREO_BAND_CROSS, 0, <usize>(STEREO_MAX_BANDS << 3));
  memory.fill(STEREO_BAND_LEFT, 0, <usize>(STEREO_MAX_BANDS << 3));
  memory.fill(STEREO_BAND_RIGHT, 0, <usize>(STEREO_MAX_BANDS << 3));
  bandFrames = 0;
}

// Sums of one band in the current frame.
let frameCross: f64 = 0;
let frameLeft: f64 = 0;
let frameRight: f64 = 0;

/**
 * Sums over bins [first, end). With Z = FFT(a + ib): 2A_k = Z_k + conj Z_{N−k},
 * 2i·B_k = Z_k − conj Z_{N−k}; the common factor ¼ cancels in the ratio and is left out.
 */
function sumBins(first: i32, end: i32): void {
  const n = fftSize;
  let cross = f32x4.splat(0);
  let left = f32x4.splat(0);
  let right = f32x4.splat(0);
  let k = first;
  for (; k + 4 <= end; k += 4) {
    const offset = <usize>(k << 2);
    const mirror = <usize>((n - k - 3) << 2);
    const rk = v128.load(FFT_RE + offset);
    const ik = v128.load(FFT_IM + offset);
    const rmReversed = v128.load(FFT_RE + mirror);
    const imReversed = v128.load(FFT_IM + mirror);
    const rm = v128.shuffle<f32>(rmReversed, rmReversed, 3, 2, 1, 0);
    const im = v128.shuffle<f32>(imReversed, imReversed, 3, 2, 1, 0);
    const ar = f32x4.add(rk, rm), ai = f32x4.sub(ik, im);
    const br = f32x4.add(ik, im), bi = f32x4.sub(rm, rk);
    cross = f32x4.add(cross, f32x4.add(f32x4.mul(ar, br), f32x4.mul(ai, bi)));
    left = f32x4.add(left, f32x4.add(f32x4.mul(ar, ar), f32x4.mul(ai, ai)));
    right = f32x4.add(right, f32x4.add(f32x4.mul(br, br), f32x4.mul(bi, bi)));
  }
  let c: f64 = <f64>f32x4.extract_lane(cross, 0) + <f64>f32x4.extract_lane(cross, 1) + <f64>f32x4.extract_lane(cross, 2) + <f64>f32x4.extract_lane(cross, 3);
  let l: f64 = <f64>f32x4.extract_lane(left, 0) + <f64>f32x4.extract_lane(left, 1) + <f64>f32x4.extract_lane(left, 2) + <f64>f32x4.extract_lane(left, 3);
  let r: f64 = <f64>f32x4.extract_lane(right, 0) + <f64>f32x4.extract_lane(right, 1) + <f64>f32x4.extract_lane(right, 2) + <f64>f32x4.extract_lane(right, 3);
  for (; k < end; k++) {
    const rk = load<f32>(FFT_RE + <usize>(k << 2));
    const ik = load<f32>(FFT_IM + <usize>(k << 2));
    const mirror = (n - k) & (n - 1);
    const rm = load<f32>(FFT_RE + <usize>(mirror << 2));
    const im = load<f32>(FFT_IM + <usize>(mirror << 2));
    const ar = rk + rm, ai = ik - im, br = ik + im, bi = rm - rk;
    c += <f64>(ar * br + ai * bi);
    l += <f64>(ar * ar + ai * ai);
    r += <f64>(br * br + bi * bi);
  }
  frameCross = c;
  frameLeft = l;
  frameRight = r;
}

@inline function average(address: usize, value: f64, weight: f64): void {
  let a = load<f64>(address);
  a += weight * (value - a);
  store<f64>(address, Math.abs(a) < FLUSH ? 0 : a);
}

/** Folds one FFT frame into the band averages. */
export function stereoBandsFrame(): void {
  // max(α, 1/(n+1)): the plain mean until the time constant takes over (see spectrumFrame).
  const weight = max(alpha, 1.0 / (bandFrames + 1.0));
  for (let b = 0; b < stereoBandCount; b++) {
    sumBins(load<i32>(STEREO_BAND_BINS + <usize>(b << 2)), load<i32>(STEREO_BAND_BINS + <usize>((b + 1) << 2)));
    average(STEREO_BAND_CROSS + <usize>(b << 3), frameCross, weight);
    average(STEREO_BAND_LEFT + <usize>(b << 3), frameLeft, weight);
    average(STEREO_BAND_RIGHT + <usize>(b << 3), frameRight, weight);
  }
  bandFrames += 1;
}

/** Writes the bands into the stereo record; returns how many (0 while off). */
export function readStereoBands(): i32 {
  const count = bandCorrelationOn ? stereoBandCount : 0;
  for (let b = 0; b < count; b++) {
    const base = STEREO_RECORD + <usize>((ST_BANDS_BASE + b * ST_BAND_STRIDE) << 3);
    store<f64>(base + <usize>(SB_CENTRE_HZ << 3), 1000.0 * Math.pow(OCTAVE_RATIO, <f64>(FIRST_OCTAVE + b)));
    const c = load<f64>(STEREO_BAND_CROSS + <usize>(b << 3));
    const l = load<f64>(STEREO_BAND_LEFT + <usize>(b << 3));
    const r = load<f64>(STEREO_BAND_RIGHT + <usize>(b << 3));
    const product = l * r;
    const correlation = product > 1e-60 ? c / Math.sqrt(product) : 0.0;
    store<f64>(base + <usize>(SB_CORRELATION << 3), min(1.0, max(-1.0, correlation)));
  }
  return count;
}
