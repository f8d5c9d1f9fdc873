// Publishes the kernel's spectrum and stereo-field records from the worklet at their own display
// rates, through their own SharedArrayBuffer ring or as port messages (src/transport/).
//
// Real-time: tick() is called from process(); it and read() allocate nothing in JavaScript. The
// packs and the message objects are made in the constructor and in resize() (after a change of
// settings, in the message handler), never per quantum. Posting a message does allocate: the
// browser serialises a copy of the pack (sizes in worklet/meter-processor.ts); the ring does not.
//
// Ring full: read() is not called, so the kernel's "since read" state (goniometer points, lowest
// correlation, FFT frames) keeps accumulating into the next record that fits. Spectrum records
// with no new FFT frame and no new settings are not posted (the kernel's points cannot have changed).

import type { MeterKernel } from '../src/engine/kernel.js';
import { SP_BAND_COUNT, SP_FRAMES_SINCE_READ, SP_POINT_COUNT } from '../src/contract/readings-layout.js';
import { packSpectrum, packStereo, SPECTRUM_PACK_MAX, spectrumPackLength, stereoPackLength } from '../src/transport/analysis-pack.js';
import type { AnalysisMessage } from '../src/contract/protocol.js';
import { RingWriter, type RecordSource } from '../src/transport/ring.js';

abstract class Publisher implements RecordSource {
  protected pack: Float64Array;
  protected readonly message: AnalysisMessage;
  private readonly ring: RingWriter | null;
  private readonly framesPerPublish: number;
  private framesSincePublish = 0;

  constructor(
    protected readonly kernel: MeterKernel,
    private readonly port: MessagePort,
    type: AnalysisMessage['type'],
    sharedBuffer: SharedArrayBuffer | undefined,
    publishHz: number,
    packLength: number,
  ) {
    this.ring = sharedBuffer ? new RingWriter(sharedBuffer) : null;
    this.framesPerPublish = Math.max(128, Math.round(kernel.sampleRate / publishHz));
    this.pack = new Float64Array(packLength);
    this.message = { type, record: this.pack, epoch: 0 };
  }

  get shared(): boolean {
    return this.ring !== null;
  }

  /** Fills the pack from the kernel (RecordSource for the ring). */
  abstract read(): Float64Array;

  /** False when this record carries nothing new and need not be posted. */
  protected worthPosting(): boolean {
    return true;
  }

  /** Time passes by `frames`; publishes when a display interval has passed. */
  tick(frames: number, epoch: number): void {
    this.framesSincePublish += frames;
    if (this.framesSincePublish < this.framesPerPublish) return;
    if (this.ring) {
      if (!this.ring.publish(this, epoch)) return; // full: try again next quantum
    } else {
      this.read();
      if (this.worthPosting()) {
        this.message.epoch = epoch;
        // Structured clone copies the pack: the worklet keeps writing its own.
        this.port.postMessage(this.message);
      }
    }
    this.framesSincePublish -= this.framesPerPublish;
    if (this.framesSincePublish >= this.framesPerPublish) this.framesSincePublish = 0;
  }

  /** Publish at the next tick (after a reset or new settings). */
  soon(): void {
    this.framesSincePublish = this.framesPerPublish;
  }
}

export class SpectrumPublisher extends Publisher {
  private fresh = true;

  constructor(kernel: MeterKernel, port: MessagePort, sharedBuffer: SharedArrayBuffer | undefined, publishHz: number) {
    super(kernel, port, 'spectrum', sharedBuffer, publishHz, SPECTRUM_PACK_MAX);
    this.resize();
  }

  /**
   * Message transport: makes the pack exactly as long as the current settings need (points and
   * bands), so each post copies only those. Call after configureSpectrum(), outside process().
   */
  resize(): void {
    this.fresh = true;
    this.soon();
    if (this.shared) return; // ring slots have the maximum length
    const record = this.kernel.readSpectrum();
    const length = spectrumPackLength(record[SP_POINT_COUNT], record[SP_BAND_COUNT]);
    if (length !== this.pack.length) {
      this.pack = new Float64Array(length);
      this.message.record = this.pack;
    }
  }

  read(): Float64Array {
    packSpectrum(this.kernel.readSpectrum(), this.pack);
    return this.pack;
  }

  protected override worthPosting(): boolean {
    const post = this.fresh || this.pack[SP_FRAMES_SINCE_READ] > 0;
    this.fresh = false;
    return post;
  }
}

export class StereoPublisher extends Publisher {
  constructor(kernel: MeterKernel, port: MessagePort, sharedBuffer: SharedArrayBuffer | undefined, publishHz: number, maxPoints: number) {
    super(kernel, port, 'stereo', sharedBuffer, publishHz, stereoPackLength(maxPoints));
  }

  read(): Float64Array {
    packStereo(this.kernel.readStereo(), this.kernel.goniometerPoints, this.pack);
    return this.pack;
  }
}
