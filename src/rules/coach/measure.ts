// What the coach reads from a programme: its tonal balance in four broad bands, its low end and
// its dynamics, all from the kernel's readings (the spectrum's 1/3-octave bands, the stereo
// field's octave-band correlation, true peak, short-term loudness, LRA). DOM-free: the live
// coach, the report, `busmeter compare` and the evaluation build the same CoachMeasurement.

import { FLOOR_DB } from '../../contract/readings-layout.js';

export type BroadBand = 'low' | 'low-mid' | 'high-mid' | 'high';

export interface BroadBandSpec {
  id: BroadBand;
  /** How the coach names it in a sentence. */
  name: string;
  /** Edges, Hz: the 1/3-octave bands whose centre lies inside are summed (power). */
  lowHz: number;
  highHz: number;
  /** What to reach for when the band is out of its range. */
  cutAdvice: string;
  boostAdvice: string;
}

/**
 * The broad bands (1/3-octave centres 31.5–125 Hz, 160–500 Hz, 630 Hz–4 kHz, 5–16 kHz). The
 * low band starts above the sub region (< 30 Hz), which has its own rule.
 */
export const BROAD_BANDS: readonly BroadBandSpec[] = [
  { id: 'low', name: 'lows', lowHz: 28.2, highHz: 141, cutAdvice: 'a low shelf down around 80–120 Hz, or less of the kick and bass', boostAdvice: 'a low shelf up around 80–120 Hz, or more of the kick and bass' },
  { id: 'low-mid', name: 'low-mids', lowHz: 141, highHz: 562, cutAdvice: 'a broad cut around 250–400 Hz on the bus or on the pads and guitars', boostAdvice: 'a broad lift around 200–400 Hz, or less high-passing on the instruments' },
  { id: 'high-mid', name: 'high-mids', lowHz: 562, highHz: 4470, cutAdvice: 'a gentle cut around 1–3 kHz, or lower the lead parts', boostAdvice: 'a broad lift around 1–3 kHz, or bring up the vocal and lead parts' },
  { id: 'high', name: 'highs', lowHz: 4470, highHz: 17800, cutAdvice: 'a high shelf down from about 6 kHz, or tame the cymbals and sibilance', boostAdvice: 'a high shelf up from about 6 kHz' },
];

/** The sub region, Hz (1/3-octave bands centred at 20 and 25 Hz). */
export const SUB_HIGH_HZ = 28.2;
/** Octave bands of the stereo field that make up "the bass below ~120 Hz" (31.6 and 63 Hz: 22–89 Hz). */
export const LOW_WIDTH_HIGH_HZ = 90;

export interface CoachMeasurement {
  /** Power in each broad band (BROAD_BANDS order), dB re a full-scale sine; FLOOR_DB when empty. */
  bandsDb: number[];
  /** Energy below 30 Hz relative to the low band, dB (FLOOR_DB when there is none). */
  subToLowDb: number;
  /** Side-to-mid power below ~90 Hz from the octave-band correlation, dB (null for mono). */
  lowSideToMidDb: number | null;
  /** Mean correlation of the octave bands below ~90 Hz (null for mono). */
  lowCorrelation: number | null;
  /** Peak-to-short-term loudness ratio, dB: the median over the programme of (true peak of the last 3 s − short-term loudness). */
  psrDb: number | null;
  /**
   * How much the loudness moves from moment to moment: the 10th–90th percentile spread of the
   * momentary loudness (400 ms, every 100 ms) while the programme plays, LU. Heavy compression
   * flattens it even where the transients get through (and PSR hardly drops).
   */
  movementLu: number | null;
  /** EBU Tech 3342 loudness range, LU. */
  loudnessRangeLu: number | null;
  integratedLufs: number | null;
  truePeakMaxDbtp: number | null;
}

const power = (db: number) => (db > FLOOR_DB ? 10 ** (db / 10) : 0);
const toDb = (p: number) => (p > 0 ? 10 * Math.log10(p) : FLOOR_DB);

/** Sums 1/3-octave band powers into the broad bands; writes into `out` (length 4) and returns it. */
export function broadBandLevels(centreHz: ArrayLike<number>, levelDb: ArrayLike<number>, count: number, out: number[] = [0, 0, 0, 0]): number[] {
  for (let k = 0; k < BROAD_BANDS.length; k++) {
    const spec = BROAD_BANDS[k];
    let sum = 0;
    for (let b = 0; b < count; b++) if (centreHz[b] >= spec.lowHz && centreHz[b] < spec.highHz) sum += power(levelDb[b]);
    out[k] = toDb(sum);
  }
  return out;
}

/** Energy below 30 Hz relative to the low band, dB. */
export function subToLow(centreHz: ArrayLike<number>, levelDb: ArrayLike<number>, count: number, lowBandDb: number): number {
  let sum = 0;
  for (let b = 0; b < count; b++) if (centreHz[b] < SUB_HIGH_HZ) sum += power(levelDb[b]);
  if (sum <= 0 || !(lowBandDb > FLOOR_DB)) return FLOOR_DB;
  return toDb(sum) - lowBandDb;
}

/**
 * Side-to-mid power of the low end from the octave-band correlation ρ of the bands below ~90 Hz:
 * for channels of equal power, S²/M² = (1 − ρ)/(1 + ρ). Returns FLOOR_DB-free values clamped to
 * −60 … +60 dB; null when no band is there.
 */
export function lowWidth(centreHz: ArrayLike<number>, correlation: ArrayLike<number>, count: number): { sideToMidDb: number; correlation: number } | null {
  let sum = 0;
  let n = 0;
  for (let b = 0; b < count; b++) {
    if (centreHz[b] < LOW_WIDTH_HIGH_HZ) { sum += correlation[b]; n++; }
  }
  if (n === 0) return null;
  const rho = Math.max(-1, Math.min(1, sum / n));
  const ratio = (1 - rho) / (1 + rho);
  const sideToMidDb = ratio <= 1e-6 ? -60 : ratio >= 1e6 ? 60 : 10 * Math.log10(ratio);
  return { sideToMidDb, correlation: rho };
}

/** Tonal balance: each broad band's level minus the mean of the four, dB (a level-free shape). */
export function balanceOf(bandsDb: readonly number[]): number[] {
  const mean = bandsDb.reduce((a, b) => a + b, 0) / bandsDb.length;
  return bandsDb.map((v) => v - mean);
}

/**
 * The peak-to-short-term loudness ratio over time: push the true peak since the previous push and
 * the short-term loudness at each read (any rate); psrDb() is the median of (highest true peak
 * of the last 3 s − short-term loudness) over the reads where the programme plays (short-term
 * above −50 LUFS). Fixed memory: the median comes from a 0.1 dB histogram.
 */
export class PsrTracker {
  private readonly peakTimes = new Float64Array(512);
  private readonly peakValues = new Float64Array(512);
  private head = 0;
  private size = 0;
  private readonly histogram = new Float64Array(400);
  private total = 0;

  constructor(private readonly windowSeconds = 3) {}

  push(timeSeconds: number, truePeakDbtp: number, shortTermLufs: number, weight = 1): void {
    // The ring keeps the peaks of the last windowSeconds (at 512 entries, reads up to ~170 a second).
    const capacity = this.peakTimes.length;
    const index = (this.head + this.size) % capacity;
    this.peakTimes[index] = timeSeconds;
    this.peakValues[index] = truePeakDbtp;
    if (this.size < capacity) this.size++;
    else this.head = (this.head + 1) % capacity;
    while (this.size > 0 && this.peakTimes[this.head] <= timeSeconds - this.windowSeconds) {
      this.head = (this.head + 1) % capacity;
      this.size--;
    }
    if (!(shortTermLufs > -50)) return;
    let peak = FLOOR_DB;
    for (let i = 0; i < this.size; i++) peak = Math.max(peak, this.peakValues[(this.head + i) % capacity]);
    if (!(peak > FLOOR_DB)) return;
    const bin = Math.max(0, Math.min(this.histogram.length - 1, Math.round((peak - shortTermLufs) * 10)));
    this.histogram[bin] += weight;
    this.total += weight;
  }

  psrDb(): number | null {
    if (this.total <= 0) return null;
    let seen = 0;
    for (let b = 0; b < this.histogram.length; b++) {
      seen += this.histogram[b];
      if (seen >= this.total / 2) return b / 10;
    }
    return null;
  }

  reset(): void {
    this.head = 0;
    this.size = 0;
    this.histogram.fill(0);
    this.total = 0;
  }
}

/**
 * The spread of the momentary loudness over a programme: push each reading's momentary loudness
 * (at a steady rate, e.g. every 100 ms); spreadLu() is the 90th minus the 10th percentile of the
 * readings above −50 LUFS. Fixed memory: a 0.1 LU histogram from −50 to +10 LUFS.
 */
export class LoudnessSpread {
  private readonly histogram = new Float64Array(601);
  private total = 0;

  push(momentaryLufs: number, weight = 1): void {
    if (!(momentaryLufs > -50)) return;
    const bin = Math.max(0, Math.min(this.histogram.length - 1, Math.round((momentaryLufs + 50) * 10)));
    this.histogram[bin] += weight;
    this.total += weight;
  }

  private percentile(p: number): number {
    let seen = 0;
    for (let b = 0; b < this.histogram.length; b++) {
      seen += this.histogram[b];
      if (seen >= p * this.total) return b / 10 - 50;
    }
    return 10;
  }

  spreadLu(): number | null {
    if (this.total < 10) return null;
    return Math.round((this.percentile(0.9) - this.percentile(0.1)) * 10) / 10;
  }

  reset(): void {
    this.histogram.fill(0);
    this.total = 0;
  }
}
