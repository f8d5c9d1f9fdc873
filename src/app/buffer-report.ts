// The CLI's bounce report (src/offline/report/model.ts) of a decoded file in the page, on the same
// WebAssembly kernel: the report view and the reference A/B measure files with it, so both show
// the numbers `busmeter report` prints. It runs on the main thread in slices (the model yields
// every 40 ms of work).

import { MeterKernel } from '../engine/kernel.js';
import type { ChannelLayout } from '../engine/layouts.js';
import { loadKernelModule } from '../live/meter.js';
import { buildReport, type BounceReport, type BuildReportOptions } from '../offline/report/model.js';

/** Frames handed to the model at a time (about 1.4 s at 48 kHz, as the CLI reads). */
const CHUNK_FRAMES = 65536;

export interface BufferToMeasure {
  name: string;
  /** The decoder's format line, as the report prints it. */
  format: string;
  buffer: AudioBuffer;
  layout: ChannelLayout;
  /** Decoded from a lossy codec (DecodedFile.lossy). */
  lossySource: boolean;
}

export async function reportOfBuffer(file: BufferToMeasure, options: BuildReportOptions = {}): Promise<BounceReport> {
  const module = await loadKernelModule();
  // One instance per kernel: buildReport makes two (the report's and the coach's), and a
  // kernel's state lives in its instance's memory.
  const instances = [await WebAssembly.instantiate(module, {}), await WebAssembly.instantiate(module, {})];
  const { buffer, layout } = file;
  return buildReport(
    { name: file.name, format: file.format, lossySource: file.lossySource, sampleRate: buffer.sampleRate, layout, frames: buffer.length, chunks: bufferChunks(buffer) },
    (rate, l) => {
      const instance = instances.shift();
      if (!instance) throw new Error('buildReport asked for more kernels than reportOfBuffer made');
      return new MeterKernel(instance, rate, { weights: l.weights, labels: l.labels });
    },
    options,
  );
}

function* bufferChunks(buffer: AudioBuffer): Generator<Float32Array[]> {
  const channels = Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c));
  for (let start = 0; start < buffer.length; start += CHUNK_FRAMES) {
    yield channels.map((data) => data.subarray(start, Math.min(buffer.length, start + CHUNK_FRAMES)));
  }
}
