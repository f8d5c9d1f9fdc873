// The Node API: measure audio held in memory or decoded from files, with the very same
// WebAssembly kernel the browser runs.
//
//   import { createAnalyzer } from 'busmeter/node';
//   const analyzer = createAnalyzer({ sampleRate: 48000, layout: 'stereo' });
//   analyzer.push([left, right]);          // planar Float32Arrays, any length
//   const r = analyzer.read();             // r.integratedLufs, r.truePeakMaxDbtp, …
//   analyzer.reset();
//
//   import { analyzeFile } from 'busmeter/node';
//   const { readings, mastering } = await analyzeFile('mix.flac');   // what `busmeter analyze` prints

import { MeterKernel } from './engine/kernel.js';
import { createKernel } from './offline/node-kernel.js';
import type { LayoutSpec } from './engine/layouts.js';
import { createReadings, decodeReadings, type Readings } from './engine/readings.js';
import type { SpectrumOptions, StereoOptions } from './contract/options.js';
import {
  createSpectrumReadings, createStereoReadings, decodeSpectrum, decodeStereo, type SpectrumReadings, type StereoReadings,
} from './engine/analysis-readings.js';

export type { Readings, ChannelReadings } from './engine/readings.js';
export type { LayoutSpec, ChannelLayout } from './engine/layouts.js';
export type { SpectrumOptions, SpectrumSource, SpectrumWindow, StereoOptions } from './contract/options.js';
export type { SpectrumReadings, StereoReadings } from './engine/analysis-readings.js';
export { createSpectrumReadings, createStereoReadings, decodeSpectrum, decodeStereo } from './engine/analysis-readings.js';
export { resolveLayout, NAMED_LAYOUTS } from './engine/layouts.js';
export { FLOOR_DB, FAR_OVER_LEVEL } from './contract/readings-layout.js';
export { decodeAudioFile, decodeAudioBytes, AudioFileError } from './offline/decode/index.js';
export type { DecodedAudio } from './offline/decode/index.js';
export { analyzePlanar, analyzeFile, type AnalyzeFileOptions, type FileAnalysis, type FileProgress } from './offline/analyze-file.js';
export { openAudioStream, type AudioFileStream, type StreamOptions } from './offline/decode/stream.js';
export type { AudioInfo } from './offline/decode/index.js';
export type { MasteringVerdict } from './rules/detector/mastering-detector.js';
export { createKernel, kernelModuleSync } from './offline/node-kernel.js';

export interface AnalyzerOptions {
  /** Hz, 8000 to 384000. */
  sampleRate: number;
  /** 'mono', 'stereo', '5.1', '7.1.4', …, a channel count, or { weights, labels? }. Default stereo. */
  layout?: LayoutSpec;
  /** Spectrum settings; `true` turns it on with the defaults. Off unless given. */
  spectrum?: SpectrumOptions | boolean;
  /** Stereo-field settings; `true` turns it on with the defaults. Off unless given. */
  stereo?: StereoOptions | boolean;
}

export interface Analyzer {
  readonly sampleRate: number;
  readonly channelLabels: readonly string[];
  /** Measures planar audio (one array per channel, equal lengths). */
  push(channels: readonly ArrayLike<number>[]): void;
  /** Current readings; "since read" values restart after each call. */
  read(): Readings;
  /** Forgets everything measured. */
  reset(): void;
  /** Changes spectrum settings (only the fields given). */
  configureSpectrum(options: SpectrumOptions): void;
  /** Changes stereo-field settings (only the fields given). */
  configureStereo(options: StereoOptions): void;
  /** Spectrum display points and band levels (the same object every call, refilled). */
  readSpectrum(): SpectrumReadings;
  /** Correlation, balance, mid/side, mono loss, band correlation, goniometer points since the last call. */
  readStereo(): StereoReadings;
}

export function createAnalyzer(options: AnalyzerOptions): Analyzer {
  if (!options || typeof options !== 'object') throw new TypeError('createAnalyzer needs { sampleRate, layout? }');
  const kernel = createKernel(options.sampleRate, options.layout ?? 'stereo');
  const readings = createReadings(kernel.layout.labels);
  const spectrum = createSpectrumReadings();
  const stereo = createStereoReadings();
  if (options.spectrum) kernel.configureSpectrum(options.spectrum === true ? { enabled: true } : { enabled: true, ...options.spectrum });
  if (options.stereo) kernel.configureStereo(options.stereo === true ? { enabled: true } : { enabled: true, ...options.stereo });
  return {
    sampleRate: kernel.sampleRate,
    channelLabels: kernel.layout.labels,
    push(channels) {
      if (channels.length !== kernel.channelCount) {
        throw new RangeError(`expected ${kernel.channelCount} channels (${kernel.layout.name}), got ${channels.length}`);
      }
      const length = channels[0].length;
      for (const channel of channels) {
        if (channel.length !== length) throw new RangeError('all channels must have the same length');
      }
      kernel.push(channels, 0, length);
    },
    read() {
      return decodeReadings(kernel.read(), readings);
    },
    reset() {
      kernel.reset();
    },
    configureSpectrum(spectrumOptions) {
      kernel.configureSpectrum(spectrumOptions);
    },
    configureStereo(stereoOptions) {
      kernel.configureStereo(stereoOptions);
    },
    readSpectrum() {
      return decodeSpectrum(kernel.readSpectrum(), spectrum);
    },
    readStereo() {
      return decodeStereo(kernel.readStereo(), kernel.goniometerPoints, stereo);
    },
  };
}

export { MeterKernel };
