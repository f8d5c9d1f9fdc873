// The bounce report in Node: a file opened with the decoders of src/offline/decode (WAV and FLAC
// are streamed from disk, so an hour-long bounce needs no hour of memory) and measured by buildReport() with the
// Node kernel.

import { openAudioStream } from '../decode/stream.js';
import { createKernel } from '../node-kernel.js';
import { buildReport, type BounceReport, type BuildReportOptions } from './model.js';

export async function reportFile(path: string, options: BuildReportOptions = {}): Promise<BounceReport> {
  const stream = await openAudioStream(path);
  return buildReport(
    { name: path, format: stream.format, sampleRate: stream.sampleRate, layout: stream.layout, frames: stream.frames, chunks: stream.chunks() },
    (sampleRate, layout) => createKernel(sampleRate, { weights: layout.weights, labels: layout.labels }),
    options,
  );
}
