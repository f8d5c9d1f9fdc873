// The detector's memory: the kernel's 100 ms feature windows (readings slots MASTERING_*) of the
// last 30 s in a ring, allocated once. Every fingerprint reads its windows from here.

import type { MasteringWindow } from '../../engine/readings.js';

/** Windows kept: 30 s of 100 ms. */
export const CAPACITY = 300;
/** A window is active above these (silence and fades say nothing). */
export const ACTIVE_LUFS = -45;
export const ACTIVE_DBTP = -30;

export class WindowHistory {
  readonly truePeak = new Float64Array(CAPACITY);
  readonly samplePeak = new Float64Array(CAPACITY);
  readonly loudness = new Float64Array(CAPACITY);
  readonly shortTerm = new Float64Array(CAPACITY);
  readonly flat = new Float64Array(CAPACITY);
  readonly topDuck = new Float64Array(CAPACITY);
  readonly topDip = new Float64Array(CAPACITY);
  /** Windows held (at most CAPACITY). */
  count = 0;
  private next = 0;

  reset(): void {
    this.count = 0;
    this.next = 0;
  }

  push(w: MasteringWindow): void {
    const k = this.next;
    this.truePeak[k] = w.truePeakDbtp;
    this.samplePeak[k] = w.samplePeakDbfs;
    this.loudness[k] = w.loudnessLufs;
    this.shortTerm[k] = w.shortTermLufs;
    this.flat[k] = w.flatSamples;
    this.topDuck[k] = w.topDuckDb;
    this.topDip[k] = w.topDipDb;
    this.next = (k + 1) % CAPACITY;
    if (this.count < CAPACITY) this.count++;
  }

  /** Ring index of the window `age` windows back (0 = newest). */
  at(age: number): number {
    return (this.next - 1 - age + CAPACITY * 2) % CAPACITY;
  }

  /** Whether the window at ring index k is active (loud enough to say anything). */
  active(k: number): boolean {
    return this.loudness[k] > ACTIVE_LUFS && this.truePeak[k] > ACTIVE_DBTP;
  }

  /**
   * Whether the window `age` windows back replays an older window of the span: the same sample
   * peak and the same true peak to the last bit. The true peak is computed from the samples
   * around the peak, so two windows share both only when the same audio plays again (a sampler,
   * a tracker or a drum machine replaying one hit at one velocity, or a copied bar). A ceiling
   * meets different hits: they reach one sample value from different waveforms, so their true
   * peaks differ.
   */
  repeats(age: number, span: number): boolean {
    const k = this.at(age);
    for (let a = age + 1; a < span; a++) {
      const j = this.at(a);
      if (this.samplePeak[j] === this.samplePeak[k] && this.truePeak[j] === this.truePeak[k]) return true;
    }
    return false;
  }
}
