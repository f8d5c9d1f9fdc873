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

/** Measures planar audio and runs the detector; `keepTimeline` keeps every verdict. */
export function analyzeMastering(
  channels: readonly Float32Array[],
  sampleRate: number,
  layout: LayoutSpec = channels.length,
  keepTimeline = false,
): MasteringAnalysis {
  const kernel = createKernel(sampleRate, layout);
  const readings = createReadings(kernel.layout.labels);
  const detector = new MasteringDetector();
  const piece = Math.max(1, Math.round(sampleRate / 10));
  const length = channels[0]?.length ?? 0;
  let summary: MasteringVerdict = { state: 'off', confidence: 0, reasons: [], kind: null, ceilingDbtp: null };
  const secondsIn: Record<MasteringState, number> = { off: 0, suspected: 0, on: 0 };
  const timeline: MasteringTimelinePoint[] | undefined = keepTimeline ? [] : undefined;
  for (let start = 0; start < length; start += piece) {
    const frames = Math.min(piece, length - start);
    kernel.push(channels, start, frames);
    const verdict = detector.update(decodeReadings(kernel.read(), readings));
    secondsIn[verdict.state] += frames / sampleRate;
    if (RANK[verdict.state] > RANK[summary.state] || (verdict.state === summary.state && verdict.state !== 'off' && verdict.confidence > summary.confidence)) {
      summary = verdict;
    }
    timeline?.push({ seconds: (start + frames) / sampleRate, verdict });
  }
  return { readings, summary, secondsIn, timeline };
}
