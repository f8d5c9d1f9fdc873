// What the kernel accepts, checked at the file boundary so that a bad file is reported with its
// name instead of surfacing later as a RangeError from the kernel.

import { MAX_CHANNELS } from '../../contract/readings-layout.js';
import { AudioFileError } from './errors.js';

export const MIN_SAMPLE_RATE = 8000;
export const MAX_SAMPLE_RATE = 384000;

export function checkChannelCount(file: string, channels: number): void {
  if (channels === 0) throw new AudioFileError(file, '0 channels: nothing to measure');
  if (channels > MAX_CHANNELS) {
    throw new AudioFileError(file, `${channels} channels: busmeter measures at most ${MAX_CHANNELS}`);
  }
}

export function checkSampleRate(file: string, sampleRate: number): void {
  if (!(sampleRate >= MIN_SAMPLE_RATE && sampleRate <= MAX_SAMPLE_RATE)) {
    throw new AudioFileError(
      file,
      `sample rate ${sampleRate} Hz is out of range (busmeter accepts ${MIN_SAMPLE_RATE} to ${MAX_SAMPLE_RATE} Hz)`,
    );
  }
}
