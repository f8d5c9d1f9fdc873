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

// ---- Mastering-detector features (see assembly/mastering.ts and src/rules/detector/) ----
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

/**
 * 1 when a sample since reset lay beyond FAR_OVER_LEVEL (+24 dBFS), else 0: the input holds
 * values far beyond full scale. Readings stay correct at any finite level (loudness and peaks
 * scale with the signal), but such values are seldom a mix: they are usually samples in the
 * wrong scale (integers written as floats without dividing, +66 dBFS and up for 16-bit values)
 * or a broken float bus, and every meter scale tops out far below them.
 */
export const FAR_OVER_FULL_SCALE = 45;
/**
 * +24 dBFS (×15.85). A float mix bus legitimately runs over full scale, but rarely by more than
 * a few dB and, with gain staging gone wrong, by 10–20 dB: +24 dBFS leaves room above that, and
 * stays far below 8-bit integers written as floats (+42 dBFS) and 16-bit ones (+90 dBFS).
 */
export const FAR_OVER_LEVEL = 15.848931924611133;

/** Slots 46 … HEADER_LENGTH-1 are reserved for later header readings. */
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

// ---- Pumping features of the mastering windows (see assembly/pumping.ts), after the channels ----
// The same windows as MASTERING_WINDOW_BASE (newest first), kept in their own block so that no
// earlier slot moves.
/** First slot of the newest window's pumping features; window i at + i * PUMPING_WINDOW_STRIDE. */
export const PUMPING_WINDOW_BASE = HEADER_LENGTH + MAX_CHANNELS * CHANNEL_STRIDE;
export const PUMPING_WINDOW_STRIDE = 5;
/**
 * How the top band (above about 2 kHz) of the mono sum moved across the bass onset (a kick)
 * whose measurement ended in this window: its mean energy 25–100 ms after the onset against
 * 5–35 ms before it, dB (negative: the highs ducked after the kick). FLOOR_DB when no
 * measurement ended in the window (onsets are at least 105 ms apart: one per window at most).
 */
export const PW_TOP_DUCK_DB = 0;
/**
 * Whether the top band came back after the dip of a bass onset whose 200 ms measurement ended in
 * this window: the quieter of its mean energy 5–35 ms before the onset and 100–200 ms after it,
 * against 25–100 ms after it, dB. Positive when the highs dipped and came back (a gain turned
 * down and let go), at or below 0 when they only faded or stopped (a part that ended, a note
 * cut). FLOOR_DB when none ended in the window, or when another onset came within 200 ms.
 */
export const PW_TOP_DIP_DB = 1;
/**
 * The window's spectral shape: the mean square per frame of the mono sum in three bands, dB
 * (FLOOR_DB for silence): below 150 Hz, 150 Hz–2 kHz and above 2 kHz, split by 4th-order
 * Linkwitz–Riley filters. A processor changes a window's level far more than its shape, so the
 * detector finds a passage played again by its shapes and compares its dynamics with the earlier
 * pass (src/rules/detector/replayed-passage.ts).
 */
export const PW_LOW_BAND_DB = 2;
export const PW_MID_BAND_DB = 3;
export const PW_HIGH_BAND_DB = 4;
/** The band edges, Hz. */
export const BAND_LOW_MID_HZ = 150;
export const BAND_MID_HIGH_HZ = 2000;

// ---- Sub-windows of the mastering windows (see assembly/pumping.ts), after the pumping features ----
// Each window cut in SUB_WINDOWS equal parts (5 ms at any rate), newest window first. A passage
// played again lines up with its earlier pass only when the loop lasts a whole number of windows
// (a loop of 4 bars at 124 BPM lies 42 ms off them); from its parts the detector pieces together
// the earlier pass's window at the offset where the passage lies, to a part and, pro rata within
// a part, finer (src/rules/detector/replayed-passage.ts).
export const SUB_WINDOWS = 20;
/** First slot of the newest window's sub-windows; window i at + i * SUBWINDOW_STRIDE. */
export const SUBWINDOW_BASE = PUMPING_WINDOW_BASE + MASTERING_WINDOWS_PUBLISHED * PUMPING_WINDOW_STRIDE;
export const SUBWINDOW_STRIDE = 4 * SUB_WINDOWS;
/** Part p's mean square per frame of the mono sum in the three bands of PW_LOW_BAND_DB … PW_HIGH_BAND_DB, dB (FLOOR_DB for silence): at + p. */
export const SW_LOW_BAND_DB = 0;
export const SW_MID_BAND_DB = SUB_WINDOWS;
export const SW_HIGH_BAND_DB = 2 * SUB_WINDOWS;
/** Part p's highest |sample| of any channel, dBFS (FLOOR_DB for silence): at + p. The window's MW_SAMPLE_PEAK_DBFS is the highest of them. */
export const SW_SAMPLE_PEAK_DBFS = 3 * SUB_WINDOWS;

// ---- Each mastering window's sample peak in the first two channels, after the sub-windows ----
// The windows' peaks above are the loudest channel's. Per channel, the detector can tell two parts
// played at fixed volumes, one panned to each side (a tracker module's voices), from a limiter:
// both pin the loudest peaks, but each part pins its own channel to a level of its own, while a
// linked limiter holds the louder channel to its ceiling (src/rules/detector/panned-parts.ts).
/** First slot of the newest window's channel peaks; window i at + i * CHANNEL_PEAK_WINDOW_STRIDE. */
export const CHANNEL_PEAK_WINDOW_BASE = SUBWINDOW_BASE + MASTERING_WINDOWS_PUBLISHED * SUBWINDOW_STRIDE;
export const CHANNEL_PEAK_WINDOW_STRIDE = 2;
/** Highest |sample| of the first channel in the window, dBFS. */
export const CW_FIRST_SAMPLE_PEAK_DBFS = 0;
/** Highest |sample| of the second channel in the window, dBFS (the first channel's again for mono). */
export const CW_SECOND_SAMPLE_PEAK_DBFS = 1;

export const READINGS_LENGTH = CHANNEL_PEAK_WINDOW_BASE + MASTERING_WINDOWS_PUBLISHED * CHANNEL_PEAK_WINDOW_STRIDE;

/** A sample at or above this magnitude is "at full scale": the largest positive 16-bit value. */
export const CLIP_LEVEL = 0.999969482421875;

// =============================================================================================
// Analysis records. Separate from the readings record above (whose slots and length stay as they
// are): each is its own Float64Array, filled by its own kernel call (readSpectrum / readStereo),
// so hosts that do not show a spectrum or a stereo field never copy them.
//
// Level convention for every spectrum and stereo level below: dB re the mean square of a
// full-scale sine (AES17), so a sine reads its peak level: a full-scale sine reads 0 dBFS, a
// −20 dBFS sine −20, whatever bin its frequency falls on (amplitude-corrected, flat-top window).

// ---- Spectrum record (assembly/spectrum.ts) ----
/** FFT sizes are powers of two from SPECTRUM_MIN_FFT to SPECTRUM_MAX_FFT. */
export const SPECTRUM_MIN_FFT = 1024;
export const SPECTRUM_MAX_FFT = 32768;
/** Display points (log-spaced frequencies) the record can hold. */
export const SPECTRUM_MAX_POINTS = 1024;
/** Fractional-octave bands the record can hold (1/24 octave from 18 Hz to 22.5 kHz is 247). */
export const SPECTRUM_MAX_BANDS = 256;

/** What the spectrum shows: the mid signal (L+R)/2 (default; channel 0 alone for mono). */
export const SPECTRUM_SOURCE_MID = 0;
/** The side signal (L−R)/2. */
export const SPECTRUM_SOURCE_SIDE = 1;
/** Channel 0 (L in every named layout). */
export const SPECTRUM_SOURCE_LEFT = 2;
/** Channel 1 (R in every named layout). */
export const SPECTRUM_SOURCE_RIGHT = 3;

/** Flat-top window (HFT95): tones read their level within 0.005 dB wherever they fall; default. */
export const SPECTRUM_WINDOW_FLAT_TOP = 0;
/** Hann window: a third of the flat-top's bandwidth, but tones between bins read up to 1.42 dB low. */
export const SPECTRUM_WINDOW_HANN = 1;

/** 1 when the spectrum is running. */
export const SP_ENABLED = 0;
/** FFT frames averaged since reset or since the last change of FFT size, window or source. */
export const SP_FRAMES = 1;
/** FFT frames since the previous readSpectrum(). */
export const SP_FRAMES_SINCE_READ = 2;
export const SP_FFT_SIZE = 3;
/** Frames between FFT starts (fftSize × (1 − overlap)). */
export const SP_HOP_FRAMES = 4;
export const SP_SAMPLE_RATE = 5;
/** Bin spacing, Hz. */
export const SP_BIN_HZ = 6;
/** Equivalent noise bandwidth of a bin (the frequency resolution), Hz. */
export const SP_RESOLUTION_HZ = 7;
/** SPECTRUM_WINDOW_*. */
export const SP_WINDOW = 8;
/** SPECTRUM_SOURCE_*. */
export const SP_SOURCE = 9;
/** Averaging time constant, ms (0 = none, Infinity = mean since reset). */
export const SP_AVERAGING_MS = 10;
/** Peak-hold fall rate, dB/s (0 = hold until reset or clearSpectrumPeak). */
export const SP_PEAK_DECAY_DB_PER_S = 11;
/** Display smoothing: 1/n octave, 0 = none (each point then shows the highest bin it covers). */
export const SP_SMOOTHING = 12;
/** Display slope, dB per octave, pivoting at 1 kHz (display points only, never bands or bins). */
export const SP_SLOPE_DB_PER_OCT = 13;
/** Display points in use. */
export const SP_POINT_COUNT = 14;
/** Bands are 1/n octave (IEC 61260-1 base-ten mid-band frequencies). */
export const SP_BAND_FRACTION = 15;
/** Bands in use. */
export const SP_BAND_COUNT = 16;
/** Overlap of successive FFT frames, percent. */
export const SP_OVERLAP_PERCENT = 17;
/**
 * Counts the rewrites of the points and bands (a new FFT frame or new settings since the
 * previous read): while it stands still, a reader need not copy them again.
 */
export const SP_REVISION = 18;
export const SP_HEADER_LENGTH = 24;
/** Display point i starts at SP_POINTS_BASE + i * SP_POINT_STRIDE. */
export const SP_POINTS_BASE = 24;
export const SP_POINT_STRIDE = 3;
/** Point frequency, Hz (log-spaced from the display's low to high frequency). */
export const PT_FREQUENCY_HZ = 0;
/** Averaged level at the point, smoothed, with the display slope, dB. */
export const PT_LEVEL_DB = 1;
/** Peak-hold level at the point, smoothed, with the display slope, dB. */
export const PT_PEAK_DB = 2;
/** Band b starts at SP_BANDS_BASE + b * SP_BAND_STRIDE. */
export const SP_BANDS_BASE = SP_POINTS_BASE + SPECTRUM_MAX_POINTS * SP_POINT_STRIDE;
export const SP_BAND_STRIDE = 3;
/** Exact mid-band frequency, Hz (edges at × 10^(±0.15/n)). */
export const BD_CENTRE_HZ = 0;
/** Averaged band level: the power in the band, dB re a full-scale sine. */
export const BD_LEVEL_DB = 1;
/** Highest averaged band level since reset (falls at the peak-hold rate), dB. */
export const BD_PEAK_DB = 2;
export const SPECTRUM_LENGTH = SP_BANDS_BASE + SPECTRUM_MAX_BANDS * SP_BAND_STRIDE;

// ---- Stereo-field record (assembly/stereo.ts), channels 0 and 1 as L and R ----
/** 1 when the stereo field is being measured. */
export const ST_ENABLED = 0;
/** Phase correlation E[LR]/√(E[L²]E[R²]), −1 … +1, exponential with the time constant; 0 in silence. */
export const ST_CORRELATION = 1;
/** Lowest correlation since the previous readStereo() (evaluated every kernel step). */
export const ST_CORRELATION_MIN_SINCE_READ = 2;
/** Lowest correlation since reset. */
export const ST_CORRELATION_MIN = 3;
/** Correlation of everything since reset (ΣLR/√(ΣL²ΣR²)). */
export const ST_CORRELATION_PROGRAMME = 4;
/** Balance 10·log10(E[R²]/E[L²]), dB: positive leans right; ±BALANCE_LIMIT_DB when one side is silent. */
export const ST_BALANCE_DB = 5;
/** Balance of everything since reset. */
export const ST_BALANCE_PROGRAMME_DB = 6;
/** Level of the mid signal (L+R)/2 with the time constant, dB re a full-scale sine. */
export const ST_MID_DB = 7;
/** Level of the side signal (L−R)/2, dB re a full-scale sine. */
export const ST_SIDE_DB = 8;
/**
 * Mono-compatibility loss, LU: stereo loudness minus the loudness of the mono fold-down
 * (L+R)/2 on both loudspeakers, both K-weighted (BS.1770-5, weights 1), with the time constant.
 * 0 for identical channels, 3.01 for uncorrelated ones of equal loudness, MONO_LOSS_LIMIT_LU
 * when the fold-down cancels completely (inverted channels); 0 in silence.
 */
export const ST_MONO_LOSS_LU = 9;
/** Highest mono-compatibility loss since the previous readStereo(). */
export const ST_MONO_LOSS_MAX_SINCE_READ_LU = 10;
/** Mono-compatibility loss of everything since reset (ungated K-weighted energies). */
export const ST_MONO_LOSS_PROGRAMME_LU = 11;
/** The time constant in use, ms. */
export const ST_TIME_CONSTANT_MS = 12;
/** Goniometer points per second actually produced (the rate divides the sample rate). */
export const ST_GONIOMETER_RATE_HZ = 13;
/** Goniometer points in the goniometer buffer for this read (oldest first). */
export const ST_GONIOMETER_POINTS = 14;
/** Goniometer points lost since the previous read because more than GONIOMETER_CAPACITY were made. */
export const ST_GONIOMETER_DROPPED = 15;
/** Correlation bands in use (octave bands; 0 while the stereo field or band correlation is off). */
export const ST_BAND_COUNT = 16;
/** Frames measured since reset. */
export const ST_FRAMES = 17;
export const ST_HEADER_LENGTH = 24;
/** Band b starts at ST_BANDS_BASE + b * ST_BAND_STRIDE. */
export const ST_BANDS_BASE = 24;
export const ST_BAND_STRIDE = 2;
/** Octave-band mid frequency, Hz (IEC 61260-1 base ten: 31.6 Hz … 16 kHz, those below Nyquist). */
export const SB_CENTRE_HZ = 0;
/** Correlation in the band (from the cross-spectrum of the FFT frames), −1 … +1, averaged with the time constant (the plain mean of the frames until it takes over). */
export const SB_CORRELATION = 1;
export const STEREO_MAX_BANDS = 12;
export const STEREO_LENGTH = ST_BANDS_BASE + STEREO_MAX_BANDS * ST_BAND_STRIDE;
/** Balance readings are clamped to ± this, dB. */
export const BALANCE_LIMIT_DB = 60.0;
/** Mono-loss readings are clamped to this, LU (complete cancellation). */
export const MONO_LOSS_LIMIT_LU = 200.0;
/**
 * The goniometer buffer (Float32Array at goniometerPointer()) holds up to this many points,
 * point i as x = [2i], y = [2i + 1]: x = (R − L)/2, y = (L + R)/2, each clamped to ±1, so a
 * full-scale mono signal spans the vertical axis, L alone the upper-left diagonal and an
 * inverted pair the horizontal axis.
 */
export const GONIOMETER_CAPACITY = 8192;
