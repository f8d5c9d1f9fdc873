// Overlapped FFT frames of channels 0 and 1, for the spectrum (spectrum.ts) and the per-band
// correlation (stereo-bands.ts).
//
// Every sample enters a ring of fftSize samples per stream; every `hop` frames, once the ring
// has been filled since the analysis started, the last fftSize samples are windowed and
// transformed (channel 0 as the real part, channel 1 as the imaginary part: one complex FFT
// gives both channels' spectra). Frame times are counted in samples, so frames fall on the same
// samples whatever the chunking, and every sample is in fftSize/hop frames.
//
// Samples are clamped to ±2^20 (+120 dBFS) on the way in: the kernel accepts any finite float,
// and sums of float32 values near 3.4e38 would overflow to Infinity in the transform.

import { configureFft, fftSize, loadWindowed, transform } from "./fft";
import { ANALYSIS_RING_A, ANALYSIS_RING_B, ANALYSIS_WINDOW, HISTORY_PAD, WORK, WORK_STRIDE } from "./memory";
import { designWindow } from "./window";

const SAMPLE_LIMIT: f32 = 1048576.0;

export let hopFrames: i32 = 0;
export let windowKind: i32 = 0;
export let overlapPercent: f64 = 50;
/** Next ring position to write; also the oldest sample of a frame taken now. */
let ringPosition: i32 = 0;
/** Samples written since the analysis (re)started, up to fftSize. */
let filled: i32 = 0;
let framesIntoHop: i32 = 0;
/** Mono: stream B repeats channel 0, so "mid" is channel 0 itself. */
let mono = false;

/** Sets size, hop and window, and empties the rings. Not real-time (computes tables). */
export function configureAnalysis(size: i32, hop: i32, kind: i32, overlap: f64, channels: i32): void {
  configureFft(size);
  designWindow(size, kind);
  hopFrames = hop;
  windowKind = kind;
  overlapPercent = overlap;
  mono = channels < 2;
  restartAnalysis();
}

/** Forgets the audio in the rings: the next frame comes after fftSize new samples. */
export function restartAnalysis(): void {
  memory.fill(ANALYSIS_RING_A, 0, <usize>(fftSize << 2));
  memory.fill(ANALYSIS_RING_B, 0, <usize>(fftSize << 2));
  ringPosition = 0;
  filled = 0;
  framesIntoHop = 0;
}

@inline function clampSample(x: f32): f32 {
  return Mathf.min(Mathf.max(x, -SAMPLE_LIMIT), SAMPLE_LIMIT);
}

/**
 * Takes `frames` sanitised frames from the work buffers of channels 0 and 1. `onFrame` (a
 * top-level function: no closure, nothing allocated) runs after each transform, with the
 * spectrum in FFT_RE/FFT_IM.
 */
export function analyseSpan(frames: i32, onFrame: () => void): void {
  const left = WORK + <usize>(HISTORY_PAD << 2);
  const right = mono ? left : left + <usize>WORK_STRIDE;
  const mask = fftSize - 1;
  let done = 0;
  while (done < frames) {
    const run = min(frames - done, hopFrames - framesIntoHop);
    let i = 0;
    // Four at a time up to the ring's end (pmin/pmax: the samples are finite, no NaN rules needed).
    const straight = min(run, fftSize - ringPosition);
    const limit = f32x4.splat(SAMPLE_LIMIT);
    const negativeLimit = f32x4.splat(-SAMPLE_LIMIT);
    for (; i + 4 <= straight; i += 4) {
      const at = <usize>((done + i) << 2);
      const slot = <usize>((ringPosition + i) << 2);
      v128.store(ANALYSIS_RING_A + slot, f32x4.pmax(f32x4.pmin(v128.load(left + at), limit), negativeLimit));
      v128.store(ANALYSIS_RING_B + slot, f32x4.pmax(f32x4.pmin(v128.load(right + at), limit), negativeLimit));
    }
    for (; i < run; i++) {
      const at = <usize>((done + i) << 2);
      const slot = <usize>(((ringPosition + i) & mask) << 2);
      store<f32>(ANALYSIS_RING_A + slot, clampSample(load<f32>(left + at)));
      store<f32>(ANALYSIS_RING_B + slot, clampSample(load<f32>(right + at)));
    }
    ringPosition = (ringPosition + run) & mask;
    filled = min(fftSize, filled + run);
    framesIntoHop += run;
    done += run;
    if (framesIntoHop == hopFrames) {
      framesIntoHop = 0;
      if (filled == fftSize) {
        loadWindowed(ANALYSIS_RING_A, ANALYSIS_RING_B, ANALYSIS_WINDOW, ringPosition);
        transform();
        onFrame();
      }
    }
  }
}
