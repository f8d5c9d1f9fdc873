// The detector's memory: the kernel's 100 ms feature windows (readings slots MASTERING_*) of the
// last 30 s in a ring, allocated once. Every fingerprint reads its windows from here.

import { FLOOR_DB, SUB_WINDOWS } from '../../contract/readings-layout.js';
import type { MasteringWindow } from '../../engine/readings.js';

/** Windows kept: 30 s of 100 ms. */
export const CAPACITY = 300;
/** A window is active above these (silence and fades say nothing). */
export const ACTIVE_LUFS = -45;
export const ACTIVE_DBTP = -30;
/** Full scale in 16-bit codes: one code is 1 / SIXTEEN_BIT_CODES. */
export const SIXTEEN_BIT_CODES = 32768;
/**
 * Two sample peaks (dB) this close are one sample value, to its last bit: the values are f32, one
 * bit of which is at most 1.04e-6 dB. A mixer replaying a hit can round its loudest sample one bit
 * differently (a tracker song's drum hit peaks at 0.8196268 and, replayed, at 0.81962675), so the
 * exact-hit count and the replay test both take a value one bit off as the same value.
 */
export const SAME_SAMPLE_DB = 1.1e-6;

/**
 * How far (dB) the true peak of a replayed hit peaking at `samplePeakDbfs` can move when a sample
 * beside its peak moves by one 16-bit code: at most that code over the peak. A replay from
 * 16-bit samples differs from its first play by such codes (the mixer's rounding of a quiet
 * channel); different hits meeting a limiter's ceiling differ in true peak by more, mostly by
 * thousandths to hundredths of a dB.
 */
export function replayTolerance(samplePeakDbfs: number): number {
  return 20 * Math.log10(1 + 1 / (SIXTEEN_BIT_CODES * 10 ** (samplePeakDbfs / 20)));
}

/** A band's share of the window's three-band energy, dB (a band at or below FLOOR_DB's energy reads SHAPE_FLOOR_DB). */
const SHAPE_FLOOR_DB = -100;
export const shapeDb = (band: number, sum: number) => (band > 0 && sum > 0 ? Math.max(SHAPE_FLOOR_DB, 10 * Math.log10(band / sum)) : SHAPE_FLOOR_DB);

/** A level in dB as energy (0 at or below FLOOR_DB). */
const energyOf = (db: number) => (db > FLOOR_DB ? 10 ** (db / 10) : 0);

export class WindowHistory {
  readonly truePeak = new Float64Array(CAPACITY);
  readonly samplePeak = new Float64Array(CAPACITY);
  /** The sample peak of the first channel and of the second (both the window's sample peak when it carries none). */
  readonly firstChannelPeak = new Float64Array(CAPACITY);
  readonly secondChannelPeak = new Float64Array(CAPACITY);
  readonly loudness = new Float64Array(CAPACITY);
  readonly shortTerm = new Float64Array(CAPACITY);
  readonly flat = new Float64Array(CAPACITY);
  readonly topDuck = new Float64Array(CAPACITY);
  readonly topDip = new Float64Array(CAPACITY);
  /** The window's spectral shape: each band's level (lowBandDb, midBandDb, highBandDb) against the three bands' sum, dB. */
  readonly lowShape = new Float64Array(CAPACITY);
  readonly midShape = new Float64Array(CAPACITY);
  readonly highShape = new Float64Array(CAPACITY);
  /** 1 when the window carries band levels (a window made without them, as some tests make, has no shape). */
  readonly shaped = new Uint8Array(CAPACITY);
  /**
   * The window's parts (MasteringWindow.parts), SUB_WINDOWS per window from ring index k ·
   * SUB_WINDOWS, oldest first: each band's mean square (linear) and the sample peak (dBFS).
   */
  readonly partLow = new Float64Array(CAPACITY * SUB_WINDOWS);
  readonly partMid = new Float64Array(CAPACITY * SUB_WINDOWS);
  readonly partHigh = new Float64Array(CAPACITY * SUB_WINDOWS);
  readonly partPeak = new Float64Array(CAPACITY * SUB_WINDOWS);
  /** The three bands' energies summed over the window's parts. */
  readonly partTotal = new Float64Array(CAPACITY);
  /** 1 when the window carries its parts and is shaped. */
  readonly parted = new Uint8Array(CAPACITY);
  /**
   * 1 when, as this window closed, the 4 s up to it were a passage played again that came back
   * processed, or played again unchanged after such a pass (replayed-passage.ts sets it).
   */
  readonly processedPass = new Uint8Array(CAPACITY);
  /**
   * 1 when the warning stood (suspected or on) as this window closed, or the blind fingerprints
   * raised it within the 6 s after (mastering-detector.ts sets it after each window's verdict).
   */
  readonly warned = new Uint8Array(CAPACITY);
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
    this.firstChannelPeak[k] = w.firstChannelSamplePeakDbfs ?? w.samplePeakDbfs;
    this.secondChannelPeak[k] = w.secondChannelSamplePeakDbfs ?? w.samplePeakDbfs;
    this.loudness[k] = w.loudnessLufs;
    this.shortTerm[k] = w.shortTermLufs;
    this.flat[k] = w.flatSamples;
    this.topDuck[k] = w.topDuckDb;
    this.topDip[k] = w.topDipDb;
    const low = 10 ** (w.lowBandDb / 10), mid = 10 ** (w.midBandDb / 10), high = 10 ** (w.highBandDb / 10);
    const sum = low + mid + high;
    this.lowShape[k] = shapeDb(low, sum);
    this.midShape[k] = shapeDb(mid, sum);
    this.highShape[k] = shapeDb(high, sum);
    this.shaped[k] = w.lowBandDb > FLOOR_DB || w.midBandDb > FLOOR_DB || w.highBandDb > FLOOR_DB ? 1 : 0;
    const parts = w.parts;
    this.parted[k] = parts && this.shaped[k] ? 1 : 0;
    let total = 0;
    for (let p = 0, at = k * SUB_WINDOWS; p < SUB_WINDOWS; p++, at++) {
      this.partLow[at] = parts ? energyOf(parts.lowBandDb[p]) : 0;
      this.partMid[at] = parts ? energyOf(parts.midBandDb[p]) : 0;
      this.partHigh[at] = parts ? energyOf(parts.highBandDb[p]) : 0;
      this.partPeak[at] = parts ? parts.samplePeakDbfs[p] : FLOOR_DB;
      total += this.partLow[at] + this.partMid[at] + this.partHigh[at];
    }
    this.partTotal[k] = total;
    this.processedPass[k] = 0;
    this.warned[k] = 0;
    this.next = (k + 1) % CAPACITY;
    if (this.count < CAPACITY) this.count++;
  }

  /** Marks the newest `windows` windows as closed while the warning stood (warned). */
  markWarned(windows: number): void {
    for (let age = 0; age < Math.min(windows, this.count); age++) this.warned[this.at(age)] = 1;
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
   * peak (within SAME_SAMPLE_DB) and the same true peak within replayTolerance. The true peak is
   * computed from the samples around the peak, so two windows share both only when the same
   * audio plays again (a sampler, a tracker or a drum machine replaying one hit at one velocity,
   * or a copied bar). The replay need not be bit for bit around the peak: in a tracker song a
   * quiet channel or the mixer's rounding moves a neighbouring sample by one 16-bit code, which
   * moves the true peak by less than that code over the peak. A ceiling meets different hits: they reach
   * one sample value from different waveforms, so their true peaks differ by more.
   */
  repeats(age: number, span: number): boolean {
    const k = this.at(age);
    const tolerance = replayTolerance(this.samplePeak[k]);
    for (let a = age + 1; a < span; a++) {
      const j = this.at(a);
      if (Math.abs(this.samplePeak[j] - this.samplePeak[k]) <= SAME_SAMPLE_DB && Math.abs(this.truePeak[j] - this.truePeak[k]) <= tolerance) return true;
    }
    return false;
  }
}
