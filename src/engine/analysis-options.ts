// Checks spectrum and stereo-field options on the main thread, before they reach the worklet,
// so that a bad option rejects createMeter() (or throws from configureSpectrum()) with a message
// that names the option, instead of surfacing later as a kernel result code in an 'error' event.
// The ranges are the kernel's (assembly/index.ts, assembly/spectrum.ts): keep them in step.

import { SPECTRUM_SOURCES, SPECTRUM_WINDOWS, type SpectrumOptions, type StereoOptions } from '../contract/options.js';
import { SPECTRUM_MAX_FFT, SPECTRUM_MAX_POINTS, SPECTRUM_MIN_FFT } from '../contract/readings-layout.js';

/** Spectrum options of a live meter: the kernel's, plus how often the worklet publishes. */
export interface MeterSpectrumOptions extends SpectrumOptions {
  /** Spectrum records per second (default 25; new FFT frames come every hop anyway). */
  publishHz?: number;
}

/** Stereo-field options of a live meter, plus how often the worklet publishes. */
export interface MeterStereoOptions extends StereoOptions {
  /** Stereo records (with the goniometer points since the previous one) per second (default 60). */
  publishHz?: number;
}

export const DEFAULT_SPECTRUM_PUBLISH_HZ = 25;
export const DEFAULT_STEREO_PUBLISH_HZ = 60;
/** The kernel's default goniometer rate (src/engine/analysis-readings.ts). */
export const DEFAULT_GONIOMETER_RATE_HZ = 6000;

const SPECTRUM_KEYS = new Set<string>([
  'enabled', 'fftSize', 'overlapPercent', 'window', 'source', 'averagingMs', 'peakDecayDbPerSecond',
  'smoothingOctaveFraction', 'slopeDbPerOctave', 'points', 'lowHz', 'highHz', 'bandOctaveFraction', 'publishHz',
]);
const STEREO_KEYS = new Set<string>(['enabled', 'timeConstantMs', 'goniometerRateHz', 'bandCorrelation', 'publishHz']);

function fail(name: string, rule: string, value: unknown): never {
  throw new RangeError(`${name} must be ${rule}, got ${typeof value === 'string' ? `'${value}'` : String(value)}`);
}

function numberIn(name: string, value: unknown, min: number, max: number, rule: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !(value >= min && value <= max)) fail(name, rule, value);
}

function integerIn(name: string, value: unknown, min: number, max: number, rule: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) fail(name, rule, value);
}

function booleanOrUndefined(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') fail(name, 'true or false', value);
}

function unknownKeys(prefix: string, options: object, known: Set<string>): void {
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new RangeError(`${prefix}: unknown option '${key}' (known: ${[...known].join(', ')})`);
  }
}

/**
 * Throws a RangeError naming the first bad option ("spectrum.fftSize must be a power of two from
 * 1024 to 32768, got 1000"). `sampleRate` bounds highHz; `channelCount` < 2 allows only 'mid'.
 */
export function checkSpectrumOptions(options: unknown, sampleRate: number, channelCount: number): asserts options is MeterSpectrumOptions {
  if (typeof options !== 'object' || options === null) fail('spectrum options', 'an object', options);
  unknownKeys('spectrum', options, SPECTRUM_KEYS);
  const o = options as Record<string, unknown>;
  booleanOrUndefined('spectrum.enabled', o.enabled);
  if (o.fftSize !== undefined) {
    const n = o.fftSize;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < SPECTRUM_MIN_FFT || n > SPECTRUM_MAX_FFT || (n & (n - 1)) !== 0) {
      fail('spectrum.fftSize', `a power of two from ${SPECTRUM_MIN_FFT} to ${SPECTRUM_MAX_FFT}`, n);
    }
  }
  numberIn('spectrum.overlapPercent', o.overlapPercent, 50, 95, 'from 50 to 95');
  if (o.window !== undefined && !SPECTRUM_WINDOWS.includes(o.window as never)) {
    fail('spectrum.window', SPECTRUM_WINDOWS.map((w) => `'${w}'`).join(' or '), o.window);
  }
  if (o.source !== undefined) {
    if (!SPECTRUM_SOURCES.includes(o.source as never)) fail('spectrum.source', SPECTRUM_SOURCES.map((s) => `'${s}'`).join(', '), o.source);
    if (o.source !== 'mid' && channelCount < 2) fail('spectrum.source', `'mid' for a ${channelCount}-channel layout`, o.source);
  }
  // Infinity is allowed: the mean since reset.
  numberIn('spectrum.averagingMs', o.averagingMs, 0, Infinity, '0 or more (Infinity: the mean since reset)');
  numberIn('spectrum.peakDecayDbPerSecond', o.peakDecayDbPerSecond, 0, 1000, 'from 0 (hold) to 1000');
  integerIn('spectrum.smoothingOctaveFraction', o.smoothingOctaveFraction, 0, 48, 'a whole number from 0 (none) to 48');
  numberIn('spectrum.slopeDbPerOctave', o.slopeDbPerOctave, -12, 12, 'from -12 to 12');
  integerIn('spectrum.points', o.points, 2, SPECTRUM_MAX_POINTS, `a whole number from 2 to ${SPECTRUM_MAX_POINTS}`);
  const nyquist = sampleRate / 2;
  numberIn('spectrum.lowHz', o.lowHz, 1, nyquist, `from 1 to ${nyquist} Hz`);
  numberIn('spectrum.highHz', o.highHz, 1, nyquist, `from 1 to ${nyquist} Hz (half the sample rate)`);
  const low = (o.lowHz as number | undefined) ?? 20;
  const high = (o.highHz as number | undefined) ?? Math.min(20000, nyquist);
  if (!(low < high)) throw new RangeError(`spectrum.lowHz (${low}) must be below spectrum.highHz (${high})`);
  integerIn('spectrum.bandOctaveFraction', o.bandOctaveFraction, 1, 24, 'a whole number from 1 to 24');
  numberIn('spectrum.publishHz', o.publishHz, 0.1, 120, 'from 0.1 to 120');
}

/** Throws a RangeError naming the first bad option; the stereo field needs two channels. */
export function checkStereoOptions(options: unknown, sampleRate: number, channelCount: number): asserts options is MeterStereoOptions {
  if (typeof options !== 'object' || options === null) fail('stereo options', 'an object', options);
  unknownKeys('stereo', options, STEREO_KEYS);
  const o = options as Record<string, unknown>;
  booleanOrUndefined('stereo.enabled', o.enabled);
  if (o.enabled === true && channelCount < 2) {
    throw new RangeError(`stereo needs at least two channels (L and R); this layout has ${channelCount}`);
  }
  numberIn('stereo.timeConstantMs', o.timeConstantMs, 0, 60000, 'from 0 to 60000');
  numberIn('stereo.goniometerRateHz', o.goniometerRateHz, 1, sampleRate, `from 1 to ${sampleRate} (the sample rate)`);
  booleanOrUndefined('stereo.bandCorrelation', o.bandCorrelation);
  numberIn('stereo.publishHz', o.publishHz, 0.1, 120, 'from 0.1 to 120');
}

/** The kernel options alone (publishHz stays on the main thread). */
export function kernelSpectrumOptions(options: MeterSpectrumOptions): SpectrumOptions {
  const { publishHz: _publishHz, ...rest } = options;
  return rest;
}

export function kernelStereoOptions(options: MeterStereoOptions): StereoOptions {
  const { publishHz: _publishHz, ...rest } = options;
  return rest;
}

/**
 * Goniometer points one stereo record can carry: three publish intervals' worth at the actual
 * rate (the sample rate over a whole decimation factor), so jitter loses none; at least 64.
 * Points beyond it (a stalled main thread) are dropped and counted: they are stale for display.
 */
export function goniometerPointsPerRecord(sampleRate: number, goniometerRateHz: number, publishHz: number): number {
  const actualRate = sampleRate / Math.max(1, Math.round(sampleRate / goniometerRateHz));
  return Math.min(8192, Math.max(64, Math.ceil((3 * actualRate) / publishHz)));
}
