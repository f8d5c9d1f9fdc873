// Static memory of the kernel (48 pages, 3 MiB, about 2.5 MiB of it placed below). The module runs with the "stub" runtime and a fixed memory
// (initialMemory == maximumMemory), so every buffer below is placed once at compile time and
// never moves: hosts create their typed-array views once and they never go stale.

import {
  CHANNEL_PEAK_WINDOW_STRIDE, GONIOMETER_CAPACITY, MASTERING_WINDOW_STRIDE, MASTERING_WINDOWS_PUBLISHED, MAX_CHANNELS, MAX_FRAMES_PER_CALL, PUMPING_WINDOW_STRIDE,
  READINGS_LENGTH, SUB_WINDOWS, SUBWINDOW_STRIDE,
  SPECTRUM_LENGTH, SPECTRUM_MAX_BANDS, SPECTRUM_MAX_FFT, SPECTRUM_MAX_POINTS, STEREO_LENGTH, STEREO_MAX_BANDS,
} from "../src/contract/readings-layout";

/** Samples of true-peak filter history kept in front of each channel's work buffer. */
export const TP_TAPS_PER_PHASE: i32 = 14;
/** The history pad, rounded up so that each chunk starts 16-byte aligned. */
export const HISTORY_PAD: i32 = 16;
/** Over-sampling factors up to this many phases are supported (8 kHz needs 23). */
export const TP_MAX_PHASES: i32 = 24;

/** Frames per group whose peak is found together (true-peak skipping and clip scanning). */
export const GROUP_FRAMES: i32 = 32;

/** The most kernel steps in one 100 ms gating hop (bounds the loudness ring). */
export const MAX_STEPS_PER_HOP: i32 = 1000;
/** Hops in the 3 s short-term window. */
export const HOPS_PER_SHORT_TERM: i32 = 30;
/** Hops in the 400 ms momentary window. */
export const HOPS_PER_MOMENTARY: i32 = 4;

/**
 * Loudness histograms: 0.01 LU bins from −70 LUFS (the absolute gate) to +40 LUFS, then 1 LU bins
 * to +800 LUFS, which holds the loudest block any finite float32 input can make (samples near
 * 3.4e38, about +770 LUFS with the K-weighting's gain on many channels). Only float input far
 * beyond full scale reaches the coarse bins.
 */
export const HISTOGRAM_MIN_LUFS: f64 = -70.0;
export const HISTOGRAM_BIN_LU: f64 = 0.01;
export const HISTOGRAM_FINE_BINS: i32 = 11000;
export const HISTOGRAM_FINE_TOP_LUFS: f64 = 40.0;
export const HISTOGRAM_COARSE_BIN_LU: f64 = 1.0;
export const HISTOGRAM_COARSE_BINS: i32 = 760;
export const HISTOGRAM_BINS: i32 = HISTOGRAM_FINE_BINS + HISTOGRAM_COARSE_BINS;
/** Their counts are also summed per block of this many bins (histogram-blocks.ts). */
export const HISTOGRAM_BLOCK_BINS: i32 = 64;
export const HISTOGRAM_BLOCKS: i32 = (HISTOGRAM_BINS + HISTOGRAM_BLOCK_BINS - 1) / HISTOGRAM_BLOCK_BINS;

/** Host-written planar input: channel c at INPUT + c * MAX_FRAMES_PER_CALL * 4. */
export const INPUT: usize = memory.data(MAX_CHANNELS * MAX_FRAMES_PER_CALL * 4, 16);
/** Per-channel work buffer: [history pad | sanitised chunk]. */
export const WORK_STRIDE: i32 = (HISTORY_PAD + MAX_FRAMES_PER_CALL) * 4;
export const WORK: usize = memory.data(MAX_CHANNELS * WORK_STRIDE, 16);
/** Peak of each group of the channel being processed. */
export const GROUP_PEAKS: usize = memory.data((MAX_FRAMES_PER_CALL / GROUP_FRAMES + 1) * 4, 16);
/**
 * At 4× the interpolator is folded (truepeak.ts): per tap pair j < TAPS/2, splatted f32x4s of
 * phase 1's sum and difference coefficients and of phase 2's coefficient.
 */
export const TP_FOLDED_COEFFICIENTS: usize = memory.data(3 * (TP_TAPS_PER_PHASE / 2) * 16, 16);
/**
 * Weights of the 4× per-quad bound (truepeak.ts, quadMayRise), each splatted into an f32x4:
 * outer phases' larger and smaller centre tap, their near taps; middle phase's centre and near.
 */
export const TP_BOUND_WEIGHTS: usize = memory.data(5 * 16, 16);
/** Scratch for stores that keep V8 from issuing all loads of the 4× interpolator first (truepeak.ts). */
export const TP_ANCHOR: usize = memory.data(48, 16);
/** True-peak polyphase coefficients, each splatted into an f32x4: [phase][tap]. */
export const TP_COEFFICIENTS: usize = memory.data(TP_MAX_PHASES * TP_TAPS_PER_PHASE * 16, 16);
/**
 * The K-weighting coefficients, each splatted into an f64x2 (kweighting.ts): pre-filter b0, b1,
 * b2, a1, a2; RLB a1, a2; and −2, the RLB numerator's middle tap.
 */
export const K_WEIGHTING_SPLATS: usize = memory.data(8 * 16, 16);
/** K-weighting filter state per channel pair: 4 f64x2 (pre-filter s1, s2; RLB s1, s2). */
export const FILTER_STATE: usize = memory.data((MAX_CHANNELS / 2) * 4 * 16, 16);
/** K-weighted energy accumulated in the current step, per channel pair (f64x2). */
export const STEP_ENERGY: usize = memory.data((MAX_CHANNELS / 2) * 16, 16);
/** Channel weights as f64x2 per pair. */
export const PAIR_WEIGHTS: usize = memory.data((MAX_CHANNELS / 2) * 16, 16);
/** Weighted K-weighted energy of each step over the last 3 s (ring). */
export const STEP_RING: usize = memory.data(MAX_STEPS_PER_HOP * HOPS_PER_SHORT_TERM * 8, 16);
/** Integrated-loudness histogram of gating blocks: count and summed mean-square per bin. */
export const BLOCK_COUNTS: usize = memory.data(HISTOGRAM_BINS * 8, 16);
export const BLOCK_ENERGIES: usize = memory.data(HISTOGRAM_BINS * 8, 16);
/** BLOCK_COUNTS summed per block of HISTOGRAM_BLOCK_BINS bins. */
export const BLOCK_COUNT_BLOCKS: usize = memory.data(HISTOGRAM_BLOCKS * 8, 16);
/** Loudness-range histogram of short-term values. */
export const SHORT_TERM_COUNTS: usize = memory.data(HISTOGRAM_BINS * 8, 16);
export const SHORT_TERM_ENERGIES: usize = memory.data(HISTOGRAM_BINS * 8, 16);
/** SHORT_TERM_COUNTS summed per block of bins. */
export const SHORT_TERM_COUNT_BLOCKS: usize = memory.data(HISTOGRAM_BLOCKS * 8, 16);
/** Per-channel peak accumulators (f64): see peaks.ts. */
export const CHANNEL_STATS_STRIDE: i32 = 16 * 8;
export const CHANNEL_STATS: usize = memory.data(MAX_CHANNELS * CHANNEL_STATS_STRIDE, 16);
/** The last closed mastering-feature windows (ring of MASTERING_WINDOWS_PUBLISHED), as the readings record has them. */
export const MASTERING_RING: usize = memory.data(MASTERING_WINDOWS_PUBLISHED * MASTERING_WINDOW_STRIDE * 8, 16);
/** The first two channels' sample peaks of the same windows (mastering.ts), ring of MASTERING_WINDOWS_PUBLISHED. */
export const CHANNEL_PEAK_RING: usize = memory.data(MASTERING_WINDOWS_PUBLISHED * CHANNEL_PEAK_WINDOW_STRIDE * 8, 16);
/** The pumping features of the same windows (pumping.ts), ring of MASTERING_WINDOWS_PUBLISHED. */
export const PUMPING_RING: usize = memory.data(MASTERING_WINDOWS_PUBLISHED * PUMPING_WINDOW_STRIDE * 8, 16);
/** The mono sum of the channels of the span being measured (pumping.ts), f32. */
export const PUMPING_MONO: usize = memory.data(MAX_FRAMES_PER_CALL * 4, 16);
/** The highest |sample| of any channel, frame by frame, of the same span (pumping.ts), f32. */
export const PUMPING_PEAK: usize = memory.data(MAX_FRAMES_PER_CALL * 4, 16);
/** The sub-windows of the same windows (pumping.ts), ring of MASTERING_WINDOWS_PUBLISHED, as the readings record has them. */
export const SUBWINDOW_RING: usize = memory.data(MASTERING_WINDOWS_PUBLISHED * SUBWINDOW_STRIDE * 8, 16);
/** The current window's sub-window sums (pumping.ts), f64: low, mid and high band energies, highest |sample|, frames; SUB_WINDOWS each. */
export const SUBWINDOW_SUMS: usize = memory.data(5 * SUB_WINDOWS * 8, 16);
/** Block energies of the last PUMPING_HISTORY_BLOCKS blocks (pumping.ts): bass and top band rings (f64). */
export const PUMPING_HISTORY_BLOCKS: i32 = 16;
export const PUMPING_BASS_HISTORY: usize = memory.data(PUMPING_HISTORY_BLOCKS * 8, 16);
export const PUMPING_TOP_HISTORY: usize = memory.data(PUMPING_HISTORY_BLOCKS * 8, 16);
/**
 * Decibel values read() last published and the linear values they came from (f64 pairs): per
 * channel the sample-peak and true-peak maxima, then the header's sample-peak, true-peak,
 * momentary and short-term maxima (DB_CACHE_* in index.ts).
 */
export const DB_CACHE: usize = memory.data((2 * MAX_CHANNELS + 4) * 16, 16);
/** The readings record filled by read(). */
export const READINGS: usize = memory.data(READINGS_LENGTH * 8, 16);

// ---- Spectrum and stereo analysis (analysis.ts, fft.ts, spectrum.ts, stereo.ts) ----
// Sized for the largest FFT; a smaller FFT uses the start of each buffer.
/** The last fftSize samples of the two analysed streams (channel 0 and channel 1), rings. */
export const ANALYSIS_RING_A: usize = memory.data(SPECTRUM_MAX_FFT * 4, 16);
export const ANALYSIS_RING_B: usize = memory.data(SPECTRUM_MAX_FFT * 4, 16);
/** The analysis window, fftSize f32. */
export const ANALYSIS_WINDOW: usize = memory.data(SPECTRUM_MAX_FFT * 4, 16);
/** The windowed frame of each stream, in time order, before the transform's gather (fft.ts). */
export const FFT_WINDOWED_A: usize = memory.data(SPECTRUM_MAX_FFT * 4, 16);
export const FFT_WINDOWED_B: usize = memory.data(SPECTRUM_MAX_FFT * 4, 16);
/** FFT work buffers, split real and imaginary parts (f32). */
export const FFT_RE: usize = memory.data(SPECTRUM_MAX_FFT * 4, 16);
export const FFT_IM: usize = memory.data(SPECTRUM_MAX_FFT * 4, 16);
/** Twiddles per stage, contiguous: stage of half-size h at [h, 2h) holds e^(−iπj/h) (f32). */
export const FFT_TWIDDLE_RE: usize = memory.data(SPECTRUM_MAX_FFT * 4, 16);
export const FFT_TWIDDLE_IM: usize = memory.data(SPECTRUM_MAX_FFT * 4, 16);
/** Bit reversal of 4m for m < fftSize/4 (u16): the first, fused radix-4 pass reads through it. */
export const FFT_REVERSE: usize = memory.data(SPECTRUM_MAX_FFT / 4 * 2, 16);
/** Averaged and peak-held power per bin (f32, 1.0 = a full-scale sine), fftSize/2 + 1 bins (+3 pad). */
export const SPECTRUM_AVERAGE: usize = memory.data((SPECTRUM_MAX_FFT / 2 + 4) * 4, 16);
export const SPECTRUM_PEAK: usize = memory.data((SPECTRUM_MAX_FFT / 2 + 4) * 4, 16);
/** Prefix sums of a per-bin array (f64), for band powers and display smoothing. */
export const SPECTRUM_PREFIX: usize = memory.data((SPECTRUM_MAX_FFT / 2 + 4) * 8, 16);
/** Band edges in bin units (f64, count + 1), band powers and band peaks (f64). */
export const SPECTRUM_BAND_EDGES: usize = memory.data((SPECTRUM_MAX_BANDS + 1) * 8, 16);
export const SPECTRUM_BAND_POWER: usize = memory.data(SPECTRUM_MAX_BANDS * 8, 16);
export const SPECTRUM_BAND_PEAK: usize = memory.data(SPECTRUM_MAX_BANDS * 8, 16);
/** Per display point: frequency, slope offset (dB) and its bin range or position (f64 × 4). */
export const SPECTRUM_POINT_TABLE: usize = memory.data(SPECTRUM_MAX_POINTS * 4 * 8, 16);
/** The spectrum record filled by readSpectrum(). */
export const SPECTRUM_RECORD: usize = memory.data(SPECTRUM_LENGTH * 8, 16);
/**
 * Correlation bands: first bin of each band and one past the last (i32, count + 1), and the
 * exponentially averaged cross power, left power and right power per band (f64).
 */
export const STEREO_BAND_BINS: usize = memory.data((STEREO_MAX_BANDS + 1) * 4, 16);
export const STEREO_BAND_CROSS: usize = memory.data(STEREO_MAX_BANDS * 8, 16);
export const STEREO_BAND_LEFT: usize = memory.data(STEREO_MAX_BANDS * 8, 16);
export const STEREO_BAND_RIGHT: usize = memory.data(STEREO_MAX_BANDS * 8, 16);
/** Goniometer points since the last read (ring, x/y f32 pairs) and the copy published by read. */
export const GONIOMETER_RING: usize = memory.data(GONIOMETER_CAPACITY * 8, 16);
export const GONIOMETER_OUT: usize = memory.data(GONIOMETER_CAPACITY * 8, 16);
/** The stereo-field record filled by readStereo(). */
export const STEREO_RECORD: usize = memory.data(STEREO_LENGTH * 8, 16);
