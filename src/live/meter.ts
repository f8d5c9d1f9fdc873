// The live meter on the main thread: loads the kernel and the worklet, builds the
// AudioWorkletNode, connects the source, and turns the worklet's records into one merged
// Readings per animation frame (see src/live/meter-types.ts for the contract).
//
//   const meter = await createMeter(audioContext, mediaStream, { layout: 'stereo' });
//   meter.addEventListener('readings', (e) => draw(e.detail));
//   meter.addEventListener('error', (e) => show(e.detail.message));

import wasmUrl from '../../build/busmeter.wasm?url';
import workletUrl from '../../worklet/meter-processor.ts?worker&url';
import {
  checkSpectrumOptions, checkStereoOptions, DEFAULT_GONIOMETER_RATE_HZ, DEFAULT_SPECTRUM_PUBLISH_HZ, DEFAULT_STEREO_PUBLISH_HZ,
  goniometerPointsPerRecord, kernelSpectrumOptions, kernelStereoOptions, type MeterSpectrumOptions, type MeterStereoOptions,
} from '../engine/analysis-options.js';
import type { SpectrumOptions, StereoOptions } from '../contract/options.js';
import { createSpectrumReadings, createStereoReadings, type SpectrumReadings, type StereoReadings } from '../engine/analysis-readings.js';
import { onFrame } from './frame-loop.js';
import { resolveLayout, type ChannelLayout, type LayoutSpec } from '../engine/layouts.js';
import type { Meter, MeterErrorDetail, MeterEventMap, MeterOptions, MeterSource } from './meter-types.js';
import { MAX_CHANNELS, READINGS_LENGTH } from '../contract/readings-layout.js';
import { createReadings, type Readings } from '../engine/readings.js';
import { SPECTRUM_PACK_MAX, stereoPackLength } from '../transport/analysis-pack.js';
import { SpectrumMerger, StereoMerger } from '../transport/analysis-merge.js';
import { ReadingsMerger } from '../transport/merge.js';
import {
  ANALYSIS_RING_CAPACITY, PROCESSOR_NAME, RING_CAPACITY, type FromProcessor, type ProcessorOptions, type ToProcessor,
} from '../contract/protocol.js';
import { createRingBuffer, RingReader } from '../transport/ring.js';

export type { Meter, MeterErrorDetail, MeterEventMap, MeterOptions, MeterSource } from './meter-types.js';

/** An error with the place it came from, as in MeterErrorDetail. Rejections of createMeter are MeterErrors. */
export class MeterError extends Error {
  readonly where: MeterErrorDetail['where'];

  constructor(where: MeterErrorDetail['where'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MeterError';
    this.where = where;
  }
}

/** An asset URL made absolute against the page (Vite gives root-relative URLs). */
function absolute(url: string): string {
  return new URL(url, globalThis.document?.baseURI ?? globalThis.location?.href).href;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function cspHint(error: unknown): string {
  return /Content Security Policy|unsafe-eval/i.test(describe(error))
    ? " The page's Content Security Policy blocks WebAssembly: add 'wasm-unsafe-eval' to script-src."
    : '';
}

// ---- Assets: compiled once per page, loaded once per context ----

let kernelModule: Promise<WebAssembly.Module> | null = null;

/**
 * The compiled kernel, compiled once per page. Streams when the server sends application/wasm,
 * else compiles from bytes. Rejects with a MeterError('module', …); a later call tries again.
 */
export function loadKernelModule(): Promise<WebAssembly.Module> {
  if (!kernelModule) {
    kernelModule = compileKernel(absolute(wasmUrl));
    kernelModule.catch(() => {
      kernelModule = null;
    });
  }
  return kernelModule;
}

async function compileKernel(url: string): Promise<WebAssembly.Module> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new MeterError('module', `could not fetch the busmeter kernel (${url}): ${describe(error)}`, { cause: error });
  }
  if (!response.ok) {
    throw new MeterError('module', `could not fetch the busmeter kernel (${url}): HTTP ${response.status}`);
  }
  const streamable = (response.headers.get('content-type') ?? '').split(';')[0].trim() === 'application/wasm';
  try {
    if (streamable && typeof WebAssembly.compileStreaming === 'function') {
      return await WebAssembly.compileStreaming(response);
    }
    return await WebAssembly.compile(await response.arrayBuffer());
  } catch (error) {
    throw new MeterError('module', `could not compile the busmeter kernel (${url}): ${describe(error)}.${cspHint(error)}`, { cause: error });
  }
}

const processorLoads = new WeakMap<BaseAudioContext, Promise<void>>();

/** Adds the meter's worklet module to `context` (once per context). Rejects with MeterError('module', …). */
export function loadMeterProcessor(context: BaseAudioContext): Promise<void> {
  let loading = processorLoads.get(context);
  if (!loading) {
    if (!context.audioWorklet) {
      return Promise.reject(new MeterError('module', 'this page cannot run an AudioWorklet: it needs a secure context (https or localhost)'));
    }
    const url = absolute(workletUrl);
    loading = context.audioWorklet.addModule(url).catch((error: unknown) => {
      processorLoads.delete(context);
      throw new MeterError('module', `could not load the busmeter worklet (${url}): ${describe(error)}.${cspHint(error)}`, { cause: error });
    });
    processorLoads.set(context, loading);
  }
  return loading;
}

// ---- The worklet node ----

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

function resolveTransport(requested: MeterOptions['transport']): 'shared' | 'messages' {
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

// ---- Sources ----

/** MediaElementAudioSourceNodes made so far: an element can have only one, ever. */
const elementSources = new WeakMap<HTMLMediaElement, MediaElementAudioSourceNode>();

interface ConnectedSource {
  node: AudioNode;
  /** True when createMeter made the node (MediaStream): dispose() then disconnects it entirely. */
  owned: boolean;
  /** Channels the source is expected to carry (for the default layout). */
  channelCount: number;
}

function clampChannels(n: number | undefined, fallback: number): number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_CHANNELS) : fallback;
}

function nodeChannelCount(node: AudioNode): number {
  if (typeof AudioBufferSourceNode !== 'undefined' && node instanceof AudioBufferSourceNode && node.buffer) {
    return clampChannels(node.buffer.numberOfChannels, 2);
  }
  if (typeof MediaStreamAudioSourceNode !== 'undefined' && node instanceof MediaStreamAudioSourceNode) {
    return streamChannelCount(node.mediaStream);
  }
  if (typeof ChannelMergerNode !== 'undefined' && node instanceof ChannelMergerNode) return clampChannels(node.numberOfInputs, 2);
  if (node.channelCountMode === 'explicit') return clampChannels(node.channelCount, 2);
  return 2;
}

function streamChannelCount(stream: MediaStream): number {
  const track = stream.getAudioTracks()[0];
  return clampChannels(track?.getSettings().channelCount, 2);
}

function connectSource(context: BaseAudioContext, source: MeterSource): ConnectedSource {
  if (source instanceof AudioNode) {
    if (source.context !== context) throw new MeterError('input', 'the source node belongs to another audio context');
    if (source.numberOfOutputs < 1) throw new MeterError('input', 'the source node has no output to meter');
    return { node: source, owned: false, channelCount: nodeChannelCount(source) };
  }
  if (typeof MediaStream !== 'undefined' && source instanceof MediaStream) {
    if (!(typeof AudioContext !== 'undefined' && context instanceof AudioContext)) {
      throw new MeterError('input', 'a MediaStream can only be metered in a realtime AudioContext, not an OfflineAudioContext');
    }
    if (source.getAudioTracks().length === 0) throw new MeterError('input', 'the MediaStream has no audio track');
    let node: MediaStreamAudioSourceNode;
    try {
      node = new MediaStreamAudioSourceNode(context, { mediaStream: source });
    } catch (error) {
      // e.g. browsers that cannot resample a capture to the context's rate
      throw new MeterError('input', `the audio context cannot take this stream: ${describe(error)}`, { cause: error });
    }
    return { node, owned: true, channelCount: streamChannelCount(source) };
  }
  if (typeof HTMLMediaElement !== 'undefined' && source instanceof HTMLMediaElement) {
    if (!(typeof AudioContext !== 'undefined' && context instanceof AudioContext)) {
      throw new MeterError('input', 'a media element can only be metered in a realtime AudioContext');
    }
    let node = elementSources.get(source);
    if (!node) {
      node = new MediaElementAudioSourceNode(context, { mediaElement: source });
      // Taking the element into the graph silences its own output: keep it audible.
      node.connect(context.destination);
      elementSources.set(source, node);
    } else if (node.context !== context) {
      throw new MeterError('input', 'this media element is already routed into another audio context (a browser allows only one)');
    }
    return { node, owned: false, channelCount: 2 };
  }
  throw new MeterError('input', 'createMeter needs an AudioNode, a MediaStream or an HTMLMediaElement');
}

// ---- The meter ----

function resetReadingsInPlace(readings: Readings, labels: readonly string[], sampleRate: number): void {
  const fresh = createReadings(labels);
  const channels = readings.channels;
  Object.assign(readings, fresh, { channels, sampleRate });
  for (let c = 0; c < channels.length; c++) Object.assign(channels[c], fresh.channels[c]);
}

type MeterListener<K extends keyof MeterEventMap> = (this: BusMeterHandle, event: MeterEventMap[K]) => unknown;

class BusMeter extends EventTarget implements BusMeterHandle {
  readonly context: BaseAudioContext;
  readonly node: AudioWorkletNode;
  readonly layout: ChannelLayout;
  readonly sampleRate: number;
  readonly transport: 'shared' | 'messages';
  readonly readings: Readings;
  readonly spectrum: SpectrumReadings = createSpectrumReadings();
  readonly stereo: StereoReadings = createStereoReadings();
  /** Resolves when the processor has been constructed; rejects with its first error. */
  readonly ready: Promise<void>;
  private readonly ring: RingReader | null;
  private readonly merger = new ReadingsMerger();
  private readonly spectrumMerger = new SpectrumMerger();
  private readonly stereoMerger = new StereoMerger();
  private readonly spectrumRing: RingReader | null;
  private readonly stereoRing: RingReader | null;
  private readonly source: ConnectedSource;
  private readonly stopFrames: () => void;
  private epoch = 0;
  private isPaused = false;
  private disposed = false;
  private settle: { resolve(): void; reject(error: Error): void } | null = null;

  constructor(context: BaseAudioContext, source: ConnectedSource, layout: ChannelLayout, parts: MeterNodeParts, transport: 'shared' | 'messages') {
    super();
    this.context = context;
    this.node = parts.node;
    this.ring = parts.ring;
    this.spectrumRing = parts.spectrumRing;
    this.stereoRing = parts.stereoRing;
    this.layout = layout;
    this.sampleRate = context.sampleRate;
    this.transport = transport;
    this.source = source;
    this.readings = createReadings(layout.labels);
    this.readings.sampleRate = context.sampleRate;
    this.ready = new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.ready.catch(() => undefined);
    this.node.port.onmessage = (event: MessageEvent<FromProcessor>) => this.onMessage(event.data);
    this.node.onprocessorerror = () => this.reportError('processor', 'the meter processor stopped with an uncaught error');
    this.stopFrames = onFrame(() => this.onFrame());
    source.node.connect(this.node);
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** Publications the worklet had to hold back because the main thread did not drain the ring in time. */
  get deferredPublications(): number {
    return this.ring?.deferred ?? 0;
  }

  reset(): void {
    if (this.disposed) return;
    this.epoch++;
    this.post({ type: 'reset', epoch: this.epoch });
    this.merger.reset(this.epoch);
    this.spectrumMerger.reset(this.epoch);
    this.stereoMerger.reset(this.epoch);
    resetReadingsInPlace(this.readings, this.layout.labels, this.sampleRate);
    this.dispatchEvent(new Event('reset'));
  }

  configureSpectrum(options: SpectrumOptions): void {
    checkSpectrumOptions(options, this.sampleRate, this.layout.weights.length);
    if ('publishHz' in options) throw new RangeError('spectrum.publishHz is set once, in createMeter()');
    if (!this.disposed) this.post({ type: 'configure-spectrum', options: { ...options } });
  }

  configureStereo(options: StereoOptions): void {
    checkStereoOptions(options, this.sampleRate, this.layout.weights.length);
    if ('publishHz' in options) throw new RangeError('stereo.publishHz is set once, in createMeter()');
    if (!this.disposed) this.post({ type: 'configure-stereo', options: { ...options } });
  }

  clearSpectrumPeak(): void {
    if (!this.disposed) this.post({ type: 'clear-spectrum-peak' });
  }

  pause(): void {
    if (this.disposed || this.isPaused) return;
    this.isPaused = true;
    this.post({ type: 'pause' });
  }

  resume(): void {
    if (this.disposed || !this.isPaused) return;
    this.isPaused = false;
    this.post({ type: 'resume' });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopFrames();
    this.post({ type: 'dispose' });
    try {
      if (this.source.owned) this.source.node.disconnect();
      else this.source.node.disconnect(this.node);
    } catch {
      // Already disconnected by the page.
    }
    this.node.port.onmessage = null;
    this.node.onprocessorerror = null;
    this.node.port.close();
    this.settle?.reject(new MeterError('processor', 'the meter was disposed'));
    this.settle = null;
  }

  override addEventListener<K extends keyof MeterEventMap>(type: K, listener: MeterListener<K>, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: unknown, options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
  }

  override removeEventListener<K extends keyof MeterEventMap>(type: K, listener: MeterListener<K>, options?: boolean | EventListenerOptions): void;
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
  override removeEventListener(type: string, listener: unknown, options?: boolean | EventListenerOptions): void {
    super.removeEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
  }

  private post(message: ToProcessor): void {
    this.node.port.postMessage(message);
  }

  private onMessage(data: FromProcessor): void {
    if (data instanceof Float64Array) {
      this.merger.add(data, data[READINGS_LENGTH]);
      return;
    }
    if (data?.type === 'spectrum') {
      this.spectrumMerger.add(data.record, data.epoch);
    } else if (data?.type === 'stereo') {
      this.stereoMerger.add(data.record, data.epoch);
    } else if (data?.type === 'ready') {
      this.settle?.resolve();
      this.settle = null;
    } else if (data?.type === 'error') {
      this.reportError('processor', data.message);
    }
  }

  private reportError(where: MeterErrorDetail['where'], message: string): void {
    this.settle?.reject(new MeterError(where, message));
    this.settle = null;
    this.dispatchEvent(new CustomEvent<MeterErrorDetail>('error', { detail: { where, message } }));
  }

  private onFrame(): void {
    if (this.ring) this.ring.drain(this.merger);
    if (this.merger.take(this.readings)) {
      this.dispatchEvent(new CustomEvent<Readings>('readings', { detail: this.readings }));
    }
    if (this.spectrumRing) this.spectrumRing.drain(this.spectrumMerger);
    if (this.spectrumMerger.take(this.spectrum)) {
      this.dispatchEvent(new CustomEvent<SpectrumReadings>('spectrum', { detail: this.spectrum }));
    }
    if (this.stereoRing) this.stereoRing.drain(this.stereoMerger);
    if (this.stereoMerger.take(this.stereo)) {
      this.dispatchEvent(new CustomEvent<StereoReadings>('stereo', { detail: this.stereo }));
    }
  }
}

/** The Meter createMeter returns, with two extras beyond the contract. */
export interface BusMeterHandle extends Meter {
  /** Resolves once the worklet processor is running the kernel. */
  readonly ready: Promise<void>;
  /** Ring publications held back because the main thread fell behind (never a lost peak). */
  readonly deferredPublications: number;
  addEventListener<K extends keyof MeterEventMap>(type: K, listener: (this: BusMeterHandle, event: MeterEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof MeterEventMap>(type: K, listener: (this: BusMeterHandle, event: MeterEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/**
 * The spectrum and stereo settings a meter starts with: on by default (stereo only with two
 * channels or more), checked here so a bad option rejects createMeter with its name.
 */
function analysisConfig(options: MeterOptions, sampleRate: number, channelCount: number): Pick<MeterNodeConfig, 'spectrum' | 'stereo'> {
  const spectrum = options.spectrum ?? true;
  const stereo = options.stereo ?? channelCount >= 2;
  const config: Pick<MeterNodeConfig, 'spectrum' | 'stereo'> = {};
  try {
    if (typeof spectrum !== 'boolean') checkSpectrumOptions(spectrum, sampleRate, channelCount);
    if (typeof stereo !== 'boolean') checkStereoOptions(stereo, sampleRate, channelCount);
    if (spectrum !== false) {
      const o: MeterSpectrumOptions = spectrum === true ? { enabled: true } : { enabled: true, ...spectrum };
      checkSpectrumOptions(o, sampleRate, channelCount);
      config.spectrum = o;
    } else {
      config.spectrum = { enabled: false };
    }
    if (stereo !== false) {
      const o: MeterStereoOptions = stereo === true ? { enabled: true } : { enabled: true, ...stereo };
      checkStereoOptions(o, sampleRate, channelCount);
      config.stereo = o;
    } else if (channelCount >= 2) {
      config.stereo = { enabled: false };
    }
  } catch (error) {
    throw new MeterError('module', describe(error), { cause: error });
  }
  return config;
}

/**
 * Meters `source` (any AudioNode of `context`, a MediaStream, or an HTMLMediaElement — the
 * element stays audible) in `context` (AudioContext or OfflineAudioContext). Rejects with a
 * MeterError when the kernel or the worklet cannot be loaded or the processor fails to start;
 * later processor failures arrive as 'error' events.
 */
export async function createMeter(context: BaseAudioContext, source: MeterSource, options: MeterOptions = {}): Promise<BusMeterHandle> {
  const transport = resolveTransport(options.transport);
  const publishHz = options.publishHz ?? 60;
  if (!(Number.isFinite(publishHz) && publishHz > 0 && publishHz <= 1000)) {
    throw new MeterError('module', `publishHz must be a number above 0 and at most 1000, got ${publishHz}`);
  }
  const [module] = await Promise.all([loadKernelModule(), loadMeterProcessor(context)]);
  const connected = connectSource(context, source);
  let layout: ChannelLayout;
  try {
    layout = resolveLayout(options.layout ?? (connected.channelCount as LayoutSpec));
  } catch (error) {
    throw new MeterError('input', `layout: ${describe(error)}`, { cause: error });
  }
  const analysis = analysisConfig(options, context.sampleRate, layout.weights.length);
  const parts = createMeterNode(context, module, { layout, transport, publishHz, ...analysis });
  const meter = new BusMeter(context, connected, layout, parts, transport);
  try {
    await meter.ready;
  } catch (error) {
    meter.dispose();
    throw error;
  }
  return meter;
}
