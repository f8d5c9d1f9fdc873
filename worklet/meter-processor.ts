// The AudioWorklet processor: measures every sample with the WebAssembly kernel and publishes a
// readings record at display rate, through a SharedArrayBuffer ring or port messages.
//
// Real-time rules for everything reachable from process(): no allocation (no closures, arrays,
// objects, strings), no logging, no waiting. Allocation happens in the constructor; the error
// path (once) and the message handler run outside the per-quantum path.
//
// What each transport costs on the audio thread:
// - Shared memory (the page is cross-origin isolated): nothing; records are written into
//   preallocated ring slots (src/transport/ring.ts).
// - Messages (no SharedArrayBuffer): the JavaScript objects posted are made once and reused, but
//   every postMessage() serialises its record (a structured clone), which allocates a copy of the
//   record's bytes in the browser's heap on this thread: per readings record
//   (READINGS_LENGTH + 1) × 8 = 4,200 bytes at publishHz (60 a second by default: 252 kB/s); per
//   stereo record (48 + 2 × maxPoints) × 8 bytes at the stereo rate (300 points at 48 kHz and
//   60 Hz: 5,184 bytes, 311 kB/s); per spectrum record (24 + 3 × points + 3 × bands) × 8 bytes at
//   the spectrum rate (25 a second, only when a new FFT frame is in it); each also carries a few
//   dozen bytes of serialisation tags and the browser's message task. The main thread then
//   allocates the received copies. That is the price of a page without cross-origin isolation.
//
// Choices:
// - A quantum with 0 input channels (nothing connected, a source that has not started or has
//   ended, the first quanta of a capture) is NOT measured: silence that never arrived must not
//   drag momentary loudness down or count as programme time. Time still runs: the publish clock
//   advances by one render quantum, so the display keeps receiving records (FRAMES_SINCE_READ 0
//   tells it no audio came), and offline analysis still reaches its end frame.
// - Fewer channels than the layout: the missing channels are measured as silence.
// - Paused: nothing is measured and nothing is published, but the kernel's filters follow the
//   audio (kernel follow()), so resuming does not meter the jump across the pause.
// - The first exception (constructor or process) is reported once through the port as
//   { type: 'error', where: 'processor', message }; the processor then keeps returning true
//   without measuring, so the graph keeps running and the page decides what to do.
// - Levels, spectrum and stereo records go out at their own rates, each through its publisher
//   (worklet/publishers.ts), also while no input is connected (time runs), never while paused. A bad setting sent later
//   (configure-spectrum) is reported as an error message but does not stop the meter.

import { MeterKernel } from '../src/engine/kernel.js';
import { PROCESSOR_NAME, type ProcessorOptions, type ToProcessor } from '../src/contract/protocol.js';
import { LevelsPublisher, SpectrumPublisher, StereoPublisher } from './publishers.js';

/** Frames in a render quantum when the input tells us nothing (0 channels). */
const RENDER_QUANTUM = 128;

class MeterProcessor extends AudioWorkletProcessor implements AudioWorkletProcessorImpl {
  private kernel: MeterKernel | null = null;
  private channelCount = 0;
  private levels: LevelsPublisher | null = null;
  private spectrum: SpectrumPublisher | null = null;
  private stereo: StereoPublisher | null = null;
  private endFrame = -1;
  /** Frames of time elapsed since start (measured or not), for offline's end frame. */
  private elapsedFrames = 0;
  private ended = false;
  private epoch = 0;
  private paused = false;
  private failed = false;
  private disposed = false;

  constructor(options: { processorOptions?: ProcessorOptions }) {
    super();
    this.port.onmessage = (event: MessageEvent<ToProcessor>) => this.onMessage(event.data);
    try {
      const o = options.processorOptions;
      if (!o || !(o.module instanceof WebAssembly.Module)) {
        throw new TypeError('processorOptions.module must be a compiled WebAssembly.Module');
      }
      const instance = new WebAssembly.Instance(o.module, {});
      this.kernel = new MeterKernel(instance, o.sampleRate ?? sampleRate, { weights: o.weights, labels: o.labels });
      this.channelCount = this.kernel.channelCount;
      if (o.transport === 'shared' && !o.sharedBuffer) throw new TypeError("transport 'shared' needs processorOptions.sharedBuffer");
      this.levels = new LevelsPublisher(this.kernel, this.port, o.transport === 'shared' ? o.sharedBuffer : undefined, o.publishHz);
      this.endFrame = typeof o.endFrame === 'number' && o.endFrame >= 0 ? o.endFrame : -1;
      if (o.spectrum) {
        this.kernel.configureSpectrum(o.spectrum.options);
        this.spectrum = new SpectrumPublisher(this.kernel, this.port, o.spectrum.sharedBuffer, o.spectrum.publishHz);
      }
      if (o.stereo) {
        this.kernel.configureStereo(o.stereo.options);
        this.stereo = new StereoPublisher(this.kernel, this.port, o.stereo.sharedBuffer, o.stereo.publishHz, o.stereo.maxPoints);
      }
      this.port.postMessage({ type: 'ready' });
    } catch (error) {
      this.fail(error);
    }
  }

  process(inputs: Float32Array[][]): boolean {
    if (this.disposed) return false;
    if (this.failed || this.ended) return true;
    try {
      if (this.paused) this.follow(inputs[0]);
      else this.measure(inputs[0]);
    } catch (error) {
      this.fail(error);
    }
    return true;
  }

  /** Copies a quantum into the kernel's input buffers (missing channels as silence). */
  private copyInput(input: Float32Array[], frames: number): void {
    const kernel = this.kernel!;
    for (let c = 0; c < this.channelCount; c++) {
      const target = kernel.inputBuffer(c);
      if (c >= input.length) {
        target.fill(0, 0, frames);
        continue;
      }
      const source = input[c];
      if (source.length === frames) target.set(source);
      else for (let i = 0; i < frames; i++) target[i] = source[i]; // last offline quantum only
    }
  }

  /** Paused: the filters follow the audio unmeasured, so resuming meters no jump across the pause. */
  private follow(input: Float32Array[] | undefined): void {
    if (!input || input.length === 0) return;
    this.copyInput(input, input[0].length);
    this.kernel!.followInPlace(input[0].length);
  }

  private measure(input: Float32Array[] | undefined): void {
    const kernel = this.kernel!;
    const available = input ? input.length : 0;
    let frames = available > 0 ? input![0].length : RENDER_QUANTUM;
    if (this.endFrame >= 0 && this.elapsedFrames + frames > this.endFrame) frames = this.endFrame - this.elapsedFrames;
    if (available > 0 && frames > 0) {
      this.copyInput(input!, frames);
      kernel.processInPlace(frames);
    }
    this.elapsedFrames += frames;
    if (this.endFrame >= 0 && this.elapsedFrames >= this.endFrame) {
      // Offline: one final record holding every frame, whatever the transport.
      this.ended = true;
      this.levels!.post(this.epoch);
      return;
    }
    if (this.endFrame < 0) {
      this.spectrum?.tick(frames, this.epoch);
      this.stereo?.tick(frames, this.epoch);
    }
    this.levels!.tick(frames, this.epoch);
  }

  private onMessage(message: ToProcessor): void {
    switch (message?.type) {
      case 'reset':
        this.epoch = message.epoch;
        this.kernel?.reset();
        this.levels?.restart();
        this.spectrum?.soon();
        this.stereo?.soon();
        break;
      case 'configure-spectrum':
        this.configure(() => {
          this.kernel!.configureSpectrum(message.options);
          this.spectrum?.resize();
        });
        break;
      case 'configure-stereo':
        this.configure(() => {
          this.kernel!.configureStereo(message.options);
          this.stereo?.soon();
        });
        break;
      case 'clear-spectrum-peak':
        this.kernel?.clearSpectrumPeak();
        this.spectrum?.resize();
        break;
      case 'pause':
        this.paused = true;
        break;
      case 'resume':
        this.paused = false;
        break;
      case 'dispose':
        this.disposed = true;
        this.port.onmessage = null;
        this.port.close();
        break;
    }
  }

  /** Settings from the main thread: an error is reported, and the meter goes on measuring. */
  private configure(apply: () => void): void {
    if (!this.kernel) return;
    try {
      apply();
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.port.postMessage({ type: 'error', where: 'processor', message });
    }
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.port.postMessage({ type: 'error', where: 'processor', message });
  }
}

registerProcessor(PROCESSOR_NAME, MeterProcessor);
