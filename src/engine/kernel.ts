// MeterKernel: one configured instance of the WebAssembly kernel, with typed-array views made
// once (the kernel's memory never grows, so they never go stale). Used by the Node API, the CLI,
// the tests and the worklet alike: the same numbers everywhere.

import { SPECTRUM_SOURCES, SPECTRUM_WINDOWS, type SpectrumOptions, type StereoOptions } from '../contract/options.js';
import { kernelErrorMessage, type KernelExports } from '../contract/kernel-abi.js';
import { resolveLayout, type ChannelLayout, type LayoutSpec } from './layouts.js';
import {
  GONIOMETER_CAPACITY, MAX_FRAMES_PER_CALL, READINGS_LENGTH, SPECTRUM_LENGTH, SPECTRUM_MAX_FFT, STEREO_LENGTH,
} from '../contract/readings-layout.js';

/** Spectrum settings the kernel takes together (configureSpectrum / setSpectrumDisplay). */
interface SpectrumShape {
  fftSize: number;
  overlapPercent: number;
  window: number;
  points: number;
  lowHz: number;
  highHz: number;
}

export class MeterKernel {
  readonly sampleRate: number;
  readonly layout: ChannelLayout;
  readonly channelCount: number;
  /** The readings record, refilled in place by read(). */
  readonly readings: Float64Array;
  /** The spectrum record (src/contract/readings-layout.ts, SP_*), refilled in place by readSpectrum(). */
  readonly spectrumRecord: Float64Array;
  /** The stereo-field record (ST_*), refilled in place by readStereo(). */
  readonly stereoRecord: Float64Array;
  /** Goniometer points of the last readStereo() (x, y pairs; ST_GONIOMETER_POINTS of them). */
  readonly goniometerPoints: Float32Array;
  private readonly exports: KernelExports;
  private readonly inputs: Float32Array[];
  private readonly averageBins: Float32Array;
  private readonly peakBins: Float32Array;
  private readonly shape: SpectrumShape;

  constructor(instance: WebAssembly.Instance, sampleRate: number, layoutSpec: LayoutSpec) {
    this.exports = instance.exports as unknown as KernelExports;
    this.layout = resolveLayout(layoutSpec);
    this.channelCount = this.layout.weights.length;
    if (!Number.isFinite(sampleRate)) throw new RangeError(`sample rate must be a number, got ${sampleRate}`);
    this.sampleRate = sampleRate;
    const initCode = this.exports.init(sampleRate, this.channelCount);
    if (initCode !== 0) this.fail(initCode, `sample rate ${sampleRate} Hz`);
    this.layout.weights.forEach((weight, channel) => {
      const code = this.exports.setChannelWeight(channel, weight);
      if (code !== 0) this.fail(code, `weight ${weight}`);
    });
    if (this.exports.readingsLength() !== READINGS_LENGTH) {
      throw new Error(`kernel readings record has ${this.exports.readingsLength()} slots, layout expects ${READINGS_LENGTH}: rebuild the kernel`);
    }
    const buffer = this.exports.memory.buffer;
    this.inputs = Array.from({ length: this.channelCount }, (_, c) => new Float32Array(buffer, this.exports.inputPointer(c), MAX_FRAMES_PER_CALL));
    this.readings = new Float64Array(buffer, this.exports.readingsPointer(), READINGS_LENGTH);
    if (this.exports.spectrumLength() !== SPECTRUM_LENGTH || this.exports.stereoLength() !== STEREO_LENGTH) {
      throw new Error('kernel analysis records do not match src/contract/readings-layout.ts: rebuild the kernel');
    }
    this.spectrumRecord = new Float64Array(buffer, this.exports.spectrumPointer(), SPECTRUM_LENGTH);
    this.stereoRecord = new Float64Array(buffer, this.exports.stereoPointer(), STEREO_LENGTH);
    this.goniometerPoints = new Float32Array(buffer, this.exports.goniometerPointer(), 2 * GONIOMETER_CAPACITY);
    this.averageBins = new Float32Array(buffer, this.exports.spectrumBinsPointer(), SPECTRUM_MAX_FFT / 2 + 1);
    this.peakBins = new Float32Array(buffer, this.exports.spectrumPeakBinsPointer(), SPECTRUM_MAX_FFT / 2 + 1);
    this.shape = { fftSize: 8192, overlapPercent: 50, window: 0, points: 512, lowHz: 20, highHz: Math.min(20000, sampleRate / 2) };
  }

  /**
   * Changes the spectrum settings given (see SpectrumOptions); the others stay. A new FFT size,
   * overlap, window or source restarts the averages. Not for the per-quantum path: a new FFT
   * size computes tables.
   */
  configureSpectrum(options: SpectrumOptions): void {
    const e = this.exports;
    const shape = this.shape;
    if (options.fftSize !== undefined || options.overlapPercent !== undefined || options.window !== undefined) {
      const window = options.window === undefined ? shape.window : SPECTRUM_WINDOWS.indexOf(options.window);
      if (window < 0) throw new RangeError(`spectrum window must be ${SPECTRUM_WINDOWS.join(' or ')}, got ${String(options.window)}`);
      const fftSize = options.fftSize ?? shape.fftSize;
      const overlapPercent = options.overlapPercent ?? shape.overlapPercent;
      this.check(e.configureSpectrum(fftSize, overlapPercent, window), `FFT size ${fftSize}, overlap ${overlapPercent} %`);
      Object.assign(shape, { fftSize, overlapPercent, window });
    }
    if (options.source !== undefined) {
      const source = SPECTRUM_SOURCES.indexOf(options.source);
      if (source < 0) throw new RangeError(`spectrum source must be ${SPECTRUM_SOURCES.join(', ')}, got ${String(options.source)}`);
      this.check(e.setSpectrumSource(source), `spectrum source ${options.source}`);
    }
    if (options.averagingMs !== undefined) this.check(e.setSpectrumAveraging(options.averagingMs), `averaging ${options.averagingMs} ms`);
    if (options.peakDecayDbPerSecond !== undefined) {
      this.check(e.setSpectrumPeakDecay(options.peakDecayDbPerSecond), `peak decay ${options.peakDecayDbPerSecond} dB/s`);
    }
    if (options.smoothingOctaveFraction !== undefined) {
      this.check(e.setSpectrumSmoothing(integer(options.smoothingOctaveFraction)), `smoothing 1/${options.smoothingOctaveFraction} octave`);
    }
    if (options.slopeDbPerOctave !== undefined) this.check(e.setSpectrumSlope(options.slopeDbPerOctave), `slope ${options.slopeDbPerOctave} dB/octave`);
    if (options.points !== undefined || options.lowHz !== undefined || options.highHz !== undefined) {
      const points = options.points ?? shape.points;
      const lowHz = options.lowHz ?? shape.lowHz;
      const highHz = options.highHz ?? Math.min(shape.highHz, this.sampleRate / 2);
      this.check(e.setSpectrumDisplay(integer(points), lowHz, highHz), `${points} display points from ${lowHz} to ${highHz} Hz`);
      Object.assign(shape, { points, lowHz, highHz });
    }
    if (options.bandOctaveFraction !== undefined) {
      this.check(e.setSpectrumBands(integer(options.bandOctaveFraction)), `1/${options.bandOctaveFraction}-octave bands`);
    }
    if (options.enabled !== undefined) this.check(e.enableSpectrum(options.enabled ? 1 : 0), 'spectrum');
  }

  /** Changes the stereo-field settings given (see StereoOptions). */
  configureStereo(options: StereoOptions): void {
    const e = this.exports;
    if (options.timeConstantMs !== undefined) this.check(e.setStereoTimeConstant(options.timeConstantMs), `time constant ${options.timeConstantMs} ms`);
    if (options.goniometerRateHz !== undefined) this.check(e.setGoniometerRate(options.goniometerRateHz), `goniometer rate ${options.goniometerRateHz} Hz`);
    if (options.bandCorrelation !== undefined) this.check(e.setBandCorrelation(options.bandCorrelation ? 1 : 0), 'band correlation');
    if (options.enabled !== undefined) this.check(e.enableStereo(options.enabled ? 1 : 0), `stereo field of a ${this.channelCount}-channel layout`);
  }

  /** Refills `spectrumRecord` (display points and bands are computed here: call at display rate). */
  readSpectrum(): Float64Array {
    this.exports.readSpectrum();
    return this.spectrumRecord;
  }

  /** Refills `stereoRecord` and `goniometerPoints`; "since read" values start over. */
  readStereo(): Float64Array {
    this.exports.readStereo();
    return this.stereoRecord;
  }

  /**
   * Averaged (or, with `peak`, peak-held) power per FFT bin, linear, 1.0 = a full-scale sine:
   * bins 0 … fftSize/2 of the current FFT size (a view of kernel memory, updated in place).
   */
  spectrumBins(peak = false): Float32Array {
    return (peak ? this.peakBins : this.averageBins).subarray(0, this.shape.fftSize / 2 + 1);
  }

  /** Forgets the spectrum's peak hold (bins and bands). */
  clearSpectrumPeak(): void {
    this.exports.clearSpectrumPeak();
  }

  /** The kernel's own input buffers, for hosts that write samples in place (the worklet). */
  inputBuffer(channel: number): Float32Array {
    return this.inputs[channel];
  }

  /** Measures frames already written into the input buffers (at most MAX_FRAMES_PER_CALL). */
  processInPlace(frames: number): void {
    // Real-time path: the message is built only when there is an error.
    const code = this.exports.process(frames);
    if (code !== 0) this.fail(code, `${frames} frames`);
  }

  /**
   * Keeps the filters following frames already in the input buffers without measuring them
   * (a paused meter), so that resuming meters no jump across the pause.
   */
  followInPlace(frames: number): void {
    const code = this.exports.follow(frames);
    if (code !== 0) this.fail(code, `${frames} frames`);
  }

  /**
   * Measures planar audio of any length: one array per channel, all the same length (missing
   * channels are silence). Splits into kernel-sized calls; the results do not depend on how the
   * audio was split.
   */
  push(channels: readonly ArrayLike<number>[], offset = 0, length = channels[0]?.length ?? 0): void {
    for (let start = offset; start < offset + length; start += MAX_FRAMES_PER_CALL) {
      const frames = Math.min(MAX_FRAMES_PER_CALL, offset + length - start);
      for (let c = 0; c < this.channelCount; c++) {
        const source = channels[c];
        const target = this.inputs[c];
        if (!source) target.fill(0, 0, frames);
        else if (source instanceof Float32Array) {
          // A live quantum is usually the whole array: copy it without making a view.
          target.set(start === 0 && frames === source.length ? source : source.subarray(start, start + frames));
        }
        else for (let i = 0; i < frames; i++) target[i] = source[start + i];
      }
      const code = this.exports.process(frames);
      if (code !== 0) this.fail(code, `${frames} frames`);
    }
  }

  /** Refills `readings` (and starts the next "since read" interval). */
  read(): Float64Array {
    this.exports.read();
    return this.readings;
  }

  /**
   * Forgets everything measured. The filters keep the signal's recent past (the signal of a live
   * meter goes on); to measure an unrelated signal, make a new kernel.
   */
  reset(): void {
    this.exports.reset();
  }

  private check(code: number, what: string): void {
    if (code !== 0) this.fail(code, what);
  }

  private fail(code: number, what: string): never {
    throw new RangeError(`${what}: ${kernelErrorMessage(code)}`);
  }
}

/** Integer options must be integers: 1.5 would be truncated silently by the kernel. */
function integer(value: number): number {
  if (!Number.isInteger(value)) throw new RangeError(`expected a whole number, got ${value}`);
  return value;
}
