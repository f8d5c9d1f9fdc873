// The contract between the live meter (worklet + main-thread reader, src/live/meter.ts) and the
// components that draw it. Components depend on this file only, never on the worklet.

import type { MeterSpectrumOptions, MeterStereoOptions } from '../engine/analysis-options.js';
import type { SpectrumOptions, StereoOptions } from '../contract/options.js';
import type { SpectrumReadings, StereoReadings } from '../engine/analysis-readings.js';
import type { ChannelLayout, LayoutSpec } from '../engine/layouts.js';
import type { Readings } from '../engine/readings.js';

export type MeterSource = AudioNode | MediaStream | HTMLMediaElement;

export interface MeterOptions {
  /** Channel layout of the source; default: the source's channel count (1 → mono, 2 → stereo …). */
  layout?: LayoutSpec;
  /**
   * How readings reach the main thread: 'shared' = SharedArrayBuffer ring (needs
   * crossOriginIsolated), 'messages' = at most ~60 posts a second, 'auto' (default) = shared
   * when available.
   */
  transport?: 'auto' | 'shared' | 'messages';
  /** Readings published per second by the worklet (default 60). */
  publishHz?: number;
  /**
   * The spectrum (kernel FFT of every sample): true (default) = on with the kernel's defaults,
   * false = off (it can still be switched on with configureSpectrum({ enabled: true })), or
   * options (FFT size, overlap, window, source, averaging, peak decay, smoothing, slope, display
   * points and range, band fraction, publishHz). Bad options reject createMeter with a MeterError
   * naming the option.
   */
  spectrum?: boolean | MeterSpectrumOptions;
  /**
   * The stereo field of channels 0 and 1 (correlation, balance, mid/side, mono loss, goniometer):
   * default on when the layout has two channels or more; false = off; or options (time constant,
   * goniometer rate, band correlation, publishHz).
   */
  stereo?: boolean | MeterStereoOptions;
  /**
   * Where the meter's prebuilt files are, for CDNs and unusual hosting; each defaults to the file
   * beside the package's module. A file that cannot be loaded rejects with a MeterError naming its URL.
   */
  assets?: MeterAssets;
}

/** The URLs of the meter's prebuilt files (relative ones against the page). */
export interface MeterAssets {
  /** The kernel's WebAssembly (busmeter.wasm). */
  kernel?: string | URL;
  /** The AudioWorklet processor (meter-processor.js). */
  worklet?: string | URL;
  /**
   * The paint worker (paint-worker.js; the same origin as the page, as every worker). It starts
   * when the first meter component renders: where components render before createMeter is called,
   * give it with configurePainting({ workerUrl }) before they do. A worker that fails to start
   * makes the meters draw on the main thread, with a console warning naming the URL.
   */
  paintWorker?: string | URL;
}

export interface MeterErrorDetail {
  /** Where it happened: 'module' (WASM compile), 'processor' (worklet), 'input' (device/stream). */
  where: 'module' | 'processor' | 'input';
  message: string;
}

/** Events a Meter dispatches (it is an EventTarget). */
export interface MeterEventMap {
  /** Once per animation frame in which new readings arrived; detail = the merged Readings. */
  readings: CustomEvent<Readings>;
  error: CustomEvent<MeterErrorDetail>;
  /** The meter was reset (by reset() or the user). */
  reset: Event;
  /** Once per animation frame in which a new spectrum arrived (~publishHz); detail = meter.spectrum. */
  spectrum: CustomEvent<SpectrumReadings>;
  /** Once per animation frame in which stereo records arrived; detail = meter.stereo (goniometer points since the previous event). */
  stereo: CustomEvent<StereoReadings>;
}

export interface Meter extends EventTarget {
  readonly context: BaseAudioContext;
  readonly node: AudioWorkletNode;
  readonly layout: ChannelLayout;
  readonly sampleRate: number;
  readonly transport: 'shared' | 'messages';
  /**
   * Latest readings, merged over every record published since the previous animation frame:
   * "since read" peaks are the maximum over those records, so no peak between two frames is lost.
   * The same object is updated in place.
   */
  readonly readings: Readings;
  /** The latest spectrum (enabled: false while off), updated in place before each 'spectrum' event. */
  readonly spectrum: SpectrumReadings;
  /**
   * The latest stereo field, updated in place before each 'stereo' event; `goniometer` holds the
   * points of every record since the previous event (goniometerPoints of them).
   */
  readonly stereo: StereoReadings;
  /** Changes spectrum settings (only those given); throws a RangeError naming a bad option. */
  configureSpectrum(options: SpectrumOptions): void;
  /** Changes stereo-field settings (only those given); throws a RangeError naming a bad option. */
  configureStereo(options: StereoOptions): void;
  /** Forgets the spectrum's peak hold. */
  clearSpectrumPeak(): void;
  /** Forget everything measured (integrated loudness, maxima, clip counts). */
  reset(): void;
  /** Stop measuring (samples arriving while paused are not measured); resume() continues. */
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  /** Disconnects and frees the worklet node. */
  dispose(): void;
}
