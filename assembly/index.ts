// Longer than 400 lines on purpose: the kernel's whole exported ABI (src/contract/kernel-abi.ts mirrors it) in one place.
// busmeter's metering kernel: the WebAssembly module that the AudioWorklet, the Node API and
// the CLI all run. Hosts write planar float32 audio into the input buffers, call process(), and
// call read() at display rate to fill the readings record (layout in src/contract/readings-layout.ts).
//
// Nothing here allocates after init(): all memory is static (see memory.ts).

import {
  BAD_SAMPLES, BAD_SAMPLES_SINCE_READ, CH_CLIP_RUNS, CH_SAMPLE_PEAK_DBFS, CH_SAMPLE_PEAK_MAX_DBFS,
  CH_TRUE_PEAK_DBTP, CH_TRUE_PEAK_MAX_DBTP, CH_TRUE_PEAK_OVERS, CH_WEIGHT, CHANNEL_COUNT,
  CHANNEL_STRIDE, CLIP_RUNS as TOTAL_CLIP_RUNS, FLOOR_DB, FRAMES, FRAMES_SINCE_READ, GATED_BLOCKS,
  HEADER_LENGTH, INTEGRATED_LUFS, LOUDNESS_RANGE_LU, LRA_HIGH_LUFS, LRA_LOW_LUFS, MAX_CHANNELS,
  MAX_FRAMES_PER_CALL, MOMENTARY_LUFS, MOMENTARY_MAX_LUFS, MOMENTARY_MAX_SINCE_READ_LUFS, PLR_LU,
  READINGS_LENGTH, SAMPLE_PEAK_MAX_DBFS, SAMPLE_RATE, SHORT_TERM_LUFS, SHORT_TERM_MAX_LUFS,
  SHORT_TERM_MAX_SINCE_READ_LUFS, STEP_FRAMES, TRUE_PEAK_MAX_DBTP, TRUE_PEAK_OVERS as TOTAL_TRUE_PEAK_OVERS,
  TRUE_PEAK_OVERSAMPLING, FAR_OVER_FULL_SCALE, FAR_OVER_LEVEL,
} from "../src/contract/readings-layout";
import {
  CLIP_RUNS, getStat, SAMPLE_PEAK_MAX, SAMPLE_PEAK_SINCE_READ, setStat, TRUE_PEAK_MAX,
  TRUE_PEAK_OVERS, TRUE_PEAK_SINCE_READ, WEIGHT,
} from "./channel-stats";
import { badSamplesInCall, copyChannelClean, sanitiseChannel } from "./input";
import { deriveKWeighting } from "./kweighting";
import { amplitudeDb, floored } from "./decibels";
import {
  configureLoudness, energyToLufs, followLoudness, gatedBlocks, integratedLufs, measureLoudness,
  momentaryMaxMeanSquare, momentaryMeanSquare, rangeHighLufs, rangeLowLufs, rangeLu, resetLoudness,
  setPairWeight, shortTermMaxMeanSquare, shortTermMeanSquare, stepFrames, takeMomentaryMaxSinceRead,
  takeShortTermMaxSinceRead, updateIntegrated, updateRange,
} from "./loudness";
import { CHANNEL_STATS, CHANNEL_STATS_STRIDE, DB_CACHE, HISTORY_PAD, INPUT, READINGS, WORK, WORK_STRIDE } from "./memory";
import { designTruePeak, followTruePeak, measureTruePeak, phases } from "./truepeak";
import { analyseSpan, configureAnalysis, hopFrames, restartAnalysis } from "./analysis";
import {
  clearSpectrum, clearSpectrumPeak as clearPeaks, enableSpectrum as switchSpectrum, readSpectrum as fillSpectrum,
  retuneSpectrum, setSpectrumAveraging as setAveraging, setSpectrumBands as setBands, setSpectrumDisplay as setDisplay,
  setSpectrumPeakDecay as setPeakDecay, setSpectrumSlope as setSlope, setSpectrumSmoothing as setSmoothing,
  setSpectrumSource as setSource, spectrumFrame, spectrumOn,
} from "./spectrum";
import {
  configureStereo, enableStereo as switchStereo, measureStereo, readStereo as fillStereo, resetStereo, stereoOn,
  setStereoTimeConstant as setTimeConstant, updateStereoRates,
} from "./stereo";
import { bandCorrelationOn, configureStereoBands, resetStereoBands, setBandCorrelation as switchBands, stereoBandsFrame } from "./stereo-bands";
import { enableMonoFold, resetMonoFold } from "./mono-fold";
import { configureGoniometer, goniometerSpan, resetGoniometer } from "./goniometer";
import {
  GONIOMETER_OUT, SPECTRUM_AVERAGE, SPECTRUM_PEAK, SPECTRUM_RECORD, STEREO_RECORD,
} from "./memory";
import {
  SPECTRUM_LENGTH, SPECTRUM_MAX_FFT, SPECTRUM_MIN_FFT, SPECTRUM_WINDOW_FLAT_TOP, SPECTRUM_WINDOW_HANN, STEREO_LENGTH,
} from "../src/contract/readings-layout";
import {
  advanceMasteringWindow, configureMastering, framesLeftInWindow, measureMasteringChannel, readMastering,
  resetMastering,
} from "./mastering";
import { followPumping, measurePumping } from "./pumping";

/** init() results. */
export const OK: i32 = 0;
export const ERROR_SAMPLE_RATE: i32 = 1;
export const ERROR_CHANNEL_COUNT: i32 = 2;
export const ERROR_FRAME_COUNT: i32 = 3;
export const ERROR_NOT_INITIALISED: i32 = 4;
export const ERROR_WEIGHT: i32 = 5;
export const ERROR_FFT_SIZE: i32 = 6;
export const ERROR_OVERLAP: i32 = 7;
export const ERROR_OPTION: i32 = 8;
export const ERROR_NEEDS_TWO_CHANNELS: i32 = 9;
/** Spectrum defaults: 8192-point flat-top FFT, 50 % overlap (5.9 Hz bins at 48 kHz). */
const DEFAULT_FFT_SIZE: i32 = 8192;
const DEFAULT_OVERLAP_PERCENT: f64 = 50;
const DEFAULT_STEREO_TIME_CONSTANT_MS: f64 = 300;
const DEFAULT_GONIOMETER_RATE_HZ: f64 = 6000;
export const MIN_SAMPLE_RATE: f64 = 8000;
export const MAX_SAMPLE_RATE: f64 = 384000;

let configuredRate: f64 = 0;
let channelCount: i32 = 0;
let frames: f64 = 0;
let framesSinceRead: f64 = 0;
let badSamples: f64 = 0;
let badSamplesSinceRead: f64 = 0;
/** The FFT frames run while the spectrum or the band correlation needs them. */
let analysisRunning = false;

/** Prepares the kernel for `channels` channels at `sampleRate` Hz, every weight 1.0. */
export function init(sampleRate: f64, channels: i32): i32 {
  if (!(sampleRate >= MIN_SAMPLE_RATE && sampleRate <= MAX_SAMPLE_RATE)) return ERROR_SAMPLE_RATE;
  if (channels < 1 || channels > MAX_CHANNELS) return ERROR_CHANNEL_COUNT;
  configuredRate = sampleRate;
  channelCount = channels;
  deriveKWeighting(sampleRate);
  designTruePeak(sampleRate);
  configureLoudness(sampleRate, channels);
  configureMastering(sampleRate);
  configureAnalysis(DEFAULT_FFT_SIZE, DEFAULT_FFT_SIZE / 2, SPECTRUM_WINDOW_FLAT_TOP, DEFAULT_OVERLAP_PERCENT, channels);
  retuneSpectrum(sampleRate);
  configureStereoBands(sampleRate);
  configureStereo(sampleRate, stepFrames);
  setTimeConstant(DEFAULT_STEREO_TIME_CONSTANT_MS, hopFrames);
  configureGoniometer(sampleRate, DEFAULT_GONIOMETER_RATE_HZ);
  switchSpectrum(false);
  switchStereo(false);
  enableMonoFold(false);
  analysisRunning = false;
  for (let c = 0; c < MAX_CHANNELS; c++) {
    const weight: f64 = c < channels ? 1.0 : 0.0;
    setPairWeight(c, weight);
    setStat(c, WEIGHT, weight);
  }
  // Channels past the count stay silent: they fill the unused lane of the last pair.
  memory.fill(WORK, 0, <usize>(MAX_CHANNELS * WORK_STRIDE));
  memory.fill(INPUT, 0, <usize>(MAX_CHANNELS * MAX_FRAMES_PER_CALL * 4));
  reset();
  return OK;
}

/** Sets the BS.1770 weight of one channel (0 excludes it, as for LFE). */
export function setChannelWeight(channel: i32, weight: f64): i32 {
  if (channel < 0 || channel >= channelCount) return ERROR_CHANNEL_COUNT;
  if (!(weight >= 0 && weight <= 10)) return ERROR_WEIGHT;
  setPairWeight(channel, weight);
  setStat(channel, WEIGHT, weight);
  return OK;
}

/** Where the host writes channel `channel`'s samples (MAX_FRAMES_PER_CALL float32 each). */
export function inputPointer(channel: i32): usize {
  return INPUT + <usize>(channel * MAX_FRAMES_PER_CALL * 4);
}

export function readingsPointer(): usize {
  return READINGS;
}

/** Measures `count` frames from the input buffers. */
export function process(count: i32): i32 {
  if (channelCount == 0) return ERROR_NOT_INITIALISED;
  if (count < 0 || count > MAX_FRAMES_PER_CALL) return ERROR_FRAME_COUNT;
  if (count == 0) return OK;
  let bad = 0;
  // The chunk is measured in spans that end where a mastering-feature window ends, so window
  // peaks are exact; every measurement is split-invariant, so the readings do not change.
  let done = 0;
  while (done < count) {
    const span = min(count - done, framesLeftInWindow());
    for (let c = 0; c < channelCount; c++) {
      const spanPeak = sanitiseChannel(c, done, span);
      bad += badSamplesInCall;
      // Before measureTruePeak, which moves the history the flat-top test looks back into.
      measureMasteringChannel(c, span, spanPeak);
      measureTruePeak(c, span, spanPeak);
    }
    measureLoudness(span);
    measurePumping(span, channelCount);
    if (stereoOn) {
      measureStereo(span);
      goniometerSpan(span);
    }
    if (analysisRunning) analyseSpan(span, onAnalysisFrame);
    advanceMasteringWindow(span, channelCount);
    done += span;
  }
  frames += <f64>count;
  framesSinceRead += <f64>count;
  if (bad) {
    badSamples += <f64>bad;
    badSamplesSinceRead += <f64>bad;
  }
  return OK;
}

/**
 * Keeps the filters (true-peak interpolator history, K-weighting state) following the signal
 * without measuring it: a paused meter calls this, so that resuming does not meter the jump
 * between the audio before the pause and after it as a transient.
 */
export function follow(count: i32): i32 {
  if (channelCount == 0) return ERROR_NOT_INITIALISED;
  if (count < 0 || count > MAX_FRAMES_PER_CALL) return ERROR_FRAME_COUNT;
  for (let c = 0; c < channelCount; c++) {
    copyChannelClean(c, count);
    followTruePeak(c, count);
  }
  followLoudness(count);
  followPumping(count, channelCount);
  return OK;
}

/**
 * Forgets everything measured (keeps rate, layout and weights). The filters keep the signal's
 * recent past: on a live meter the signal goes on, and restarting the filters from silence
 * would meter an overshoot that is not in the audio. init() starts from silence.
 */
export function reset(): void {
  for (let c = 0; c < MAX_CHANNELS; c++) {
    const weight = getStat(c, WEIGHT);
    memory.fill(CHANNEL_STATS + <usize>(c * CHANNEL_STATS_STRIDE), 0, <usize>CHANNEL_STATS_STRIDE);
    setStat(c, WEIGHT, weight);
  }
  resetLoudness();
  resetMastering();
  clearSpectrum();
  resetStereo();
  resetMonoFold();
  resetStereoBands();
  resetGoniometer();
  frames = 0;
  framesSinceRead = 0;
  badSamples = 0;
  badSamplesSinceRead = 0;
}

@inline function loudness(meanSquare: f64): f64 {
  return floored(energyToLufs(meanSquare));
}

// The maxima rarely change from one read to the next, and a log10 costs about a hundred
// instructions: read() converts a maximum only when it differs from the value it last converted
// (DB_CACHE; a NaN never equals, so it is converted every time, as before).
const DB_CACHE_SAMPLE_PEAK_MAX: i32 = 2 * MAX_CHANNELS;
const DB_CACHE_TRUE_PEAK_MAX: i32 = 2 * MAX_CHANNELS + 1;
const DB_CACHE_MOMENTARY_MAX: i32 = 2 * MAX_CHANNELS + 2;
const DB_CACHE_SHORT_TERM_MAX: i32 = 2 * MAX_CHANNELS + 3;

/** Every entry holds 0 and the reading of 0 (FLOOR_DB for peaks and loudness alike). */
function clearDbCache(): void {
  for (let i = 0; i < 2 * MAX_CHANNELS + 4; i++) {
    store<f64>(DB_CACHE + <usize>(i << 4), 0);
    store<f64>(DB_CACHE + <usize>(i << 4), FLOOR_DB, 8);
  }
}
clearDbCache();

@inline function cachedAmplitudeDb(entry: i32, linear: f64): f64 {
  return cachedReading(entry, linear, false);
}

@inline function cachedLoudness(entry: i32, meanSquare: f64): f64 {
  return cachedReading(entry, meanSquare, true);
}

/** The reading of `value` kept in cache entry `entry`, converted again only when `value` changed. */
@inline function cachedReading(entry: i32, value: f64, isMeanSquare: bool): f64 {
  const at = DB_CACHE + <usize>(entry << 4);
  if (value != load<f64>(at)) {
    store<f64>(at, value);
    store<f64>(at, isMeanSquare ? loudness(value) : amplitudeDb(value), 8);
  }
  return load<f64>(at, 8);
}

@inline function put(slot: i32, value: f64): void {
  store<f64>(READINGS + <usize>(slot << 3), value);
}

/**
 * Fills the readings record. Values "since read" cover what was measured since the previous
 * read() and start over, so a display that reads at any rate still sees every peak.
 */
export function read(): void {
  updateIntegrated();
  updateRange();
  let samplePeakMax: f64 = 0;
  let truePeakMax: f64 = 0;
  let clipRuns: f64 = 0;
  let overs: f64 = 0;
  for (let c = 0; c < MAX_CHANNELS; c++) {
    const base = HEADER_LENGTH + c * CHANNEL_STRIDE;
    if (c >= channelCount) {
      put(base + CH_SAMPLE_PEAK_DBFS, FLOOR_DB);
      put(base + CH_SAMPLE_PEAK_MAX_DBFS, FLOOR_DB);
      put(base + CH_TRUE_PEAK_DBTP, FLOOR_DB);
      put(base + CH_TRUE_PEAK_MAX_DBTP, FLOOR_DB);
      put(base + CH_CLIP_RUNS, 0);
      put(base + CH_TRUE_PEAK_OVERS, 0);
      put(base + CH_WEIGHT, 0);
      continue;
    }
    const sampleSinceRead = getStat(c, SAMPLE_PEAK_SINCE_READ);
    const sampleMax = max(getStat(c, SAMPLE_PEAK_MAX), sampleSinceRead);
    const trueSinceRead = getStat(c, TRUE_PEAK_SINCE_READ);
    const trueMax = max(getStat(c, TRUE_PEAK_MAX), trueSinceRead);
    setStat(c, SAMPLE_PEAK_MAX, sampleMax);
    setStat(c, TRUE_PEAK_MAX, trueMax);
    setStat(c, SAMPLE_PEAK_SINCE_READ, 0);
    setStat(c, TRUE_PEAK_SINCE_READ, 0);
    samplePeakMax = max(samplePeakMax, sampleMax);
    truePeakMax = max(truePeakMax, trueMax);
    clipRuns += getStat(c, CLIP_RUNS);
    overs += getStat(c, TRUE_PEAK_OVERS);
    put(base + CH_SAMPLE_PEAK_DBFS, amplitudeDb(sampleSinceRead));
    put(base + CH_SAMPLE_PEAK_MAX_DBFS, cachedAmplitudeDb(c << 1, sampleMax));
    put(base + CH_TRUE_PEAK_DBTP, amplitudeDb(trueSinceRead));
    put(base + CH_TRUE_PEAK_MAX_DBTP, cachedAmplitudeDb((c << 1) + 1, trueMax));
    put(base + CH_CLIP_RUNS, getStat(c, CLIP_RUNS));
    put(base + CH_TRUE_PEAK_OVERS, getStat(c, TRUE_PEAK_OVERS));
    put(base + CH_WEIGHT, getStat(c, WEIGHT));
  }
  const integrated = floored(integratedLufs);
  const truePeakMaxDb = cachedAmplitudeDb(DB_CACHE_TRUE_PEAK_MAX, truePeakMax);
  put(FRAMES, frames);
  put(SAMPLE_RATE, configuredRate);
  put(CHANNEL_COUNT, <f64>channelCount);
  put(MOMENTARY_LUFS, loudness(momentaryMeanSquare()));
  put(SHORT_TERM_LUFS, loudness(shortTermMeanSquare()));
  put(INTEGRATED_LUFS, integrated);
  put(LOUDNESS_RANGE_LU, rangeLu);
  put(MOMENTARY_MAX_LUFS, cachedLoudness(DB_CACHE_MOMENTARY_MAX, momentaryMaxMeanSquare()));
  put(SHORT_TERM_MAX_LUFS, cachedLoudness(DB_CACHE_SHORT_TERM_MAX, shortTermMaxMeanSquare()));
  put(MOMENTARY_MAX_SINCE_READ_LUFS, loudness(takeMomentaryMaxSinceRead()));
  put(SHORT_TERM_MAX_SINCE_READ_LUFS, loudness(takeShortTermMaxSinceRead()));
  put(SAMPLE_PEAK_MAX_DBFS, cachedAmplitudeDb(DB_CACHE_SAMPLE_PEAK_MAX, samplePeakMax));
  put(TRUE_PEAK_MAX_DBTP, truePeakMaxDb);
  put(PLR_LU, integrated > FLOOR_DB ? truePeakMaxDb - integrated : FLOOR_DB);
  put(BAD_SAMPLES, badSamples);
  put(BAD_SAMPLES_SINCE_READ, badSamplesSinceRead);
  put(FRAMES_SINCE_READ, framesSinceRead);
  put(GATED_BLOCKS, gatedBlocks);
  put(LRA_LOW_LUFS, floored(rangeLowLufs));
  put(LRA_HIGH_LUFS, floored(rangeHighLufs));
  put(TOTAL_CLIP_RUNS, clipRuns);
  put(TOTAL_TRUE_PEAK_OVERS, overs);
  put(STEP_FRAMES, <f64>stepFrames);
  put(TRUE_PEAK_OVERSAMPLING, <f64>phases);
  put(FAR_OVER_FULL_SCALE, samplePeakMax > FAR_OVER_LEVEL ? 1 : 0);
  readMastering(READINGS);
  badSamplesSinceRead = 0;
  framesSinceRead = 0;
}

/** Length of the readings record in f64 slots (hosts check it against their layout). */
export function readingsLength(): i32 {
  return READINGS_LENGTH;
}

// ---- Spectrum (spectrum.ts) and stereo field (stereo.ts): off until enabled ----

function onAnalysisFrame(): void {
  if (spectrumOn) spectrumFrame();
  if (stereoOn && bandCorrelationOn) stereoBandsFrame();
}

/** Starts the FFT frames when something needs them (from empty rings), stops them otherwise. */
function updateAnalysis(): void {
  const wanted = spectrumOn || (stereoOn && bandCorrelationOn);
  if (wanted && !analysisRunning) restartAnalysis();
  analysisRunning = wanted;
}

/**
 * FFT size (power of two, 1024 … 32768), overlap of successive frames (50 … 95 %) and window
 * (SPECTRUM_WINDOW_*). Empties the analysis and clears the spectrum and band averages. Computes
 * tables (up to a few ms at 32768): call it on a change of settings, not per quantum.
 */
export function configureSpectrum(fftSize: i32, overlapPercent: f64, window: i32): i32 {
  if (channelCount == 0) return ERROR_NOT_INITIALISED;
  if (fftSize < SPECTRUM_MIN_FFT || fftSize > SPECTRUM_MAX_FFT || popcnt<i32>(fftSize) != 1) return ERROR_FFT_SIZE;
  if (!(overlapPercent >= 50 && overlapPercent <= 95)) return ERROR_OVERLAP;
  if (window != SPECTRUM_WINDOW_FLAT_TOP && window != SPECTRUM_WINDOW_HANN) return ERROR_OPTION;
  const hop = max(1, <i32>Math.round(<f64>fftSize * (1.0 - overlapPercent / 100.0)));
  configureAnalysis(fftSize, hop, window, overlapPercent, channelCount);
  retuneSpectrum(configuredRate);
  configureStereoBands(configuredRate);
  updateStereoRates(hop);
  return OK;
}

export function enableSpectrum(on: i32): i32 {
  if (channelCount == 0) return ERROR_NOT_INITIALISED;
  switchSpectrum(on != 0);
  updateAnalysis();
  return OK;
}

@inline function checked(valid: bool): i32 {
  return channelCount == 0 ? ERROR_NOT_INITIALISED : valid ? OK : ERROR_OPTION;
}

/** SPECTRUM_SOURCE_* (mid, side, left, right); clears the averages. */
export function setSpectrumSource(source: i32): i32 {
  if (source >= 1 && channelCount < 2) return ERROR_NEEDS_TWO_CHANNELS;
  return checked(setSource(source));
}
/** Averaging time constant in ms: 0 = none, Infinity = the mean since reset. */
export function setSpectrumAveraging(ms: f64): i32 { return checked(setAveraging(ms)); }
/** Peak-hold fall in dB/s (0 = hold). */
export function setSpectrumPeakDecay(dbPerSecond: f64): i32 { return checked(setPeakDecay(dbPerSecond)); }
/** Display smoothing, 1/n octave (0 = none, up to 48). */
export function setSpectrumSmoothing(fraction: i32): i32 { return checked(setSmoothing(fraction)); }
/** Display slope, dB per octave around 1 kHz (−12 … 12; mixers use 0, 3 or 4.5). */
export function setSpectrumSlope(dbPerOctave: f64): i32 { return checked(setSlope(dbPerOctave)); }
/** Display points (2 … 1024) log-spaced from lowHz to highHz (≤ Nyquist). */
export function setSpectrumDisplay(points: i32, lowHz: f64, highHz: f64): i32 { return checked(setDisplay(points, lowHz, highHz)); }
/** Band levels in 1/n-octave bands (1 … 24). */
export function setSpectrumBands(fraction: i32): i32 { return checked(setBands(fraction)); }
export function clearSpectrumPeak(): void { clearPeaks(); }
export function readSpectrum(): void { fillSpectrum(); }
export function spectrumPointer(): usize { return SPECTRUM_RECORD; }
export function spectrumLength(): i32 { return SPECTRUM_LENGTH; }
/** Averaged power per bin (f32, fftSize/2 + 1 bins, 1.0 = a full-scale sine). */
export function spectrumBinsPointer(): usize { return SPECTRUM_AVERAGE; }
/** Peak-held power per bin (f32, same scale). */
export function spectrumPeakBinsPointer(): usize { return SPECTRUM_PEAK; }

/** The stereo field of channels 0 and 1 (needs two channels or more). */
export function enableStereo(on: i32): i32 {
  if (channelCount == 0) return ERROR_NOT_INITIALISED;
  if (on != 0 && channelCount < 2) return ERROR_NEEDS_TWO_CHANNELS;
  switchStereo(on != 0);
  enableMonoFold(on != 0);
  resetStereoBands();
  resetGoniometer();
  updateAnalysis();
  return OK;
}
/** Time constant of correlation, balance, mid/side, mono loss and band correlation, ms (0 … 60000). */
export function setStereoTimeConstant(ms: f64): i32 {
  if (!(ms >= 0 && ms <= 60000)) return checked(false);
  setTimeConstant(ms, hopFrames);
  return checked(true);
}
/** Goniometer points per second (the sample rate over a whole decimation factor). */
export function setGoniometerRate(pointsPerSecond: f64): i32 {
  if (!(pointsPerSecond >= 1 && pointsPerSecond <= configuredRate)) return checked(false);
  configureGoniometer(configuredRate, pointsPerSecond);
  return checked(true);
}
/** Correlation per octave band (runs the FFT frames; on by default with the stereo field). */
export function setBandCorrelation(on: i32): i32 {
  if (channelCount == 0) return ERROR_NOT_INITIALISED;
  switchBands(on != 0);
  updateAnalysis();
  return OK;
}
export function readStereo(): void { fillStereo(); }
export function stereoPointer(): usize { return STEREO_RECORD; }
export function stereoLength(): i32 { return STEREO_LENGTH; }
/** The goniometer points of the last readStereo() (f32 x, y pairs). */
export function goniometerPointer(): usize { return GONIOMETER_OUT; }
