// One publisher per record kind (levels, spectrum, stereo field), all of one shape: each keeps its
// own display clock and goes out through its own SharedArrayBuffer ring or as port messages
// (src/transport/). The processor (worklet/meter-processor.ts) ticks them from process().
//
// Real-time: tick() is called from process(); it and read() allocate nothing in JavaScript. The
// records, packs and message objects are made in the constructor and in resize() (after a change
// of settings, in the message handler), never per quantum. Posting a message does allocate: the
// browser serialises a copy of the record (sizes in worklet/meter-processor.ts); the ring does not.
//
// Ring full: read() is not called, so the kernel's "since read" state (peaks, frame counts,
// goniometer points, lowest correlation, FFT frames) keeps accumulating into the next record that
// fits; the publisher tries again next quantum. Spectrum records with no new FFT frame and no new
// settings are not posted (the kernel's points cannot have changed).

import type { MeterKernel } from '../src/engine/kernel.js';
import { READINGS_LENGTH } from '../src/contract/readings-layout.js';
import { SPECTRUM_PACK_MAX, stereoPackLength } from '../src/contract/analysis-packs.js';
import { packSpectrum, packStereo, spectrumPackHasNewFrame, spectrumPackLengthOf } from '../src/transport/analysis-pack.js';
import type { AnalysisMessage } from '../src/contract/protocol.js';
import { RingWriter, type RecordSource } from '../src/transport/ring.js';

/** The shape every record kind shares: a display clock, a ring or a port, read() and post(). */
abstract class Publisher implements RecordSource {
  private readonly ring: RingWriter | null;
  private framesSincePublish = 0;

  constructor(
    protected readonly kernel: MeterKernel,
    protected readonly port: MessagePort,
    sharedBuffer: SharedArrayBuffer | undefined,
    /** Frames between two records; 0 = never on the clock. */
    private readonly framesPerPublish: number,
  ) {
    this.ring = sharedBuffer ? new RingWriter(sharedBuffer) : null;
  }

  get shared(): boolean {
    return this.ring !== null;
  }

  /** Fills this kind's record from the kernel ("since read" values start over); RecordSource for the ring. */
  abstract read(): Float64Array;

  /** Message transport: reads the kernel and posts the record tagged with `epoch` (or skips it). */
  protected abstract post(epoch: number): void;

  /** Time passes by `frames`; publishes when a display interval has passed. */
  tick(frames: number, epoch: number): void {
    this.framesSincePublish += frames;
    if (this.framesPerPublish <= 0 || this.framesSincePublish < this.framesPerPublish) return;
    if (this.ring) {
      if (!this.ring.publish(this, epoch)) return; // full: try again next quantum
    } else {
      this.post(epoch);
    }
    this.framesSincePublish -= this.framesPerPublish;
    if (this.framesSincePublish >= this.framesPerPublish) this.framesSincePublish = 0;
  }

  /** Publish one display interval from now (after a reset). */
  restart(): void {
    this.framesSincePublish = 0;
  }

  /** Publish at the next tick (after a reset or new settings). */
  soon(): void {
    this.framesSincePublish = this.framesPerPublish;
  }
}

/**
 * The readings record (levels and loudness). Messages are a bare Float64Array of
 * READINGS_LENGTH + 1 values (the record, then its reset epoch), so posting builds no object.
 */
export class LevelsPublisher extends Publisher {
  /** Messages transport: the one buffer every record is copied into before posting. */
  private readonly outgoing = new Float64Array(READINGS_LENGTH + 1);

  constructor(kernel: MeterKernel, port: MessagePort, sharedBuffer: SharedArrayBuffer | undefined, publishHz: number) {
    super(kernel, port, sharedBuffer, publishHz > 0 ? Math.max(1, Math.round(kernel.sampleRate / publishHz)) : 0);
  }

  read(): Float64Array {
    return this.kernel.read();
  }

  /** Posts a record now, whatever the transport (offline: the one final record). */
  post(epoch: number): void {
    const out = this.outgoing;
    out.set(this.read());
    out[READINGS_LENGTH] = epoch;
    // Structured clone copies these READINGS_LENGTH + 1 values (never the kernel's memory).
    this.port.postMessage(out);
  }
}

/** Spectrum and stereo packs (src/contract/analysis-packs.ts), posted as { type, record, epoch }. */
abstract class AnalysisPublisher extends Publisher {
  protected pack: Float64Array;
  protected readonly message: AnalysisMessage;

  constructor(kernel: MeterKernel, port: MessagePort, type: AnalysisMessage['type'], sharedBuffer: SharedArrayBuffer | undefined, publishHz: number, packLength: number) {
    super(kernel, port, sharedBuffer, Math.max(128, Math.round(kernel.sampleRate / publishHz)));
    this.pack = new Float64Array(packLength);
    this.message = { type, record: this.pack, epoch: 0 };
  }

  /** False when this record carries nothing new and need not be posted. */
  protected worthPosting(): boolean {
    return true;
  }

  protected post(epoch: number): void {
    this.read();
    if (!this.worthPosting()) return;
    this.message.epoch = epoch;
    // Structured clone copies the pack: the worklet keeps writing its own.
    this.port.postMessage(this.message);
  }
}

export class SpectrumPublisher extends AnalysisPublisher {
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
    const length = spectrumPackLengthOf(this.kernel.readSpectrum());
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
    const post = this.fresh || spectrumPackHasNewFrame(this.pack);
    this.fresh = false;
    return post;
  }
}

export class StereoPublisher extends AnalysisPublisher {
  constructor(kernel: MeterKernel, port: MessagePort, sharedBuffer: SharedArrayBuffer | undefined, publishHz: number, maxPoints: number) {
    super(kernel, port, 'stereo', sharedBuffer, publishHz, stereoPackLength(maxPoints));
  }

  read(): Float64Array {
    packStereo(this.kernel.readStereo(), this.kernel.goniometerPoints, this.pack);
    return this.pack;
  }
}
