// Drives the real kernel (build/busmeter.wasm) the way hosts do, for the tests.

import { createKernel } from '../../src/node.js';
import type { LayoutSpec } from '../../src/engine/layouts.js';
import { createReadings, decodeReadings, type Readings } from '../../src/engine/readings.js';

/** Measures a whole signal in chunks of `chunkFrames` (default 4096) and reads once at the end. */
export function measure(channels: Float32Array[], sampleRate: number, layout: LayoutSpec = channels.length, chunkFrames = 4096): Readings {
  const kernel = createKernel(sampleRate, layout);
  for (let start = 0; start < channels[0].length; start += chunkFrames) {
    kernel.push(channels, start, Math.min(chunkFrames, channels[0].length - start));
  }
  return decodeReadings(kernel.read(), createReadings(kernel.layout.labels));
}

/**
 * Plays a signal like a live meter: 128-frame quanta and a read after each one. `onRead` gets
 * the readings and the frame at which they were read (exclusive end).
 */
export function measureLive(
  channels: Float32Array[],
  sampleRate: number,
  layout: LayoutSpec,
  onRead: (readings: Readings, endFrame: number) => void,
  quantum = 128,
): Readings {
  const kernel = createKernel(sampleRate, layout);
  const readings = createReadings(kernel.layout.labels);
  for (let start = 0; start < channels[0].length; start += quantum) {
    const frames = Math.min(quantum, channels[0].length - start);
    kernel.push(channels, start, frames);
    onRead(decodeReadings(kernel.read(), readings), start + frames);
  }
  return readings;
}
