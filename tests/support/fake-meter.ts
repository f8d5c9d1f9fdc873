// A fake Meter for the component tests: an EventTarget whose readings the test sets, exactly as
// the contract in src/live/meter-types.ts describes (readings updated in place, one 'readings'
// event per frame, 'reset' and 'error' events). Runs in the page (tests/pages/components-page.ts).

import type { MeterErrorDetail } from '../../src/live/meter-types.js';
import type { Meter } from '../../src/live/meter-types.js';
import type { ChannelLayout } from '../../src/engine/layouts.js';
import { createReadings, type ChannelReadings, type Readings } from '../../src/engine/readings.js';
import {
  createSpectrumReadings, createStereoReadings, type SpectrumReadings, type StereoReadings,
} from '../../src/engine/analysis-readings.js';
import type { SpectrumOptions, StereoOptions } from '../../src/contract/options.js';

/** Level in dB at a frequency in Hz. */
export type Curve = (hz: number) => number;

export class FakeMeter extends EventTarget implements Omit<Meter, 'context' | 'node'> {
  readonly layout: ChannelLayout;
  readonly sampleRate: number;
  readonly transport: 'shared' | 'messages';
  paused: boolean;
  /** reset() calls so far. */
  resets: number;
  readonly readings: Readings;
  readonly spectrum: SpectrumReadings;
  readonly stereo: StereoReadings;
  /** Every options object given to configureSpectrum / configureStereo, in order. */
  readonly configured: (SpectrumOptions | StereoOptions)[];

  constructor(labels: readonly string[] = ['L', 'R']) {
    super();
    this.layout = { name: 'custom', labels: [...labels], weights: labels.map(() => 1) };
    this.sampleRate = 48000;
    this.transport = 'messages';
    this.paused = false;
    this.resets = 0;
    this.readings = createReadings(labels);
    this.readings.sampleRate = 48000;
    this.spectrum = createSpectrumReadings();
    this.stereo = createStereoReadings();
    this.configured = [];
  }

  configureSpectrum(options: SpectrumOptions): void { this.configured.push(options); }
  configureStereo(options: StereoOptions): void { this.configured.push(options); }
  clearSpectrumPeak(): void {}

  /** A spectrum of points log-spaced points, 20 Hz … 20 kHz: level(hz) and peak(hz) in dB; one spectrum event. */
  pushSpectrum(level: Curve, peak: Curve = level, points = 512): void {
    const s = this.spectrum;
    Object.assign(s, { enabled: true, frames: s.frames + 1, framesSinceRead: 1, fftSize: 8192, sampleRate: 48000, pointCount: points });
    for (let i = 0; i < points; i++) {
      const hz = 20 * 1000 ** (i / (points - 1));
      s.frequencyHz[i] = hz;
      s.levelDb[i] = level(hz);
      s.peakDb[i] = peak(hz);
    }
    this.dispatchEvent(new CustomEvent('spectrum', { detail: s }));
  }

  /** Sets stereo fields and goniometer points ([x, y] pairs); one 'stereo' event. */
  pushStereo(patch: Partial<StereoReadings> = {}, points: readonly (readonly [number, number])[] = []): void {
    const s = this.stereo;
    Object.assign(s, { enabled: true }, patch);
    s.goniometerPoints = points.length;
    points.forEach(([x, y], i) => { s.goniometer[2 * i] = x; s.goniometer[2 * i + 1] = y; });
    this.dispatchEvent(new CustomEvent('stereo', { detail: s }));
  }

  /** Sets header fields and per-channel fields (in place). */
  set(patch: Partial<Readings> = {}, channels: readonly (Partial<ChannelReadings> | null | undefined)[] = []): void {
    Object.assign(this.readings, patch);
    channels.forEach((c, i) => c && Object.assign(this.readings.channels[i], c));
  }

  /** Sets, advances the audio clock by `frames` and sends one 'readings' event. */
  push(patch: Partial<Readings> = {}, channels: readonly (Partial<ChannelReadings> | null | undefined)[] = [], frames = 800): void {
    this.set(patch, channels);
    this.readings.frames += frames;
    this.dispatchEvent(new CustomEvent('readings', { detail: this.readings }));
  }

  reset(): void {
    const fresh = createReadings(this.layout.labels);
    const channels = this.readings.channels;
    Object.assign(this.readings, fresh, { channels, sampleRate: this.sampleRate });
    channels.forEach((c, i) => Object.assign(c, fresh.channels[i]));
    this.resets++;
    this.dispatchEvent(new Event('reset'));
  }

  fail(where: MeterErrorDetail['where'], message: string): void {
    this.dispatchEvent(new CustomEvent('error', { detail: { where, message } }));
  }

  pause(): void { this.paused = true; }
  resume(): void { this.paused = false; }
  dispose(): void {}
}
