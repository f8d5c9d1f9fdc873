// K-weighting per ITU-R BS.1770-5 Annex 1: a high-shelf pre-filter (head model) followed by
// the RLB high-pass. The standard tabulates coefficients for 48 kHz only and asks other rates
// for coefficients with the same frequency response. From 32 kHz up they come from the
// analogue prototype through the bilinear transform (which reproduces the 48 kHz table); below,
// the shelf is magnitude-matched instead (see matchedShelf).
//
// Coefficients are module globals rather than objects: the kernel runs on the "stub" runtime,
// where nothing allocated is ever freed, so init() must not allocate.

import { K_WEIGHTING_SPLATS } from "./memory";

// Pre-filter: high shelf, about +4 dB above 1.7 kHz.
export let preB0: f64 = 0;
export let preB1: f64 = 0;
export let preB2: f64 = 0;
export let preA1: f64 = 0;
export let preA2: f64 = 0;
// RLB: second-order high-pass at about 38 Hz; numerator rlbGain·[1, −2, 1].
export let rlbGain: f64 = 1;
export let rlbA1: f64 = 0;
export let rlbA2: f64 = 0;

const SHELF_HZ: f64 = 1681.974450955533;
const SHELF_GAIN_DB: f64 = 3.999843853973347;
const SHELF_Q: f64 = 0.7071752369554196;
/** Below this rate the bilinear transform warps the shelf by more than 0.01 dB. */
const MATCHED_DESIGN_BELOW_HZ: f64 = 32000;

export function deriveKWeighting(sampleRate: f64): void {
  if (sampleRate < MATCHED_DESIGN_BELOW_HZ) {
    matchedShelf(sampleRate);
  } else {
    bilinearShelf(sampleRate);
    preB0 = shelfB0; preB1 = shelfB1; preB2 = shelfB2; preA1 = shelfA1; preA2 = shelfA2;
  }

  rlbA1 = rlbDenominator(sampleRate, 1);
  rlbA2 = rlbDenominator(sampleRate, 2);
  // The standard's 48 kHz numerator is exactly [1, −2, 1], i.e. the bilinear transform of the
  // analogue high-pass times a0(48 kHz). Keeping that analogue gain at every rate keeps the
  // frequency response the same (BS.1770-5 asks for that); an unscaled [1, −2, 1] would read
  // 0.017 LU low at 96 kHz and 0.027 LU low at 192 kHz.
  rlbGain = rlbA0(48000.0) / rlbA0(sampleRate);
  storeSplats();
}

/** The filter loops load their coefficients as vectors: V8 would splat a scalar at every use. */
function storeSplats(): void {
  v128.store(K_WEIGHTING_SPLATS, f64x2.splat(preB0));
  v128.store(K_WEIGHTING_SPLATS, f64x2.splat(preB1), 16);
  v128.store(K_WEIGHTING_SPLATS, f64x2.splat(preB2), 32);
  v128.store(K_WEIGHTING_SPLATS, f64x2.splat(preA1), 48);
  v128.store(K_WEIGHTING_SPLATS, f64x2.splat(preA2), 64);
  v128.store(K_WEIGHTING_SPLATS, f64x2.splat(rlbA1), 80);
  v128.store(K_WEIGHTING_SPLATS, f64x2.splat(rlbA2), 96);
  v128.store(K_WEIGHTING_SPLATS, f64x2.splat(-2.0), 112);
}

// Scratch for one bilinear shelf design (globals: nothing may be allocated).
let shelfB0: f64 = 0;
let shelfB1: f64 = 0;
let shelfB2: f64 = 0;
let shelfA1: f64 = 0;
let shelfA2: f64 = 0;

/** The pre-filter through the bilinear transform, pre-warped at its centre frequency. */
function bilinearShelf(sampleRate: f64): void {
  const k = Math.tan(Math.PI * SHELF_HZ / sampleRate);
  const vh = Math.pow(10.0, SHELF_GAIN_DB / 20.0);
  const vb = Math.pow(vh, 0.4996667741545416);
  const a0 = 1.0 + k / SHELF_Q + k * k;
  shelfB0 = (vh + vb * k / SHELF_Q + k * k) / a0;
  shelfB1 = 2.0 * (k * k - vh) / a0;
  shelfB2 = (vh - vb * k / SHELF_Q + k * k) / a0;
  shelfA1 = 2.0 * (k * k - 1.0) / a0;
  shelfA2 = (1.0 - k / SHELF_Q + k * k) / a0;
}

/** |H(e^{jω})|² of the current shelf scratch filter at frequency `hz` for `sampleRate`. */
function shelfPower(hz: f64, sampleRate: f64): f64 {
  const w = 2.0 * Math.PI * hz / sampleRate;
  const c1 = Math.cos(w), c2 = Math.cos(2.0 * w), s1 = Math.sin(w), s2 = Math.sin(2.0 * w);
  const br = shelfB0 + shelfB1 * c1 + shelfB2 * c2, bi = shelfB1 * s1 + shelfB2 * s2;
  const ar = 1.0 + shelfA1 * c1 + shelfA2 * c2, ai = shelfA1 * s1 + shelfA2 * s2;
  return (br * br + bi * bi) / (ar * ar + ai * ai);
}

/**
 * At low rates the shelf sits close to Nyquist and the bilinear transform bends it (0.2 dB at
 * 1 kHz for 8 kHz audio). There the pre-filter is designed by magnitude matching (M. Vicanek,
 * "Matched Second Order Digital Filters", 2016): poles mapped exactly (z = e^{sT}), numerator
 * chosen so |H|² equals the standard's 48 kHz response at DC, at the centre frequency and at
 * Nyquist. Worst deviation from the 48 kHz response, 20 Hz … 0.45·fs: 0.04 dB at 8 kHz, 0.01 dB
 * from 11.025 kHz.
 */
function matchedShelf(sampleRate: f64): void {
  // Targets: the normative 48 kHz filter's power response.
  bilinearShelf(48000.0);
  const targetDc = shelfPower(0.0, 48000.0);
  const targetCentre = shelfPower(SHELF_HZ, 48000.0);
  const targetNyquist = shelfPower(sampleRate / 2.0, 48000.0);

  const zeta = 1.0 / (2.0 * SHELF_Q);
  const w0 = 2.0 * Math.PI * SHELF_HZ / sampleRate;
  const a1 = -2.0 * Math.exp(-zeta * w0) * Math.cos(Math.sqrt(1.0 - zeta * zeta) * w0);
  const a2 = Math.exp(-2.0 * zeta * w0);
  // |A|² = A0·φ0 + A1·φ1 + A2·φ2 with φ1 = sin²(ω/2), φ0 = 1 − φ1, φ2 = 4·φ0·φ1.
  const bigA0 = (1.0 + a1 + a2) * (1.0 + a1 + a2);
  const bigA1 = (1.0 - a1 + a2) * (1.0 - a1 + a2);
  const bigA2 = -4.0 * a2;
  const sinHalf = Math.sin(w0 / 2.0);
  const phi1 = sinHalf * sinHalf;
  const phi0 = 1.0 - phi1;
  const phi2 = 4.0 * phi0 * phi1;
  const bigB0 = targetDc * bigA0;
  const bigB1 = targetNyquist * bigA1;
  const bigB2 = (targetCentre * (bigA0 * phi0 + bigA1 * phi1 + bigA2 * phi2) - bigB0 * phi0 - bigB1 * phi1) / phi2;
  const w = (Math.sqrt(bigB0) + Math.sqrt(bigB1)) / 2.0;
  preB0 = (w + Math.sqrt(w * w + bigB2)) / 2.0;
  preB1 = (Math.sqrt(bigB0) - Math.sqrt(bigB1)) / 2.0;
  preB2 = -bigB2 / (4.0 * preB0);
  preA1 = a1;
  preA2 = a2;
}

const RLB_HZ: f64 = 38.13547087602444;
const RLB_Q: f64 = 0.5003270373238773;

function rlbA0(sampleRate: f64): f64 {
  const k = Math.tan(Math.PI * RLB_HZ / sampleRate);
  return 1.0 + k / RLB_Q + k * k;
}

function rlbDenominator(sampleRate: f64, index: i32): f64 {
  const k = Math.tan(Math.PI * RLB_HZ / sampleRate);
  const a0 = rlbA0(sampleRate);
  return index == 1 ? 2.0 * (k * k - 1.0) / a0 : (1.0 - k / RLB_Q + k * k) / a0;
}
