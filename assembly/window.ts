// The analysis window and the sums that calibrate the spectrum.
//
// Flat-top HFT95 (G. Heinzel, A. Rüdiger, R. Schilling, "Spectrum and spectral density
// estimation by the DFT", MPI Hannover 2002, table p. 69): the main lobe is flat to 0.0044 dB
// over ±½ bin, so a tone reads its amplitude wherever it falls between bins (the issue asks for
// 0.1 dB); side lobes −95 dB; equivalent noise bandwidth 3.81 bins. Hann is offered for its
// narrower main lobe (1.5 bins), at the price of up to 1.42 dB scalloping on tones.
//
// Periodic (DFT-even) forms, w[n] for n = 0 … N−1 with z = 2πn/N, as overlapped analysis wants.

import { SPECTRUM_WINDOW_HANN } from "../src/contract/readings-layout";
import { ANALYSIS_WINDOW } from "./memory";

/** Σ w[n]: a sine of amplitude A gives |X_k| = A/2 · windowSum at its bin. */
export let windowSum: f64 = 1;
/** Σ w[n]²: white noise of variance σ² gives E|X_k|² = σ² · windowSquareSum. */
export let windowSquareSum: f64 = 1;

export function designWindow(n: i32, kind: i32): void {
  let sum: f64 = 0;
  let squares: f64 = 0;
  for (let i = 0; i < n; i++) {
    const z = 2.0 * Math.PI * <f64>i / <f64>n;
    let w: f64;
    if (kind == SPECTRUM_WINDOW_HANN) {
      w = 0.5 - 0.5 * Math.cos(z);
    } else {
      w = 1.0 - 1.9383379 * Math.cos(z) + 1.3045202 * Math.cos(2.0 * z) - 0.4028270 * Math.cos(3.0 * z) + 0.0350665 * Math.cos(4.0 * z);
    }
    const stored = <f32>w;
    store<f32>(ANALYSIS_WINDOW + <usize>(i << 2), stored);
    // The sums are taken over the stored (f32) values, which are what the FFT multiplies by.
    sum += <f64>stored;
    squares += <f64>stored * <f64>stored;
  }
  windowSum = sum;
  windowSquareSum = squares;
}

/** Equivalent noise bandwidth in bins: N·Σw²/(Σw)². */
export function noiseBandwidthBins(n: i32): f64 {
  return <f64>n * windowSquareSum / (windowSum * windowSum);
}
