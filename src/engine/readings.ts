// Typed views of the readings record. decodeReadings() fills a caller-owned object in place, so
// a display loop can decode at 60 Hz without allocating.

import * as L from '../contract/readings-layout.js';

export interface ChannelReadings {
  label: string;
  /** BS.1770 weight of this channel (0 = excluded, e.g. LFE). */
  weight: number;
  /** Highest |sample| since the previous read, dBFS. */
  samplePeakDbfs: number;
  samplePeakMaxDbfs: number;
  /** Highest true peak since the previous read, dBTP. */
  truePeakDbtp: number;
  truePeakMaxDbtp: number;
  /** Runs of ≥ 3 consecutive samples at full scale since reset. */
  clipRuns: number;
  /** Sample periods whose true peak exceeded 0 dBTP since reset. */
  truePeakOvers: number;
}

/** One 100 ms mastering-feature window (see src/contract/readings-layout.ts, MW_*). */
export interface MasteringWindow {
  /** Window number since reset (0 = the first 100 ms). */
  index: number;
  truePeakDbtp: number;
  samplePeakDbfs: number;
  /** K-weighted loudness of the 100 ms alone. */
  loudnessLufs: number;
  /** Short-term loudness at the window's end. */
  shortTermLufs: number;
  /** Clipper flat-top samples in the window (all channels). */
  flatSamples: number;
  /**
   * The top band's change across the bass onset whose measurement ended in this window (after
   * against before, dB; negative: it ducked), or FLOOR_DB when none ended in it.
   */
  topDuckDb: number;
  /**
   * How far the top band dipped below both its level before a bass onset and its level 100–200
   * ms after it (dB; positive: it dipped and came back), for the onset whose 200 ms measurement
   * ended in this window, or FLOOR_DB.
   */
  topDipDb: number;
  /** The mono sum's mean square below 150 Hz, 150 Hz–2 kHz and above 2 kHz, dB (its spectral shape; PW_LOW_BAND_DB). */
  lowBandDb: number;
  midBandDb: number;
  highBandDb: number;
  /**
   * The window's sample peak in the first channel and in the second (the first again for mono),
   * dBFS. A window made without them (some tests make such windows) leaves them out.
   */
  firstChannelSamplePeakDbfs?: number;
  secondChannelSamplePeakDbfs?: number;
  /**
   * The same in each of SUB_WINDOWS equal parts of the window (5 ms, oldest first), and each part's sample
   * peak (dBFS): where a passage played again lies between the windows of its earlier pass. A
   * window made without them (some tests make such windows) leaves them out.
   */
  parts?: {
    lowBandDb: Float64Array;
    midBandDb: Float64Array;
    highBandDb: Float64Array;
    samplePeakDbfs: Float64Array;
  };
}

export interface Readings {
  sampleRate: number;
  channelCount: number;
  /** Frames measured since reset. */
  frames: number;
  framesSinceRead: number;
  momentaryLufs: number;
  shortTermLufs: number;
  integratedLufs: number;
  loudnessRangeLu: number;
  loudnessRangeLowLufs: number;
  loudnessRangeHighLufs: number;
  momentaryMaxLufs: number;
  shortTermMaxLufs: number;
  momentaryMaxSinceReadLufs: number;
  shortTermMaxSinceReadLufs: number;
  samplePeakMaxDbfs: number;
  truePeakMaxDbtp: number;
  /** Peak-to-loudness ratio, LU (FLOOR_DB until integrated loudness has a value). */
  plrLu: number;
  gatedBlocks: number;
  clipRuns: number;
  truePeakOvers: number;
  /** NaN/±Infinity samples since reset (measured as 0). */
  badSamples: number;
  badSamplesSinceRead: number;
  /**
   * A sample since reset lay beyond +24 dBFS (FAR_OVER_LEVEL): the input holds values far beyond
   * full scale, most likely in the wrong scale. The readings are still right for what it holds.
   */
  farOverFullScale: boolean;
  /** Frames per kernel step (resolution of momentary/short-term maxima). */
  stepFrames: number;
  truePeakOversampling: number;
  /** 100 ms feature windows closed since reset. */
  masteringWindowsClosed: number;
  /** The last closed feature windows, newest first (only those that exist). */
  masteringWindows: MasteringWindow[];
  channels: ChannelReadings[];
}

export function createReadings(labels: readonly string[]): Readings {
  return {
    sampleRate: 0, channelCount: labels.length, frames: 0, framesSinceRead: 0,
    momentaryLufs: L.FLOOR_DB, shortTermLufs: L.FLOOR_DB, integratedLufs: L.FLOOR_DB,
    loudnessRangeLu: 0, loudnessRangeLowLufs: L.FLOOR_DB, loudnessRangeHighLufs: L.FLOOR_DB,
    momentaryMaxLufs: L.FLOOR_DB, shortTermMaxLufs: L.FLOOR_DB,
    momentaryMaxSinceReadLufs: L.FLOOR_DB, shortTermMaxSinceReadLufs: L.FLOOR_DB,
    samplePeakMaxDbfs: L.FLOOR_DB, truePeakMaxDbtp: L.FLOOR_DB, plrLu: L.FLOOR_DB,
    gatedBlocks: 0, clipRuns: 0, truePeakOvers: 0, badSamples: 0, badSamplesSinceRead: 0, farOverFullScale: false,
    stepFrames: 0, truePeakOversampling: 0,
    masteringWindowsClosed: 0, masteringWindows: [],
    channels: labels.map((label) => ({
      label, weight: 0, samplePeakDbfs: L.FLOOR_DB, samplePeakMaxDbfs: L.FLOOR_DB,
      truePeakDbtp: L.FLOOR_DB, truePeakMaxDbtp: L.FLOOR_DB, clipRuns: 0, truePeakOvers: 0,
    })),
  };
}

/** Decodes a readings record into `out` (made by createReadings with the right channel count). */
export function decodeReadings(record: Float64Array, out: Readings): Readings {
  out.sampleRate = record[L.SAMPLE_RATE];
  out.channelCount = record[L.CHANNEL_COUNT];
  out.frames = record[L.FRAMES];
  out.framesSinceRead = record[L.FRAMES_SINCE_READ];
  out.momentaryLufs = record[L.MOMENTARY_LUFS];
  out.shortTermLufs = record[L.SHORT_TERM_LUFS];
  out.integratedLufs = record[L.INTEGRATED_LUFS];
  out.loudnessRangeLu = record[L.LOUDNESS_RANGE_LU];
  out.loudnessRangeLowLufs = record[L.LRA_LOW_LUFS];
  out.loudnessRangeHighLufs = record[L.LRA_HIGH_LUFS];
  out.momentaryMaxLufs = record[L.MOMENTARY_MAX_LUFS];
  out.shortTermMaxLufs = record[L.SHORT_TERM_MAX_LUFS];
  out.momentaryMaxSinceReadLufs = record[L.MOMENTARY_MAX_SINCE_READ_LUFS];
  out.shortTermMaxSinceReadLufs = record[L.SHORT_TERM_MAX_SINCE_READ_LUFS];
  out.samplePeakMaxDbfs = record[L.SAMPLE_PEAK_MAX_DBFS];
  out.truePeakMaxDbtp = record[L.TRUE_PEAK_MAX_DBTP];
  out.plrLu = record[L.PLR_LU];
  out.gatedBlocks = record[L.GATED_BLOCKS];
  out.clipRuns = record[L.CLIP_RUNS];
  out.truePeakOvers = record[L.TRUE_PEAK_OVERS];
  out.badSamples = record[L.BAD_SAMPLES];
  out.badSamplesSinceRead = record[L.BAD_SAMPLES_SINCE_READ];
  out.farOverFullScale = record[L.FAR_OVER_FULL_SCALE] === 1;
  out.stepFrames = record[L.STEP_FRAMES];
  out.truePeakOversampling = record[L.TRUE_PEAK_OVERSAMPLING];
  decodeMasteringWindows(record, out);
  for (let c = 0; c < out.channels.length; c++) {
    const base = L.HEADER_LENGTH + c * L.CHANNEL_STRIDE;
    const channel = out.channels[c];
    channel.weight = record[base + L.CH_WEIGHT];
    channel.samplePeakDbfs = record[base + L.CH_SAMPLE_PEAK_DBFS];
    channel.samplePeakMaxDbfs = record[base + L.CH_SAMPLE_PEAK_MAX_DBFS];
    channel.truePeakDbtp = record[base + L.CH_TRUE_PEAK_DBTP];
    channel.truePeakMaxDbtp = record[base + L.CH_TRUE_PEAK_MAX_DBTP];
    channel.clipRuns = record[base + L.CH_CLIP_RUNS];
    channel.truePeakOvers = record[base + L.CH_TRUE_PEAK_OVERS];
  }
  return out;
}

/** Fills out.masteringWindows, reusing its objects (no allocation once all four exist). */
function decodeMasteringWindows(record: Float64Array, out: Readings): void {
  const closed = record[L.MASTERING_WINDOWS_CLOSED];
  out.masteringWindowsClosed = closed;
  const count = Math.min(L.MASTERING_WINDOWS_PUBLISHED, closed);
  const windows = out.masteringWindows;
  while (windows.length < count) {
    const part = () => new Float64Array(L.SUB_WINDOWS).fill(L.FLOOR_DB);
    windows.push({ index: 0, truePeakDbtp: L.FLOOR_DB, samplePeakDbfs: L.FLOOR_DB, loudnessLufs: L.FLOOR_DB, shortTermLufs: L.FLOOR_DB, flatSamples: 0, topDuckDb: L.FLOOR_DB, topDipDb: L.FLOOR_DB,
      lowBandDb: L.FLOOR_DB, midBandDb: L.FLOOR_DB, highBandDb: L.FLOOR_DB, firstChannelSamplePeakDbfs: L.FLOOR_DB, secondChannelSamplePeakDbfs: L.FLOOR_DB, parts: { lowBandDb: part(), midBandDb: part(), highBandDb: part(), samplePeakDbfs: part() } });
  }
  windows.length = count;
  for (let i = 0; i < count; i++) {
    const base = L.MASTERING_WINDOW_BASE + i * L.MASTERING_WINDOW_STRIDE;
    const w = windows[i];
    w.index = closed - 1 - i;
    w.truePeakDbtp = record[base + L.MW_TRUE_PEAK_DBTP];
    w.samplePeakDbfs = record[base + L.MW_SAMPLE_PEAK_DBFS];
    w.loudnessLufs = record[base + L.MW_LOUDNESS_LUFS];
    w.shortTermLufs = record[base + L.MW_SHORT_TERM_LUFS];
    w.flatSamples = record[base + L.MW_FLAT_SAMPLES];
    const pumping = L.PUMPING_WINDOW_BASE + i * L.PUMPING_WINDOW_STRIDE;
    w.topDuckDb = record[pumping + L.PW_TOP_DUCK_DB];
    w.topDipDb = record[pumping + L.PW_TOP_DIP_DB];
    w.lowBandDb = record[pumping + L.PW_LOW_BAND_DB];
    w.midBandDb = record[pumping + L.PW_MID_BAND_DB];
    w.highBandDb = record[pumping + L.PW_HIGH_BAND_DB];
    const channelPeaks = L.CHANNEL_PEAK_WINDOW_BASE + i * L.CHANNEL_PEAK_WINDOW_STRIDE;
    w.firstChannelSamplePeakDbfs = record[channelPeaks + L.CW_FIRST_SAMPLE_PEAK_DBFS];
    w.secondChannelSamplePeakDbfs = record[channelPeaks + L.CW_SECOND_SAMPLE_PEAK_DBFS];
    const parts = L.SUBWINDOW_BASE + i * L.SUBWINDOW_STRIDE;
    for (let p = 0; p < L.SUB_WINDOWS; p++) {
      w.parts!.lowBandDb[p] = record[parts + L.SW_LOW_BAND_DB + p];
      w.parts!.midBandDb[p] = record[parts + L.SW_MID_BAND_DB + p];
      w.parts!.highBandDb[p] = record[parts + L.SW_HIGH_BAND_DB + p];
      w.parts!.samplePeakDbfs[p] = record[parts + L.SW_SAMPLE_PEAK_DBFS + p];
    }
  }
}

/** "−∞" for readings at the floor, else the value with `digits` decimals. */
export function formatDb(value: number, digits = 1): string {
  return value <= L.FLOOR_DB ? '-inf' : value.toFixed(digits);
}
