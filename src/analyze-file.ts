// Measures a whole decoded file with the kernel, the way the CLI and the Node API do: 4096-frame
// kernel calls (the result does not depend on the split) and one read at the end.

import { createKernel } from './node.js';
import type { ChannelLayout } from './layouts.js';
import { createReadings, decodeReadings, type Readings } from './readings.js';

export interface PlanarAudio {
  sampleRate: number;
  channels: Float32Array[];
  layout: ChannelLayout;
}

export function analyzePlanar(audio: PlanarAudio): Readings {
  const kernel = createKernel(audio.sampleRate, { weights: audio.layout.weights, labels: audio.layout.labels });
  kernel.push(audio.channels, 0, audio.channels[0]?.length ?? 0);
  return decodeReadings(kernel.read(), createReadings(audio.layout.labels));
}
