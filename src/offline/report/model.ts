// Longer than 400 lines on purpose: the bounce report's one pass over a file and the model every output (text, JSON, CSV, PNG, app) reads.
// The bounce report: everything busmeter says about a finished file, computed in one pass by the
// WebAssembly kernel. This module is the only place the numbers are made: the CLI (`busmeter
// report`, through src/offline/report/node.ts) and the app (src/app/report-view.ts) both call
// buildReport(), each with its own way to instantiate the kernel, so the same samples give the
// same report, number for number.
//
// One pass, three read rates (reads cost under a microsecond; the kernel measures every sample
// whatever the read rate):
//  - every 10 ms: clip-run and true-peak-over counts are compared with the previous read, so
//    each clip or over is placed within 10 ms;
//  - every 100 ms (exactly where `busmeter analyze` reads, see src/offline/analyze-mastering.ts): the
//    momentary/short-term series, the stereo series and the mastering detector, which therefore
//    gives the very verdict `busmeter analyze` gives;
//  - once at the end: loudness, peaks, the long-term spectrum (mean power since the start) and
//    the programme stereo field.
//
// No Node or DOM imports: it runs in both.

import type { MeterKernel } from '../../engine/kernel.js';
import type { ChannelLayout } from '../../engine/layouts.js';
import { createReadings, decodeReadings, type Readings } from '../../engine/readings.js';
import { createSpectrumReadings, createStereoReadings, decodeSpectrum, decodeStereo, type StereoReadings } from '../../engine/analysis-readings.js';
import * as L from '../../contract/readings-layout.js';
import { MasteringDetector, type MasteringKind, type MasteringState, type MasteringVerdict } from '../../rules/detector/mastering-detector.js';
import { headroomVerdict, type HeadroomVerdict } from '../../rules/headroom.js';
import { sideToMidFromCorrelation } from '../../rules/coach/ab.js';
import { coachFindings } from '../../rules/coach/findings.js';
import { BROAD_BANDS, balanceOf, type CoachMeasurement } from '../../rules/coach/measure.js';
import { streamingPreview } from '../../rules/coach/streaming.js';
import { DEFAULT_STYLE, styleTarget } from '../../rules/coach/styles.js';
import { CoachRun, configureForCoach } from '../coach-run.js';
import { isLossyFormat } from '../decode/types.js';

export const REPORT_VERSION = 1;
/** Loudness and stereo series step, s (also the mastering detector's feature window). */
export const SERIES_STEP_SECONDS = 0.1;
/** Reads per series step: clips and overs are placed to 1/10 of it (10 ms). */
const CLIP_READS_PER_STEP = 10;
/** Clip/over events kept in the report (the counts are always complete). */
export const MAX_EVENTS = 500;
/** Momentary loudness above which the programme "plays" for the stereo statistics, LUFS. */
const ACTIVE_LUFS = -50;
/** Display points of the long-term spectrum and their smoothing (1/6 octave: how mix spectra are read). */
const SPECTRUM_POINTS = 256;
const SPECTRUM_SMOOTHING = 6;
const BAND_OCTAVE_FRACTION = 3;
/** Bin spacing aimed at (Hz): 8192 points at 44.1/48 kHz, more at higher rates. */
const TARGET_BIN_HZ = 6;

export interface ReportChannel {
  label: string;
  truePeakMaxDbtp: number | null;
  samplePeakMaxDbfs: number | null;
  clipRuns: number;
  truePeakOvers: number;
}

export interface ClipEvent {
  /** 'clip': runs of ≥ 3 samples at full scale; 'over': sample periods whose true peak exceeds 0 dBTP. */
  kind: 'clip' | 'over';
  /** The 10 ms read intervals in which the kernel counted them, s from the start. */
  startSeconds: number;
  endSeconds: number;
  /** Clip runs or overs counted in the event, all channels. */
  count: number;
  channels: string[];
  /** Highest true peak in the event, dBTP. */
  peakDbtp: number | null;
}

export interface SpectrumSummary {
  fftSize: number;
  /** Frequency resolution (equivalent noise bandwidth of a bin), Hz. */
  resolutionHz: number;
  /** What was analysed: 'mid' (L+R)/2 for two channels or more, the channel itself for mono. */
  source: 'mid' | 'mono';
  /** Frequency of the strongest FFT bin (interpolated), Hz; null in silence. */
  peakHz: number | null;
  /** Log-spaced display points, mean power, 1/6-octave smoothed, dB re a full-scale sine. */
  frequencyHz: number[];
  levelDb: (number | null)[];
  bands: { octaveFraction: number; centreHz: number[]; levelDb: (number | null)[] };
}

export interface StereoSummary {
  /** Correlation of the whole programme (ΣLR/√(ΣL²ΣR²)): energy-weighted, −1 … +1. */
  correlationProgramme: number;
  /** Mean of the 300 ms correlation over the time the programme plays (momentary ≥ −50 LUFS). */
  correlationMean: number | null;
  /** Lowest 300 ms correlation while the programme plays. */
  correlationMin: number | null;
  /** Share of that time with negative correlation, 0 … 1. */
  negativeShare: number;
  /** 10·log10(R power / L power) of the whole programme, dB: positive leans right. */
  balanceDb: number;
  /** Loudness lost by folding down to mono (L+R)/2, LU: 0 mono-safe, 3 uncorrelated. */
  monoLossLu: number;
  /** Side (L−R)/2 power relative to mid (L+R)/2 power of the whole programme, dB: the width. */
  sideToMidDb: number | null;
  notes: string[];
}

export interface MasteringSummary {
  state: MasteringState;
  confidence: number;
  kind: MasteringKind | null;
  ceilingDbtp: number | null;
  reasons: string[];
  /** Seconds the detector spent in each state. */
  secondsIn: Record<MasteringState, number>;
}

export interface CoachSummary {
  /** The style target the findings are measured against (src/rules/coach/style-targets.ts). */
  style: { id: string; label: string; source: string };
  measurement: CoachMeasurement;
  /** Each broad band: its balance (level − mean of the four, dB) and the style's range. */
  bands: { id: string; name: string; balanceDb: number | null; low: number; high: number }[];
  findings: { id: string; title: string; why: string; action: string }[];
  /** What each streaming service's normalisation does to the file (null without integrated loudness). */
  streaming: { id: string; service: string; gainDb: number; peakRule: 'none' | 'capped' | 'limited'; limiterDb: number; text: string }[] | null;
}

export interface BounceReport {
  version: typeof REPORT_VERSION;
  file: { name: string; format: string; sampleRate: number; layout: string; channels: string[]; frames: number; durationSeconds: number };
  loudness: {
    integratedLufs: number | null;
    loudnessRangeLu: number;
    momentaryMaxLufs: number | null;
    shortTermMaxLufs: number | null;
    plrLu: number | null;
  };
  peaks: { truePeakMaxDbtp: number | null; samplePeakMaxDbfs: number | null; channels: ReportChannel[] };
  headroom: HeadroomVerdict;
  clips: { clipRuns: number; truePeakOvers: number; events: ClipEvent[]; eventsOmitted: number };
  /** Every SERIES_STEP_SECONDS: value i is taken at (i + 1) · step s (the last one at the file's end). */
  series: {
    stepSeconds: number;
    timeSeconds: number[];
    momentaryLufs: (number | null)[];
    shortTermLufs: (number | null)[];
    /** 300 ms correlation (null for mono). */
    correlation: (number | null)[] | null;
  };
  spectrum: SpectrumSummary;
  stereo: StereoSummary | null;
  mastering: MasteringSummary;
  /** The mix coach: tonal balance, low end and dynamics against a style's range, and the streaming preview. */
  coach: CoachSummary;
  badSamples: number;
  /** A sample lay beyond +24 dBFS: values far beyond full scale (most likely in the wrong scale). */
  farOverFullScale: boolean;
}

/** Audio to report on: planar chunks of any length, in order. */
export interface ReportSource {
  name: string;
  format: string;
  sampleRate: number;
  layout: ChannelLayout;
  /** Frames in the file, for progress (0 if unknown). */
  frames: number;
  chunks: Iterable<readonly Float32Array[]> | AsyncIterable<readonly Float32Array[]>;
  /** Decoded from a lossy codec (MasteringDetector's lossySource); default: `format` says so (isLossyFormat). */
  lossySource?: boolean;
}

export interface BuildReportOptions {
  /** Stops the analysis: buildReport rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called with the fraction done (0 … 1), at most every `yieldMs`. */
  onProgress?: (fraction: number) => void;
  /** The coach's style target (default DEFAULT_STYLE). */
  coachStyle?: string;
  /**
   * The analysis hands control back to the event loop at least this often (ms of work), so a
   * page stays responsive, shows progress and sees Cancel (default 40).
   */
  yieldMs?: number;
}

/**
 * Makes a fresh kernel for the file's rate and layout (Node: createKernel; browser: from the
 * fetched module). buildReport asks for two (the report's and the coach's): each must have an
 * instance of its own, since a kernel's state lives in its instance's memory.
 */
export type KernelFactory = (sampleRate: number, layout: ChannelLayout) => MeterKernel;

const RANK: Record<MasteringState, number> = { off: 0, suspected: 1, on: 2 };

/** Readings at the floor have no value (null). Three decimals: well below what is shown, stable in JSON. */
export function dbValue(v: number, decimals = 3): number | null {
  if (!(v > L.FLOOR_DB)) return null;
  const scale = 10 ** decimals;
  return Math.round(v * scale) / scale;
}

const round = (v: number, decimals = 3) => Math.round(v * 10 ** decimals) / 10 ** decimals;

/** Measures the source and returns its report. */
export async function buildReport(source: ReportSource, createKernel: KernelFactory, options: BuildReportOptions = {}): Promise<BounceReport> {
  const { signal, onProgress } = options;
  const yieldMs = options.yieldMs ?? 40;
  signal?.throwIfAborted();
  const { sampleRate, layout } = source;
  const kernel = createKernel(sampleRate, layout);
  const channelCount = kernel.channelCount;
  const stereoOn = channelCount >= 2;
  kernel.configureSpectrum({
    enabled: true,
    fftSize: spectrumFftSize(sampleRate),
    averagingMs: Infinity,
    smoothingOctaveFraction: SPECTRUM_SMOOTHING,
    points: SPECTRUM_POINTS,
    lowHz: 20,
    highHz: Math.min(20000, sampleRate / 2),
    bandOctaveFraction: BAND_OCTAVE_FRACTION,
  });
  // Band correlation and a fast goniometer are live-display features: off, they cost nothing.
  if (stereoOn) kernel.configureStereo({ enabled: true, bandCorrelation: false, goniometerRateHz: 100 });

  // The coach's pass runs beside it in a kernel of its own (a 60 s stereo time constant for the
  // band correlation, which the live-rate series above must not have).
  const coachKernel = createKernel(sampleRate, layout);
  configureForCoach(coachKernel);
  const coachRun = new CoachRun(coachKernel);

  const readings = createReadings(kernel.layout.labels);
  const detector = new MasteringDetector({ lossySource: source.lossySource ?? isLossyFormat(source.format) });
  let verdict: MasteringVerdict = { state: 'off', confidence: 0, reasons: [], kind: null, ceilingDbtp: null };
  const secondsIn: Record<MasteringState, number> = { off: 0, suspected: 0, on: 0 };

  // The same 100 ms pieces as src/offline/analyze-mastering.ts (round(rate / 10) frames), so the detector
  // sees the same windows at the same reads.
  const piece = Math.max(1, Math.round(sampleRate / 10));
  const series = { time: [] as number[], m: [] as (number | null)[], s: [] as (number | null)[], corr: stereoOn ? [] as (number | null)[] : null };
  const events = new EventTracker(kernel.layout.labels, sampleRate);
  const previousClips = new Float64Array(channelCount);
  const previousOvers = new Float64Array(channelCount);
  const stereoStats = { n: 0, sum: 0, min: Infinity, negative: 0 };
  const stereoReadings = createStereoReadings();

  let frame = 0;
  let pieceStart = 0;
  let sub = 1;
  let boundary = subBoundary(pieceStart, piece, sub);

  const onFineRead = (from: number, to: number) => {
    const r = kernel.read();
    let clipDelta = 0;
    let overDelta = 0;
    const clipChannels: string[] = [];
    const overChannels: string[] = [];
    let peak: number = L.FLOOR_DB;
    for (let c = 0; c < channelCount; c++) {
      const base = L.HEADER_LENGTH + c * L.CHANNEL_STRIDE;
      const clips = r[base + L.CH_CLIP_RUNS] - previousClips[c];
      const overs = r[base + L.CH_TRUE_PEAK_OVERS] - previousOvers[c];
      previousClips[c] = r[base + L.CH_CLIP_RUNS];
      previousOvers[c] = r[base + L.CH_TRUE_PEAK_OVERS];
      if (clips > 0) clipChannels.push(kernel.layout.labels[c]);
      if (overs > 0) overChannels.push(kernel.layout.labels[c]);
      clipDelta += clips;
      overDelta += overs;
      peak = Math.max(peak, r[base + L.CH_TRUE_PEAK_DBTP]);
    }
    events.add('clip', from, to, clipDelta, clipChannels, peak);
    events.add('over', from, to, overDelta, overChannels, peak);
  };

  const onPieceEnd = (pieceFrames: number) => {
    decodeReadings(kernel.readings, readings);
    const v = detector.update(readings);
    secondsIn[v.state] += pieceFrames / sampleRate;
    if (RANK[v.state] > RANK[verdict.state] || (v.state === verdict.state && v.state !== 'off' && v.confidence > verdict.confidence)) verdict = v;
    series.time.push(round(frame / sampleRate));
    series.m.push(dbValue(readings.momentaryLufs, 2));
    series.s.push(dbValue(readings.shortTermLufs, 2));
    if (series.corr) {
      const st = decodeStereo(kernel.readStereo(), kernel.goniometerPoints, stereoReadings);
      const correlation = st.correlation;
      series.corr.push(round(correlation));
      if (readings.momentaryLufs >= ACTIVE_LUFS) {
        stereoStats.n++;
        stereoStats.sum += correlation;
        stereoStats.min = Math.min(stereoStats.min, st.correlationMinSinceRead);
        if (correlation < 0) stereoStats.negative++;
      }
    }
  };

  let lastYield = now();
  let subStart = 0;
  for await (const chunk of source.chunks) {
    const length = chunk[0]?.length ?? 0;
    coachRun.push(chunk as readonly Float32Array[]);
    for (let offset = 0; offset < length;) {
      const n = Math.min(length - offset, boundary - frame);
      kernel.push(chunk, offset, n);
      offset += n;
      frame += n;
      if (frame === boundary) {
        onFineRead(subStart, frame);
        subStart = frame;
        if (sub === CLIP_READS_PER_STEP) {
          onPieceEnd(piece);
          pieceStart = frame;
          sub = 1;
        } else sub++;
        boundary = subBoundary(pieceStart, piece, sub);
      }
    }
    if (now() - lastYield >= yieldMs) {
      if (onProgress && source.frames > 0) onProgress(Math.min(1, frame / source.frames));
      await new Promise((resolve) => setTimeout(resolve, 0));
      signal?.throwIfAborted();
      lastYield = now();
    }
  }
  // The file's last, partial piece: read as analyze does (after its last frame).
  if (frame > subStart) onFineRead(subStart, frame);
  if (frame > pieceStart) onPieceEnd(frame - pieceStart);
  signal?.throwIfAborted();
  onProgress?.(1);

  decodeReadings(kernel.read(), readings);
  const spectrum = spectrumSummary(kernel, channelCount);
  const stereo = stereoOn ? stereoSummary(decodeStereo(kernel.readStereo(), kernel.goniometerPoints, stereoReadings), stereoStats) : null;
  const peaks = {
    truePeakMaxDbtp: dbValue(readings.truePeakMaxDbtp),
    samplePeakMaxDbfs: dbValue(readings.samplePeakMaxDbfs),
    channels: readings.channels.map((c): ReportChannel => ({
      label: c.label,
      truePeakMaxDbtp: dbValue(c.truePeakMaxDbtp),
      samplePeakMaxDbfs: dbValue(c.samplePeakMaxDbfs),
      clipRuns: c.clipRuns,
      truePeakOvers: c.truePeakOvers,
    })),
  };
  return {
    version: REPORT_VERSION,
    file: {
      name: source.name, format: source.format, sampleRate, layout: layout.name, channels: [...kernel.layout.labels],
      frames: frame, durationSeconds: round(frame / sampleRate, 6),
    },
    loudness: {
      integratedLufs: dbValue(readings.integratedLufs),
      loudnessRangeLu: round(readings.loudnessRangeLu),
      momentaryMaxLufs: dbValue(readings.momentaryMaxLufs),
      shortTermMaxLufs: dbValue(readings.shortTermMaxLufs),
      plrLu: dbValue(readings.plrLu),
    },
    peaks,
    headroom: headroomVerdict(peaks.truePeakMaxDbtp, readings.clipRuns, readings.truePeakOvers),
    clips: { clipRuns: readings.clipRuns, truePeakOvers: readings.truePeakOvers, events: events.events, eventsOmitted: events.omitted },
    series: { stepSeconds: SERIES_STEP_SECONDS, timeSeconds: series.time, momentaryLufs: series.m, shortTermLufs: series.s, correlation: series.corr },
    spectrum,
    stereo,
    mastering: {
      state: verdict.state, confidence: round(verdict.confidence), kind: verdict.kind,
      ceilingDbtp: verdict.ceilingDbtp === null ? null : round(verdict.ceilingDbtp), reasons: verdict.reasons,
      secondsIn: { off: round(secondsIn.off, 1), suspected: round(secondsIn.suspected, 1), on: round(secondsIn.on, 1) },
    },
    coach: coachSummary(coachRun.finish(), options.coachStyle ?? DEFAULT_STYLE),
    badSamples: readings.badSamples,
    farOverFullScale: readings.farOverFullScale,
  };
}

/** The coach's section of the report: findings against the style's ranges, and the streaming preview. */
export function coachSummary(measurement: CoachMeasurement, style: string): CoachSummary {
  const target = styleTarget(style);
  const usable = measurement.bandsDb.every((v) => v > -150);
  const balance = usable ? balanceOf(measurement.bandsDb) : null;
  const m: CoachMeasurement = {
    ...measurement,
    bandsDb: measurement.bandsDb.map((v) => round(v, 2)),
    subToLowDb: round(measurement.subToLowDb, 2),
    lowSideToMidDb: measurement.lowSideToMidDb === null ? null : round(measurement.lowSideToMidDb, 2),
    lowCorrelation: measurement.lowCorrelation === null ? null : round(measurement.lowCorrelation, 3),
  };
  return {
    style: { id: target.id, label: target.label, source: target.source },
    measurement: m,
    bands: BROAD_BANDS.map((b, k) => ({ id: b.id, name: b.name, balanceDb: balance ? round(balance[k], 2) : null, low: target.balanceDb[k].low, high: target.balanceDb[k].high })),
    findings: coachFindings(measurement, target).map(({ id, title, why, action }) => ({ id, title, why, action })),
    streaming: measurement.integratedLufs === null || measurement.truePeakMaxDbtp === null ? null
      : streamingPreview(measurement.integratedLufs, measurement.truePeakMaxDbtp).map((p) => ({
        id: p.rule.id, service: p.rule.service, gainDb: round(p.gainDb, 2), peakRule: p.peakRule, limiterDb: round(p.limiterDb, 2), text: p.text,
      })),
  };
}

/** The frame at which fine read `sub` (1 … CLIP_READS_PER_STEP) of the piece starting at `start` happens. */
function subBoundary(start: number, piece: number, sub: number): number {
  return start + Math.floor((piece * sub) / CLIP_READS_PER_STEP);
}

/** A power of two giving about TARGET_BIN_HZ between bins, within the kernel's 1024 … 32768. */
export function spectrumFftSize(sampleRate: number): number {
  const size = 2 ** Math.round(Math.log2(sampleRate / TARGET_BIN_HZ));
  return Math.min(L.SPECTRUM_MAX_FFT, Math.max(L.SPECTRUM_MIN_FFT, size));
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Joins the clip/over counts of consecutive 10 ms reads into events. */
class EventTracker {
  readonly events: ClipEvent[] = [];
  omitted = 0;
  private readonly open: Record<ClipEvent['kind'], ClipEvent | null> = { clip: null, over: null };

  constructor(private readonly labels: readonly string[], private readonly sampleRate: number) {}

  add(kind: ClipEvent['kind'], from: number, to: number, count: number, channels: string[], peakDb: number): void {
    const current = this.open[kind];
    if (count <= 0) {
      this.open[kind] = null;
      return;
    }
    const peak = dbValue(peakDb);
    if (current) {
      current.endSeconds = round(to / this.sampleRate);
      current.count += count;
      for (const label of channels) if (!current.channels.includes(label)) current.channels.push(label);
      current.channels.sort((a, b) => this.labels.indexOf(a) - this.labels.indexOf(b));
      if (peak !== null && (current.peakDbtp === null || peak > current.peakDbtp)) current.peakDbtp = peak;
      return;
    }
    if (this.events.length >= MAX_EVENTS) {
      this.omitted++;
      return;
    }
    const event: ClipEvent = { kind, startSeconds: round(from / this.sampleRate), endSeconds: round(to / this.sampleRate), count, channels, peakDbtp: peak };
    this.events.push(event);
    this.open[kind] = event;
  }
}

function spectrumSummary(kernel: MeterKernel, channelCount: number): SpectrumSummary {
  const sp = decodeSpectrum(kernel.readSpectrum(), createSpectrumReadings());
  const frequencyHz: number[] = [];
  const levelDb: (number | null)[] = [];
  for (let i = 0; i < sp.pointCount; i++) {
    frequencyHz.push(round(sp.frequencyHz[i], 2));
    levelDb.push(dbValue(sp.levelDb[i], 2));
  }
  const bands = { octaveFraction: sp.bandOctaveFraction, centreHz: [] as number[], levelDb: [] as (number | null)[] };
  for (let b = 0; b < sp.bandCount; b++) {
    bands.centreHz.push(round(sp.bandCentreHz[b], 2));
    bands.levelDb.push(dbValue(sp.bandLevelDb[b], 2));
  }
  return {
    fftSize: sp.fftSize,
    resolutionHz: round(sp.resolutionHz, 3),
    source: channelCount >= 2 ? 'mid' : 'mono',
    peakHz: peakFrequency(kernel.spectrumBins(), sp.binHz),
    frequencyHz,
    levelDb,
    bands,
  };
}

/** The strongest bin above DC, refined by a parabola through the log powers of it and its neighbours. */
function peakFrequency(bins: Float32Array, binHz: number): number | null {
  let best = 1;
  for (let k = 2; k < bins.length - 1; k++) if (bins[k] > bins[best]) best = k;
  if (!(bins[best] > 0)) return null;
  const a = Math.log(Math.max(bins[best - 1], 1e-30));
  const b = Math.log(bins[best]);
  const c = Math.log(Math.max(bins[best + 1], 1e-30));
  const denominator = a - 2 * b + c;
  const shift = denominator < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / denominator)) : 0;
  return round((best + shift) * binHz, 2);
}

function stereoSummary(st: StereoReadings, stats: { n: number; sum: number; min: number; negative: number }): StereoSummary {
  const correlation = st.correlationProgramme;
  const balanceDb = st.balanceProgrammeDb;
  // Side/mid power from the programme correlation and balance (the kernel keeps no programme
  // mid/side energies); the A/B's width is the same rule.
  const width = st.frames > 0 ? sideToMidFromCorrelation(correlation, balanceDb) : null;
  const sideToMidDb = width === null ? null : round(width);
  const monoLossLu = st.monoLossProgrammeLu;
  const notes: string[] = [];
  if (stats.n === 0) notes.push('No stereo statistics: the programme never plays above \u221250 LUFS.');
  else {
    if (correlation < 0) notes.push('Out of phase: the channels cancel when summed to mono. Check the polarity of the mix or of a stereo source.');
    else if (monoLossLu > 3) notes.push(`Loses ${monoLossLu.toFixed(1)} LU in mono: check wide stereo effects and phase in mono.`);
    else if (sideToMidDb !== null && sideToMidDb < -25) notes.push('Nearly mono.');
    else notes.push('Mono-compatible.');
    if (Math.abs(balanceDb) >= 1) notes.push(`Leans ${balanceDb > 0 ? 'right' : 'left'} by ${Math.abs(balanceDb).toFixed(1)} dB.`);
  }
  return {
    correlationProgramme: round(correlation),
    correlationMean: stats.n > 0 ? round(stats.sum / stats.n) : null,
    correlationMin: stats.n > 0 ? round(stats.min) : null,
    negativeShare: stats.n > 0 ? round(stats.negative / stats.n) : 0,
    balanceDb: round(balanceDb),
    monoLossLu: round(monoLossLu),
    sideToMidDb,
    notes,
  };
}

export type { Readings };
