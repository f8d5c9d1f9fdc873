// The live meter on the main thread: loads the kernel and the worklet (assets.ts), builds the
// AudioWorkletNode (meter-node.ts), connects the source (sources.ts), and turns the worklet's
// records into one merged Readings per animation frame (see src/live/meter-types.ts for the contract).
//
//   const meter = await createMeter(audioContext, mediaStream, { layout: 'stereo' });
//   meter.addEventListener('readings', (e) => draw(e.detail));
//   meter.addEventListener('error', (e) => show(e.detail.message));

import { checkSpectrumOptions, checkStereoOptions, type MeterSpectrumOptions, type MeterStereoOptions } from '../engine/analysis-options.js';
import type { SpectrumOptions, StereoOptions } from '../contract/options.js';
import { createSpectrumReadings, createStereoReadings, type SpectrumReadings, type StereoReadings } from '../engine/analysis-readings.js';
import { onFrame } from './frame-loop.js';
import { resolveLayout, type ChannelLayout, type LayoutSpec } from '../engine/layouts.js';
import type { Meter, MeterErrorDetail, MeterEventMap, MeterOptions, MeterSource } from './meter-types.js';
import { READINGS_LENGTH } from '../contract/readings-layout.js';
import { createReadings, type Readings } from '../engine/readings.js';
import { SpectrumMerger, StereoMerger } from '../transport/analysis-merge.js';
import { ReadingsMerger } from '../transport/merge.js';
import type { FromProcessor, ToProcessor } from '../contract/protocol.js';
import type { RingReader } from '../transport/ring.js';
import { checkAssets, loadKernelModule, loadMeterProcessor, setPaintWorkerUrl } from './assets.js';
import { describe, MeterError } from './errors.js';
import { createMeterNode, resolveTransport, type MeterNodeConfig, type MeterNodeParts } from './meter-node.js';
import { connectSource, type ConnectedSource } from './sources.js';

export type { Meter, MeterAssets, MeterErrorDetail, MeterEventMap, MeterOptions, MeterSource } from './meter-types.js';
// The meter's parts, as importers of this file have always found them.
export { MeterError } from './errors.js';
export { loadKernelModule, loadMeterProcessor } from './assets.js';
export { createMeterNode, sharedTransportAvailable, type MeterNodeConfig, type MeterNodeParts } from './meter-node.js';

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
  if (typeof AudioWorkletNode === 'undefined') {
    throw new MeterError('module', 'createMeter needs a browser with Web Audio worklets (AudioWorkletNode is not defined here); in Node, use busmeter/node');
  }
  const transport = resolveTransport(options.transport);
  const publishHz = options.publishHz ?? 60;
  if (!(Number.isFinite(publishHz) && publishHz > 0 && publishHz <= 1000)) {
    throw new MeterError('module', `publishHz must be a number above 0 and at most 1000, got ${publishHz}`);
  }
  const assets = checkAssets(options.assets);
  if (assets.paintWorker !== undefined) setPaintWorkerUrl(assets.paintWorker);
  const [module] = await Promise.all([loadKernelModule(assets.kernel), loadMeterProcessor(context, assets.worklet)]);
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
