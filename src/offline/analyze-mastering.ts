// Runs the mastering detector over audio held in memory, the way the CLI does for a file: the
// kernel is fed 100 ms at a time and read after each piece, so the detector sees every feature
// window, exactly as it does live.

import { createKernel } from './node-kernel.js';
import type { LayoutSpec } from '../engine/layouts.js';
import { createReadings, decodeReadings, type Readings } from '../engine/readings.js';
import { MasteringDetector, type MasteringState, type MasteringVerdict } from '../rules/detector/mastering-detector.js';

export interface MasteringTimelinePoint {
  /** Seconds of audio measured when the verdict was given. */
  seconds: number;
  verdict: MasteringVerdict;
}

export interface MasteringAnalysis {
  /** Readings after the whole signal (the "since reset" values equal a single-read analysis). */
  readings: Readings;
  /** The strongest verdict of the file: the first moment of its highest state. */
  summary: MasteringVerdict;
  /** Seconds spent in each state. */
  secondsIn: Record<MasteringState, number>;
  /** One point per 100 ms read. */
  timeline?: MasteringTimelinePoint[];
}

const RANK: Record<MasteringState, number> = { off: 0, suspected: 1, on: 2 };

/**
 * Measures planar audio and runs the detector; `keepTimeline` keeps every verdict, `lossySource`
 * says the audio was decoded from MP3 or Ogg (see DetectorOptions).
 */
export function analyzeMastering(
  channels: readonly Float32Array[],
  sampleRate: number,
  layout: LayoutSpec = channels.length,
  keepTimeline = false,
  lossySource = false,
): MasteringAnalysis {
  const run = new MasteringRun(sampleRate, layout, keepTimeline, lossySource);
  run.push(channels);
  return run.finish();
}

/**
 * The same analysis fed in chunks of any length (a file streamed from disk): the kernel is read
 * at the same 100 ms boundaries whatever the chunks, so the result equals analyzeMastering's on
 * the whole signal.
 */
export class MasteringRun {
  private readonly kernel;
  private readonly readings;
  private readonly detector: MasteringDetector;
  private readonly piece: number;
  /** Frames pushed since the last read. */
  private inPiece = 0;
  private frames = 0;
  private summary: MasteringVerdict = { state: 'off', confidence: 0, reasons: [], kind: null, ceilingDbtp: null };
  private readonly secondsIn: Record<MasteringState, number> = { off: 0, suspected: 0, on: 0 };
  private readonly timeline: MasteringTimelinePoint[] | undefined;

  constructor(private readonly sampleRate: number, layout: LayoutSpec, keepTimeline = false, lossySource = false) {
    this.detector = new MasteringDetector({ lossySource });
    this.kernel = createKernel(sampleRate, layout);
    this.readings = createReadings(this.kernel.layout.labels);
    this.piece = Math.max(1, Math.round(sampleRate / 10));
    this.timeline = keepTimeline ? [] : undefined;
  }

  /** Frames pushed so far. */
  get pushedFrames(): number {
    return this.frames;
  }

  push(channels: readonly Float32Array[]): void {
    const length = channels[0]?.length ?? 0;
    for (let start = 0; start < length; ) {
      const frames = Math.min(this.piece - this.inPiece, length - start);
      this.kernel.push(channels, start, frames);
      start += frames;
      this.inPiece += frames;
      this.frames += frames;
      if (this.inPiece === this.piece) this.readPiece();
    }
  }

  /** Reads the last, partial piece and returns the analysis. */
  finish(): MasteringAnalysis {
    if (this.inPiece > 0) this.readPiece();
    return { readings: this.readings, summary: this.summary, secondsIn: this.secondsIn, timeline: this.timeline };
  }

  private readPiece(): void {
    const verdict = this.detector.update(decodeReadings(this.kernel.read(), this.readings));
    this.secondsIn[verdict.state] += this.inPiece / this.sampleRate;
    const summary = this.summary;
    if (RANK[verdict.state] > RANK[summary.state] || (verdict.state === summary.state && verdict.state !== 'off' && verdict.confidence > summary.confidence)) {
      this.summary = verdict;
    }
    this.timeline?.push({ seconds: this.frames / this.sampleRate, verdict });
    this.inPiece = 0;
  }
}
