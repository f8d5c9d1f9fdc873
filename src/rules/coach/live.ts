// The coach over time: a running measurement from readings taken at any rate (the live panel at
// its frame rate), and a finding list that does not flicker. A finding appears once it has held
// for ENTER_SECONDS and goes once it has been gone for LEAVE_SECONDS; while shown it is judged
// with the margins of findings.ts (HYSTERESIS). DOM-free, and it allocates nothing per update
// beyond the finding objects the rules return.

import { FLOOR_DB } from '../../contract/readings-layout.js';
import { coachFindings, type CoachFinding } from './findings.js';
import { BROAD_BANDS, LOW_WIDTH_HIGH_HZ, LoudnessSpread, PsrTracker, broadBandLevels, lowWidth, subToLow, type CoachMeasurement } from './measure.js';
import type { CoachTarget } from './targets.js';

export const ENTER_SECONDS = 2;
export const LEAVE_SECONDS = 3;
/**
 * The sliding window of the live tonal balance and low end, s: an exponential average with half
 * this time constant, whose mean age (5 s) is that of a 10 s rectangular window.
 */
export const LIVE_WINDOW_SECONDS = 10;

const power = (db: number) => (db > FLOOR_DB ? 10 ** (db / 10) : 0);

/**
 * A running measurement: the broad-band powers, sub energy and low-band correlation averaged
 * over about LIVE_WINDOW_SECONDS (exponentially, and over the whole session), PSR from a
 * PsrTracker, the momentary spread over the session, LRA and loudness as the kernel gives them.
 */
export class CoachAccumulator {
  private readonly bands = new Float64Array(BROAD_BANDS.length);
  private readonly sessionBands = new Float64Array(BROAD_BANDS.length);
  private sub = 0;
  private sessionSub = 0;
  /** Low-band-power-weighted exponential averages of the low correlation (numerator, denominator). */
  private correlationSum = 0;
  private correlationWeight = 0;
  /** Power of the mid signal below ~90 Hz at the latest spectrum reading (weights the correlation). */
  private lowPower = 0;
  private sessionTime = 0;
  private lastSpectrumTime = -1;
  private lastStereoTime = -1;
  private readonly scratch = [0, 0, 0, 0];
  readonly psr = new PsrTracker();
  readonly movement = new LoudnessSpread();
  private lastLoudnessTime = -1;
  private lra: number | null = null;
  private integrated: number | null = null;
  private truePeak: number | null = null;

  constructor(private readonly windowSeconds = LIVE_WINDOW_SECONDS) {}

  /** One spectrum reading: 1/3-octave band centres and levels (dB re a full-scale sine). */
  pushSpectrum(timeSeconds: number, centreHz: ArrayLike<number>, levelDb: ArrayLike<number>, count: number): void {
    const dt = this.lastSpectrumTime < 0 ? 0.1 : Math.max(0, Math.min(1, timeSeconds - this.lastSpectrumTime));
    this.lastSpectrumTime = timeSeconds;
    if (dt === 0) return;
    const a = 1 - Math.exp(-dt / (this.windowSeconds / 2));
    const bands = broadBandLevels(centreHz, levelDb, count, this.scratch);
    for (let k = 0; k < bands.length; k++) {
      const p = power(bands[k]);
      this.bands[k] = this.sessionTime === 0 ? p : this.bands[k] + a * (p - this.bands[k]);
      this.sessionBands[k] += p * dt;
    }
    let low = 0;
    for (let b = 0; b < count; b++) if (centreHz[b] < LOW_WIDTH_HIGH_HZ) low += power(levelDb[b]);
    this.lowPower = low;
    const sub = power(subToLow(centreHz, levelDb, count, 0));
    this.sub = this.sessionTime === 0 ? sub : this.sub + a * (sub - this.sub);
    this.sessionSub += sub * dt;
    this.sessionTime += dt;
  }

  /**
   * One stereo reading: the octave-band correlations. Each reading counts with the low band's
   * power at the latest spectrum reading, so silence (whose correlation reads 0) and quiet
   * moments do not pull the low end's correlation about.
   */
  pushStereo(timeSeconds: number, centreHz: ArrayLike<number>, correlation: ArrayLike<number>, count: number): void {
    const dt = this.lastStereoTime < 0 ? 0.1 : Math.max(0, Math.min(1, timeSeconds - this.lastStereoTime));
    this.lastStereoTime = timeSeconds;
    const w = lowWidth(centreHz, correlation, count);
    if (!w || dt === 0 || !(this.lowPower > 0)) return;
    const a = 1 - Math.exp(-dt / (this.windowSeconds / 2));
    this.correlationSum += a * (this.lowPower * w.correlation - this.correlationSum);
    this.correlationWeight += a * (this.lowPower - this.correlationWeight);
  }

  /** One loudness reading: true peak since the previous one, momentary, short-term, LRA, integrated, highest true peak. */
  pushLoudness(timeSeconds: number, truePeakSinceReadDbtp: number, momentaryLufs: number, shortTermLufs: number, loudnessRangeLu: number, integratedLufs: number, truePeakMaxDbtp: number): void {
    const dt = this.lastLoudnessTime < 0 ? 0.1 : Math.max(0, Math.min(1, timeSeconds - this.lastLoudnessTime));
    this.lastLoudnessTime = timeSeconds;
    this.psr.push(timeSeconds, truePeakSinceReadDbtp, shortTermLufs, dt);
    this.movement.push(momentaryLufs, dt * 10); // weighted as 100 ms readings
    this.lra = integratedLufs > FLOOR_DB ? loudnessRangeLu : null;
    this.integrated = integratedLufs > FLOOR_DB ? integratedLufs : null;
    this.truePeak = truePeakMaxDbtp > FLOOR_DB ? truePeakMaxDbtp : null;
  }

  /** The measurement over the sliding window (`session` false) or the whole session. */
  measurement(session = false): CoachMeasurement | null {
    if (this.sessionTime === 0) return null;
    const bandsDb = Array.from(session ? this.sessionBands : this.bands, (p) => (p > 0 ? 10 * Math.log10(p) : FLOOR_DB));
    const sub = session ? this.sessionSub : this.sub;
    const lowPower = session ? this.sessionBands[0] : this.bands[0];
    const subToLowDb = sub > 0 && lowPower > 0 ? 10 * Math.log10(sub / lowPower) : FLOOR_DB;
    let lowSideToMidDb: number | null = null;
    let lowCorrelation: number | null = null;
    if (this.correlationWeight > 0) {
      lowCorrelation = Math.max(-1, Math.min(1, this.correlationSum / this.correlationWeight));
      const ratio = (1 - lowCorrelation) / (1 + lowCorrelation);
      lowSideToMidDb = ratio <= 1e-6 ? -60 : ratio >= 1e6 ? 60 : 10 * Math.log10(ratio);
    }
    return { bandsDb, subToLowDb, lowSideToMidDb, lowCorrelation, psrDb: this.psr.psrDb(), movementLu: this.movement.spreadLu(), loudnessRangeLu: this.lra, integratedLufs: this.integrated, truePeakMaxDbtp: this.truePeak };
  }

  reset(): void {
    this.bands.fill(0);
    this.sessionBands.fill(0);
    this.sub = this.sessionSub = this.correlationSum = this.correlationWeight = this.lowPower = this.sessionTime = 0;
    this.lastSpectrumTime = this.lastStereoTime = -1;
    this.psr.reset();
    this.movement.reset();
    this.lastLoudnessTime = -1;
    this.lra = this.integrated = this.truePeak = null;
  }
}

/** Findings that neither flicker nor jump: see the file's head. */
export class LiveCoach {
  private readonly since = new Map<string, number>();
  private readonly goneSince = new Map<string, number>();
  private readonly shownIds = new Set<string>();
  private shown: CoachFinding[] = [];

  constructor(private readonly enterSeconds = ENTER_SECONDS, private readonly leaveSeconds = LEAVE_SECONDS) {}

  /** The findings to show at `timeSeconds`. */
  update(timeSeconds: number, measurement: CoachMeasurement | null, target: CoachTarget): CoachFinding[] {
    const now = measurement ? coachFindings(measurement, target, this.shownIds) : [];
    const present = new Set(now.map((f) => f.id));
    for (const f of now) if (!this.since.has(f.id)) this.since.set(f.id, timeSeconds);
    for (const id of [...this.since.keys()]) if (!present.has(id) && !this.shownIds.has(id)) this.since.delete(id);
    const next: CoachFinding[] = [];
    for (const f of now) {
      this.goneSince.delete(f.id);
      if (this.shownIds.has(f.id) || timeSeconds - this.since.get(f.id)! >= this.enterSeconds) next.push(f);
    }
    // A shown finding that is gone stays (with its last words) until it has been gone long enough.
    for (const old of this.shown) {
      if (present.has(old.id)) continue;
      const gone = this.goneSince.get(old.id) ?? timeSeconds;
      this.goneSince.set(old.id, gone);
      if (timeSeconds - gone < this.leaveSeconds) next.push(old);
      else {
        this.goneSince.delete(old.id);
        this.since.delete(old.id);
      }
    }
    next.sort((a, b) => b.severity - a.severity);
    this.shown = next;
    this.shownIds.clear();
    for (const f of next) this.shownIds.add(f.id);
    return next;
  }

  reset(): void {
    this.since.clear();
    this.goneSince.clear();
    this.shownIds.clear();
    this.shown = [];
  }
}
