// The coach's measurement of a file on disk (Node): streamed, in bounded chunks.

import { CoachRun, configureForCoach } from './coach-run.js';
import { openAudioStream } from './decode/stream.js';
import { createKernel } from './node-kernel.js';
import type { CoachMeasurement } from '../rules/coach/measure.js';

export async function measureFileForCoach(path: string): Promise<CoachMeasurement> {
  const stream = await openAudioStream(path);
  const kernel = createKernel(stream.sampleRate, { weights: stream.layout.weights, labels: stream.layout.labels });
  configureForCoach(kernel);
  const run = new CoachRun(kernel);
  for await (const chunk of stream.chunks()) run.push(chunk);
  return run.finish();
}

/** The same for planar audio in memory. */
export function measurePlanarForCoach(channels: readonly Float32Array[], sampleRate: number): CoachMeasurement {
  const kernel = createKernel(sampleRate, channels.length >= 2 ? 'stereo' : 'mono');
  configureForCoach(kernel);
  const run = new CoachRun(kernel);
  run.push(channels);
  return run.finish();
}
