// The contract between the live meter (worklet + main-thread reader, src/meter.ts) and the
// components that draw it. Components depend on this file only, never on the worklet.

import type { ChannelLayout, LayoutSpec } from './layouts.js';
import type { Readings } from './readings.js';

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
  /** Forget everything measured (integrated loudness, maxima, clip counts). */
  reset(): void;
  /** Stop measuring (samples arriving while paused are not measured); resume() continues. */
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  /** Disconnects and frees the worklet node. */
  dispose(): void;
}
