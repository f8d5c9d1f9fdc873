// The meter's AudioWorkletNode: built from the compiled kernel and the chosen transport.

import {
  DEFAULT_GONIOMETER_RATE_HZ, DEFAULT_SPECTRUM_PUBLISH_HZ, DEFAULT_STEREO_PUBLISH_HZ, goniometerPointsPerRecord,
  kernelSpectrumOptions, kernelStereoOptions, type MeterSpectrumOptions, type MeterStereoOptions,
} from '../engine/analysis-options.js';
import type { ChannelLayout } from '../engine/layouts.js';
import type { MeterOptions } from './meter-types.js';
import { READINGS_LENGTH } from '../contract/readings-layout.js';
import { SPECTRUM_PACK_MAX, stereoPackLength } from '../contract/analysis-packs.js';
import { ANALYSIS_RING_CAPACITY, PROCESSOR_NAME, RING_CAPACITY, type ProcessorOptions } from '../contract/protocol.js';
import { createRingBuffer, RingReader } from '../transport/ring.js';
import { MeterError } from './errors.js';

export interface MeterNodeConfig {
  layout: ChannelLayout;
  transport: 'shared' | 'messages';
  publishHz: number;
  /** Offline analysis: measure exactly this many frames, then publish one final record. */
  endFrame?: number;
  /** Spectrum publishing (checked options); absent = none. */
  spectrum?: MeterSpectrumOptions;
  /** Stereo-field publishing (checked options); absent = none (fewer than two channels). */
  stereo?: MeterStereoOptions;
}

export interface MeterNodeParts {
  node: AudioWorkletNode;
  /** The ring's reading end, when transport is 'shared'. */
  ring: RingReader | null;
  /** The analysis rings' reading ends, when transport is 'shared' and the analysis is published. */
  spectrumRing: RingReader | null;
  stereoRing: RingReader | null;
}

/** Builds the AudioWorkletNode (the kernel module and the processor must be loaded). */
export function createMeterNode(context: BaseAudioContext, module: WebAssembly.Module, config: MeterNodeConfig): MeterNodeParts {
  const channelCount = config.layout.weights.length;
  const sharedBuffer = config.transport === 'shared' ? createRingBuffer(RING_CAPACITY, READINGS_LENGTH) : undefined;
  const processorOptions: ProcessorOptions = {
    module,
    sampleRate: context.sampleRate,
    weights: [...config.layout.weights],
    labels: [...config.layout.labels],
    transport: config.transport,
    sharedBuffer,
    publishHz: config.publishHz,
    endFrame: config.endFrame,
  };
  let spectrumBuffer: SharedArrayBuffer | undefined;
  let stereoBuffer: SharedArrayBuffer | undefined;
  if (config.spectrum) {
    spectrumBuffer = sharedBuffer ? createRingBuffer(ANALYSIS_RING_CAPACITY, SPECTRUM_PACK_MAX) : undefined;
    processorOptions.spectrum = {
      options: kernelSpectrumOptions(config.spectrum),
      publishHz: config.spectrum.publishHz ?? DEFAULT_SPECTRUM_PUBLISH_HZ,
      sharedBuffer: spectrumBuffer,
    };
  }
  if (config.stereo) {
    const publishHz = config.stereo.publishHz ?? DEFAULT_STEREO_PUBLISH_HZ;
    const maxPoints = goniometerPointsPerRecord(context.sampleRate, config.stereo.goniometerRateHz ?? DEFAULT_GONIOMETER_RATE_HZ, publishHz);
    stereoBuffer = sharedBuffer ? createRingBuffer(ANALYSIS_RING_CAPACITY, stereoPackLength(maxPoints)) : undefined;
    processorOptions.stereo = { options: kernelStereoOptions(config.stereo), publishHz, maxPoints, sharedBuffer: stereoBuffer };
  }
  const node = new AudioWorkletNode(context, PROCESSOR_NAME, {
    numberOfInputs: 1,
    numberOfOutputs: 0,
    channelCount,
    channelCountMode: 'explicit',
    channelInterpretation: 'discrete',
    processorOptions,
  });
  return {
    node,
    ring: sharedBuffer ? new RingReader(sharedBuffer) : null,
    spectrumRing: spectrumBuffer ? new RingReader(spectrumBuffer) : null,
    stereoRing: stereoBuffer ? new RingReader(stereoBuffer) : null,
  };
}

/** 'shared' when the page is cross-origin isolated, else 'messages'. */
export function sharedTransportAvailable(): boolean {
  return typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated === true;
}

export function resolveTransport(requested: MeterOptions['transport']): 'shared' | 'messages' {
  const wanted = requested ?? 'auto';
  if (wanted === 'messages') return 'messages';
  if (wanted === 'shared') {
    if (!sharedTransportAvailable()) {
      throw new MeterError('module', "transport 'shared' needs a cross-origin isolated page (COOP: same-origin, COEP: require-corp); use 'auto' to fall back to messages");
    }
    return 'shared';
  }
  if (wanted !== 'auto') throw new MeterError('module', `transport must be 'auto', 'shared' or 'messages', got ${String(wanted)}`);
  return sharedTransportAvailable() ? 'shared' : 'messages';
}
