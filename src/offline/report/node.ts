// The bounce report in Node: a file opened with the decoders of src/decode (WAV is streamed from
// disk, so an hour-long bounce needs no hour of memory) and measured by buildReport() with the
// Node kernel.

import { openAudioFile } from '../decode/index.js';
import { createKernel } from '../node-kernel.js';
import { buildReport, type BounceReport, type BuildReportOptions } from './model.js';

/** Frames per chunk read from disk (about 1.4 s at 48 kHz). */
const CHUNK_FRAMES = 65536;

export async function reportFile(path: string, options: BuildReportOptions = {}): Promise<BounceReport> {
  const stream = await openAudioFile(path);
  return buildReport(
    { name: path, format: stream.format, sampleRate: stream.sampleRate, layout: stream.layout, frames: stream.frames, chunks: stream.chunks(CHUNK_FRAMES) },
    (sampleRate, layout) => createKernel(sampleRate, { weights: layout.weights, labels: layout.labels }),
    options,
  );
}
