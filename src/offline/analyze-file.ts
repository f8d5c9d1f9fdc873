// Measures a whole decoded file with the kernel, the way the CLI and the Node API do: 4096-frame
// kernel calls (the result does not depend on the split) and one read at the end.

import { createKernel } from './node-kernel.js';
import type { PlanarAudio } from '../contract/audio.js';
import type { ChannelLayout } from '../engine/layouts.js';
import { createReadings, decodeReadings, type Readings } from '../engine/readings.js';
import { analyzeMastering, MasteringRun } from './analyze-mastering.js';
import { openAudioStream, type StreamOptions } from './decode/stream.js';
import { isLossyFormat } from './decode/types.js';
import type { MasteringVerdict } from '../rules/detector/mastering-detector.js';

/** Planar audio (src/contract/audio.ts) with the channel layout it is measured in. */
export type LaidOutAudio = PlanarAudio & { layout: ChannelLayout };

export function analyzePlanar(audio: LaidOutAudio): Readings {
  const kernel = createKernel(audio.sampleRate, { weights: audio.layout.weights, labels: audio.layout.labels });
  kernel.push(audio.channels, 0, audio.channels[0]?.length ?? 0);
  return decodeReadings(kernel.read(), createReadings(audio.layout.labels));
}

/**
 * As analyzePlanar, and runs the mastering-plugin detector: the kernel is read every 100 ms of
 * audio so the detector sees every feature window. The readings reported by the CLI (all "since
 * reset" values) are the same as analyzePlanar's; only the "since read" values cover the last
 * 100 ms instead of the whole file. A `format` naming a lossy codec (decoded MP3 or Ogg) tells the
 * detector so, as analyzeFile does.
 */
export function analyzePlanarWithMastering(audio: LaidOutAudio & { format?: string }): { readings: Readings; mastering: MasteringVerdict } {
  const lossy = audio.format !== undefined && isLossyFormat(audio.format);
  const { readings, summary } = analyzeMastering(audio.channels, audio.sampleRate, { weights: audio.layout.weights, labels: audio.layout.labels }, false, lossy);
  return { readings, mastering: summary };
}

/** What analyzeFile measured in a file: the numbers `busmeter analyze` prints, unrounded. */
export interface FileAnalysis {
  /** e.g. 'wav pcm 24-bit', 'flac 16-bit', 'mp3', 'ogg vorbis', 'ogg opus'. */
  format: string;
  layout: ChannelLayout;
  /** Everything measured since the first sample ("since read" values: the last 100 ms). */
  readings: Readings;
  /** The mastering-plugin detector's strongest verdict over the file. */
  mastering: MasteringVerdict;
}

/** How far analyzeFile has got. */
export interface FileProgress {
  /** Seconds of audio measured so far. */
  seconds: number;
  /** The share of the file measured, 0…1; null when the file does not say its length (an MP3). */
  fraction: number | null;
}

export interface AnalyzeFileOptions extends StreamOptions {
  /** Stops the analysis: analyzeFile rejects with the signal's reason and closes the file. */
  signal?: AbortSignal;
  /** Called after each decoded chunk (a second or a few of audio). */
  onProgress?: (progress: FileProgress) => void;
}

/**
 * Measures a file from disk with the detector, as the CLI's `analyze` does (it calls this): the
 * file is read and decoded in bounded chunks (see decode/stream.ts), so memory stays flat however
 * long it is. A file that cannot be read or decoded rejects with an AudioFileError naming it.
 */
export async function analyzeFile(path: string, options: AnalyzeFileOptions = {}): Promise<FileAnalysis> {
  checkAnalyzeOptions(options);
  // Options that are not an object are openAudioStream's to name.
  const { signal, onProgress } = options ?? {};
  signal?.throwIfAborted();
  const stream = await openAudioStream(path, options);
  const run = new MasteringRun(stream.sampleRate, { weights: stream.layout.weights, labels: stream.layout.labels }, false, isLossyFormat(stream.format));
  // Leaving the loop by a throw closes the file (the chunks' generator is returned).
  for await (const chunk of stream.chunks()) {
    signal?.throwIfAborted();
    run.push(chunk);
    const frames = run.pushedFrames;
    onProgress?.({ seconds: frames / stream.sampleRate, fraction: stream.frames > 0 ? Math.min(1, frames / stream.frames) : null });
  }
  signal?.throwIfAborted();
  const { readings, summary } = run.finish();
  return { format: stream.format, layout: stream.layout, readings, mastering: summary };
}

/** The options only analyzeFile takes; openAudioStream checks the rest (and that options is an object). */
function checkAnalyzeOptions(options: unknown): void {
  if (typeof options !== 'object' || options === null) return;
  const { signal, onProgress } = options as AnalyzeFileOptions;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(`signal must be an AbortSignal, got ${signal === null ? 'null' : typeof signal}`);
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new TypeError(`onProgress must be a function, got ${onProgress === null ? 'null' : typeof onProgress}`);
  }
}
