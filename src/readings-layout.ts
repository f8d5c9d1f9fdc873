// The fixed layout of the readings record: one Float64Array that the kernel fills on every
// read(), that the worklet publishes and that the components and the Node API decode.
//
// This file is compiled twice: by AssemblyScript into the kernel (assembly/ imports it) and by
// TypeScript into everything else. It therefore holds only plain numeric constants, written so
// that both compilers give them the same value: integers are slot indices, FLOOR_DB is a float.

/** Most channels one kernel measures (7.1.4 needs 12; explicit layouts may use up to 16). */
export const MAX_CHANNELS = 16;
/** Most frames one kernel process() call takes; hosts split longer buffers. */
export const MAX_FRAMES_PER_CALL = 4096;

/**
 * Every level and loudness reading is finite. Silence, "no value yet" (integrated loudness
 * before the first gated block) and anything at or below this floor read exactly FLOOR_DB;
 * displays show it as "−∞".
 */
export const FLOOR_DB = -200.0;

// ---- Header slots (whole programme) ----
/** Frames measured since reset. */
export const FRAMES = 0;
export const SAMPLE_RATE = 1;
export const CHANNEL_COUNT = 2;
/** EBU Tech 3341 momentary loudness (400 ms window), LUFS, at the moment of the read. */
export const MOMENTARY_LUFS = 3;
/** EBU Tech 3341 short-term loudness (3 s window), LUFS, at the moment of the read. */
export const SHORT_TERM_LUFS = 4;
/** ITU-R BS.1770-5 integrated (gated) loudness since reset, LUFS. */
export const INTEGRATED_LUFS = 5;
/** EBU Tech 3342 loudness range since reset, LU (0 until there are short-term values). */
export const LOUDNESS_RANGE_LU = 6;
/** Highest momentary loudness since reset, evaluated at every kernel step (≤ 128 frames). */
export const MOMENTARY_MAX_LUFS = 7;
/** Highest short-term loudness since reset, evaluated at every kernel step (≤ 128 frames). */
export const SHORT_TERM_MAX_LUFS = 8;
/** Highest sample peak of any channel since reset, dBFS. */
export const SAMPLE_PEAK_MAX_DBFS = 9;
/** Highest true peak of any channel since reset, dBTP. */
export const TRUE_PEAK_MAX_DBTP = 10;
/** Peak-to-loudness ratio: TRUE_PEAK_MAX_DBTP − INTEGRATED_LUFS (FLOOR_DB while I has no value). */
export const PLR_LU = 11;
/** NaN and ±Infinity samples seen since reset (each measured as 0). */
export const BAD_SAMPLES = 12;
/** NaN and ±Infinity samples seen since the previous read. */
export const BAD_SAMPLES_SINCE_READ = 13;
/** Frames measured since the previous read. */
export const FRAMES_SINCE_READ = 14;
/** Gating blocks (400 ms, every 100 ms) that passed both gates of the integrated measurement. */
export const GATED_BLOCKS = 15;
/** The 10th-percentile short-term loudness that LRA is measured from, LUFS. */
export const LRA_LOW_LUFS = 16;
/** The 95th-percentile short-term loudness that LRA is measured from, LUFS. */
export const LRA_HIGH_LUFS = 17;
/** Clip runs of all channels since reset (see CH_CLIP_RUNS). */
export const CLIP_RUNS = 18;
/** True-peak overs of all channels since reset (see CH_TRUE_PEAK_OVERS). */
export const TRUE_PEAK_OVERS = 19;
/** Highest momentary loudness since the previous read (no step between two reads is missed). */
export const MOMENTARY_MAX_SINCE_READ_LUFS = 20;
/** Highest short-term loudness since the previous read. */
export const SHORT_TERM_MAX_SINCE_READ_LUFS = 21;
/** Frames per kernel step: the resolution at which momentary/short-term maxima are evaluated. */
export const STEP_FRAMES = 22;
/** True-peak over-sampling factor in use at this sample rate. */
export const TRUE_PEAK_OVERSAMPLING = 23;

// ---- Mastering-detector features (see assembly/mastering.ts and src/detector/) ----
// Time is cut into feature windows that are exactly the 100 ms gating hops of the loudness
// measurement, counted from reset. The kernel keeps the last MASTERING_WINDOWS_PUBLISHED closed
// windows, newest first, so a reader at ≥ 10 Hz (with jitter up to 400 ms) loses none: it
// takes the windows whose number is above the last one it saw.
/** Feature windows closed since reset (window k covers frames [k·hop, (k+1)·hop)). */
export const MASTERING_WINDOWS_CLOSED = 24;
/** First slot of the newest window; window i (0 = newest) starts at + i * MASTERING_WINDOW_STRIDE. */
export const MASTERING_WINDOW_BASE = 25;
export const MASTERING_WINDOWS_PUBLISHED = 4;
export const MASTERING_WINDOW_STRIDE = 5;
/**
 * Highest true peak of any channel in the window, dBTP. Exact when within 2 dB of the recent
 * window peaks (a maximum decaying 2.5 dB/s); lower windows may read low (a lower bound).
 */
export const MW_TRUE_PEAK_DBTP = 0;
/** Highest |sample| of any channel in the window, dBFS. */
export const MW_SAMPLE_PEAK_DBFS = 1;
/** K-weighted loudness of the window's 100 ms alone, LUFS. */
export const MW_LOUDNESS_LUFS = 2;
/** Short-term (3 s) loudness at the window's end, LUFS. */
export const MW_SHORT_TERM_LUFS = 3;
/**
 * Flat-top samples in the window, all channels: samples equal to both previous samples of their
 * channel, at or above MW_FLAT_MIN_LEVEL and within 8 dB of the recent peaks (a clipper's flat
 * tops; natural audio at 24-bit or float resolution has almost none).
 */
export const MW_FLAT_SAMPLES = 4;
/** Flat tops below this magnitude are not counted (−18 dBFS). */
export const MW_FLAT_MIN_LEVEL = 0.125;

/** Slots 45 … HEADER_LENGTH-1 are reserved for later header readings. */
export const HEADER_LENGTH = 48;

// ---- Per-channel slots: channel c starts at HEADER_LENGTH + c * CHANNEL_STRIDE ----
export const CHANNEL_STRIDE = 8;
/** Highest |sample| since the previous read, dBFS. */
export const CH_SAMPLE_PEAK_DBFS = 0;
/** Highest |sample| since reset, dBFS. */
export const CH_SAMPLE_PEAK_MAX_DBFS = 1;
/** Highest true peak since the previous read, dBTP. */
export const CH_TRUE_PEAK_DBTP = 2;
/** Highest true peak since reset, dBTP. */
export const CH_TRUE_PEAK_MAX_DBTP = 3;
/** Runs of 3 or more consecutive samples at or above full scale (≥ 32767/32768), since reset. */
export const CH_CLIP_RUNS = 4;
/** Sample periods whose true peak exceeds 0 dBTP, since reset. */
export const CH_TRUE_PEAK_OVERS = 5;
/** The BS.1770 channel weight in use (0 for LFE). */
export const CH_WEIGHT = 6;

export const READINGS_LENGTH = HEADER_LENGTH + MAX_CHANNELS * CHANNEL_STRIDE;

/** A sample at or above this magnitude is "at full scale": the largest positive 16-bit value. */
export const CLIP_LEVEL = 0.999969482421875;
