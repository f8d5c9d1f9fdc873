// Typed views of the spectrum and stereo-field records (options in src/contract/options.ts, layouts in
// src/contract/readings-layout.ts, the worklet's packs in src/contract/analysis-packs.ts). The only
// decoders of these records: the Node API, the live meter's mergers and the bounce report all read
// them here. decodeSpectrum()/decodeSpectrumPack()/decodeStereo() fill caller-owned objects whose
// arrays are allocated once at their maximum size, so a display loop decodes without allocating.

import { spectrumPackBandsBase } from '../contract/analysis-packs.js';
import { SPECTRUM_SOURCES, SPECTRUM_WINDOWS, type SpectrumSource, type SpectrumWindow } from '../contract/options.js';
import * as L from '../contract/readings-layout.js';

export interface SpectrumReadings {
  enabled: boolean;
  /** Rewrites of points and bands in the kernel; decodeSpectrum copies them only when it moved. */
  revision: number;
  /** FFT frames in the averages. */
  frames: number;
  framesSinceRead: number;
  fftSize: number;
  hopFrames: number;
  overlapPercent: number;
  sampleRate: number;
  binHz: number;
  /** Noise bandwidth of a bin, Hz: detail finer than this is not resolved. */
  resolutionHz: number;
  window: SpectrumWindow;
  source: SpectrumSource;
  averagingMs: number;
  peakDecayDbPerSecond: number;
  smoothingOctaveFraction: number;
  slopeDbPerOctave: number;
  /** Display points in use: the first pointCount entries of the three arrays below. */
  pointCount: number;
  frequencyHz: Float64Array;
  /** dB re a full-scale sine (a sine reads its peak level), smoothed, with the slope. */
  levelDb: Float64Array;
  peakDb: Float64Array;
  bandOctaveFraction: number;
  /** Bands in use: the first bandCount entries of the band arrays. */
  bandCount: number;
  bandCentreHz: Float64Array;
  /** Power in the band, dB re a full-scale sine (no slope). */
  bandLevelDb: Float64Array;
  bandPeakDb: Float64Array;
}

export interface StereoReadings {
  enabled: boolean;
  frames: number;
  /** −1 … +1 with the time constant; 0 in silence. */
  correlation: number;
  correlationMinSinceRead: number;
  correlationMin: number;
  correlationProgramme: number;
  /** 10·log10(R power / L power), dB: positive leans right (±60 at most). */
  balanceDb: number;
  balanceProgrammeDb: number;
  /** Levels of (L+R)/2 and (L−R)/2, dB re a full-scale sine. */
  midDb: number;
  sideDb: number;
  /** Stereo minus mono fold-down loudness (K-weighted), LU: 0 mono-safe, 3 uncorrelated, 200 = cancels. */
  monoLossLu: number;
  monoLossMaxSinceReadLu: number;
  monoLossProgrammeLu: number;
  timeConstantMs: number;
  goniometerRateHz: number;
  /** Points since the previous read, oldest first: x = goniometer[2i], y = goniometer[2i + 1]. */
  goniometerPoints: number;
  goniometerDropped: number;
  goniometer: Float32Array;
  bandCount: number;
  bandCentreHz: Float64Array;
  bandCorrelation: Float64Array;
}

export function createSpectrumReadings(): SpectrumReadings {
  return {
    enabled: false, revision: -1, frames: 0, framesSinceRead: 0, fftSize: 0, hopFrames: 0, overlapPercent: 0, sampleRate: 0,
    binHz: 0, resolutionHz: 0, window: 'flat-top', source: 'mid', averagingMs: 0, peakDecayDbPerSecond: 0,
    smoothingOctaveFraction: 0, slopeDbPerOctave: 0, pointCount: 0,
    frequencyHz: new Float64Array(L.SPECTRUM_MAX_POINTS),
    levelDb: new Float64Array(L.SPECTRUM_MAX_POINTS).fill(L.FLOOR_DB),
    peakDb: new Float64Array(L.SPECTRUM_MAX_POINTS).fill(L.FLOOR_DB),
    bandOctaveFraction: 0, bandCount: 0,
    bandCentreHz: new Float64Array(L.SPECTRUM_MAX_BANDS),
    bandLevelDb: new Float64Array(L.SPECTRUM_MAX_BANDS).fill(L.FLOOR_DB),
    bandPeakDb: new Float64Array(L.SPECTRUM_MAX_BANDS).fill(L.FLOOR_DB),
  };
}

/** Decodes a kernel spectrum record (readSpectrum()). */
export function decodeSpectrum(record: Float64Array, out: SpectrumReadings): SpectrumReadings {
  return decodeSpectrumAt(record, L.SP_BANDS_BASE, out);
}

/** Decodes a spectrum pack (src/contract/analysis-packs.ts): the record with its bands right after its points. */
export function decodeSpectrumPack(pack: ArrayLike<number>, out: SpectrumReadings): SpectrumReadings {
  return decodeSpectrumAt(pack, spectrumPackBandsBase(pack[L.SP_POINT_COUNT]), out);
}

function decodeSpectrumAt(record: ArrayLike<number>, bandsBase: number, out: SpectrumReadings): SpectrumReadings {
  out.enabled = record[L.SP_ENABLED] === 1;
  out.frames = record[L.SP_FRAMES];
  out.framesSinceRead = record[L.SP_FRAMES_SINCE_READ];
  out.fftSize = record[L.SP_FFT_SIZE];
  out.hopFrames = record[L.SP_HOP_FRAMES];
  out.overlapPercent = record[L.SP_OVERLAP_PERCENT];
  out.sampleRate = record[L.SP_SAMPLE_RATE];
  out.binHz = record[L.SP_BIN_HZ];
  out.resolutionHz = record[L.SP_RESOLUTION_HZ];
  out.window = SPECTRUM_WINDOWS[record[L.SP_WINDOW]] ?? 'flat-top';
  out.source = SPECTRUM_SOURCES[record[L.SP_SOURCE]] ?? 'mid';
  out.averagingMs = record[L.SP_AVERAGING_MS];
  out.peakDecayDbPerSecond = record[L.SP_PEAK_DECAY_DB_PER_S];
  out.smoothingOctaveFraction = record[L.SP_SMOOTHING];
  out.slopeDbPerOctave = record[L.SP_SLOPE_DB_PER_OCT];
  out.pointCount = record[L.SP_POINT_COUNT];
  out.bandOctaveFraction = record[L.SP_BAND_FRACTION];
  out.bandCount = record[L.SP_BAND_COUNT];
  // Points and bands change only with a new FFT frame or new settings (a 60 Hz display sees one
  // every few reads): copy them only then.
  if (record[L.SP_REVISION] === out.revision) return out;
  out.revision = record[L.SP_REVISION];
  for (let i = 0; i < out.pointCount; i++) {
    const base = L.SP_POINTS_BASE + i * L.SP_POINT_STRIDE;
    out.frequencyHz[i] = record[base + L.PT_FREQUENCY_HZ];
    out.levelDb[i] = record[base + L.PT_LEVEL_DB];
    out.peakDb[i] = record[base + L.PT_PEAK_DB];
  }
  for (let b = 0; b < out.bandCount; b++) {
    const base = bandsBase + b * L.SP_BAND_STRIDE;
    out.bandCentreHz[b] = record[base + L.BD_CENTRE_HZ];
    out.bandLevelDb[b] = record[base + L.BD_LEVEL_DB];
    out.bandPeakDb[b] = record[base + L.BD_PEAK_DB];
  }
  return out;
}

export function createStereoReadings(): StereoReadings {
  return {
    enabled: false, frames: 0, correlation: 0, correlationMinSinceRead: 0, correlationMin: 0, correlationProgramme: 0,
    balanceDb: 0, balanceProgrammeDb: 0, midDb: L.FLOOR_DB, sideDb: L.FLOOR_DB, monoLossLu: 0,
    monoLossMaxSinceReadLu: 0, monoLossProgrammeLu: 0, timeConstantMs: 0, goniometerRateHz: 0,
    goniometerPoints: 0, goniometerDropped: 0, goniometer: new Float32Array(2 * L.GONIOMETER_CAPACITY),
    bandCount: 0, bandCentreHz: new Float64Array(L.STEREO_MAX_BANDS), bandCorrelation: new Float64Array(L.STEREO_MAX_BANDS),
  };
}

/** Decodes the stereo record; `points` is the kernel's goniometer buffer (copied into out.goniometer). */
export function decodeStereo(record: Float64Array, points: Float32Array, out: StereoReadings): StereoReadings {
  out.enabled = record[L.ST_ENABLED] === 1;
  out.frames = record[L.ST_FRAMES];
  out.correlation = record[L.ST_CORRELATION];
  out.correlationMinSinceRead = record[L.ST_CORRELATION_MIN_SINCE_READ];
  out.correlationMin = record[L.ST_CORRELATION_MIN];
  out.correlationProgramme = record[L.ST_CORRELATION_PROGRAMME];
  out.balanceDb = record[L.ST_BALANCE_DB];
  out.balanceProgrammeDb = record[L.ST_BALANCE_PROGRAMME_DB];
  out.midDb = record[L.ST_MID_DB];
  out.sideDb = record[L.ST_SIDE_DB];
  out.monoLossLu = record[L.ST_MONO_LOSS_LU];
  out.monoLossMaxSinceReadLu = record[L.ST_MONO_LOSS_MAX_SINCE_READ_LU];
  out.monoLossProgrammeLu = record[L.ST_MONO_LOSS_PROGRAMME_LU];
  out.timeConstantMs = record[L.ST_TIME_CONSTANT_MS];
  out.goniometerRateHz = record[L.ST_GONIOMETER_RATE_HZ];
  out.goniometerPoints = record[L.ST_GONIOMETER_POINTS];
  out.goniometerDropped = record[L.ST_GONIOMETER_DROPPED];
  const values = 2 * out.goniometerPoints;
  for (let i = 0; i < values; i++) out.goniometer[i] = points[i];
  out.bandCount = record[L.ST_BAND_COUNT];
  for (let b = 0; b < out.bandCount; b++) {
    const base = L.ST_BANDS_BASE + b * L.ST_BAND_STRIDE;
    out.bandCentreHz[b] = record[base + L.SB_CENTRE_HZ];
    out.bandCorrelation[b] = record[base + L.SB_CORRELATION];
  }
  return out;
}
