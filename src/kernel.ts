// MeterKernel: one configured instance of the WebAssembly kernel, with typed-array views made
// once (the kernel's memory never grows, so they never go stale). Used by the Node API, the CLI,
// the tests and the worklet alike: the same numbers everywhere.

import { kernelErrorMessage, type KernelExports } from './kernel-abi.js';
import { resolveLayout, type ChannelLayout, type LayoutSpec } from './layouts.js';
import { MAX_FRAMES_PER_CALL, READINGS_LENGTH } from './readings-layout.js';

export class MeterKernel {
  readonly sampleRate: number;
  readonly layout: ChannelLayout;
  readonly channelCount: number;
  /** The readings record, refilled in place by read(). */
  readonly readings: Float64Array;
  private readonly exports: KernelExports;
  private readonly inputs: Float32Array[];

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

  private fail(code: number, what: string): never {
    throw new RangeError(`${what}: ${kernelErrorMessage(code)}`);
  }
}
