// What the main thread and the worklet processor say to each other. Compiled into both sides
// (worklet/tsconfig.json includes it), so it uses no DOM types.

import type { SpectrumOptions, StereoOptions } from './options.js';

/** Name the processor is registered under. */
export const PROCESSOR_NAME = 'busmeter-processor';

/** Ring slots: about half a second of records at 60 Hz before the producer starts deferring. */
export const RING_CAPACITY = 32;

/** `processorOptions` of the AudioWorkletNode. */
export interface ProcessorOptions {
  /** The compiled kernel; instantiated synchronously in the processor's constructor. */
  module: WebAssembly.Module;
  sampleRate: number;
  weights: number[];
  labels: string[];
  transport: 'shared' | 'messages';
  /** The ring (createRingBuffer(RING_CAPACITY, READINGS_LENGTH)) when transport is 'shared'. */
  sharedBuffer?: SharedArrayBuffer;
  /** Records per second; 0 = publish only once, at `endFrame`. */
  publishHz: number;
  /**
   * Offline analysis: measure exactly this many frames (the end of the buffer, even mid-quantum),
   * publish one final record and stop. Omitted for live meters.
   */
  endFrame?: number;
  /** Spectrum publishing (src/transport/analysis-pack.ts); absent = never published. */
  spectrum?: {
    /** Kernel settings at start (enabled or not). */
    options: SpectrumOptions;
    publishHz: number;
    /** Ring of SPECTRUM_PACK_MAX-value records when transport is 'shared'. */
    sharedBuffer?: SharedArrayBuffer;
  };
  /** Stereo-field publishing; absent = never published (fewer than two channels). */
  stereo?: {
    options: StereoOptions;
    publishHz: number;
    /** Goniometer points one record carries (goniometerPointsPerRecord()). */
    maxPoints: number;
    /** Ring of stereoPackLength(maxPoints)-value records when transport is 'shared'. */
    sharedBuffer?: SharedArrayBuffer;
  };
}

/** Ring slots of the analysis records (about a second of spectrum and half a second of stereo records). */
export const ANALYSIS_RING_CAPACITY = 32;

/** Main thread → processor. */
export type ToProcessor =
  | { type: 'reset'; epoch: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'dispose' }
  | { type: 'configure-spectrum'; options: SpectrumOptions }
  | { type: 'configure-stereo'; options: StereoOptions }
  | { type: 'clear-spectrum-peak' };

/** A spectrum or stereo pack (src/transport/analysis-pack.ts) with its reset epoch. */
export interface AnalysisMessage {
  type: 'spectrum' | 'stereo';
  record: Float64Array;
  epoch: number;
}

/**
 * Processor → main thread. Readings records travel as a bare Float64Array of READINGS_LENGTH + 1
 * values (the record, then its reset epoch) so that publishing builds no message object.
 */
export type FromProcessor =
  | Float64Array
  | AnalysisMessage
  | { type: 'ready' }
  | { type: 'error'; where: 'processor'; message: string };
