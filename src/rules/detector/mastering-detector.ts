// "Your bus has mastering plugins on": decides from the kernel's 100 ms feature windows
// (readings slots MASTERING_*, see src/contract/readings-layout.ts) whether the signal shows mastering
// processing. A pure class: feed it Readings at any rate ≥ 10 Hz (live: each animation frame;
// offline: every 100 ms of audio) and it returns a verdict. The same code runs in the browser
// and in the CLI, so both say the same thing about the same audio.
//
// Fingerprints, all physical rather than tuned to a plug-in (evaluated over the last 6 s). Each
// must tell what a processor does from what an arrangement does: real programmed music (General
// MIDI and tracker renders, drum samples at fixed velocities) repeats hits, pins its loudest
// peaks and ducks its highs after the kick without any processing.
//  - the same audio played again is one hit: a window whose sample peak and true peak both equal
//    an older window's to the last bit replays the same samples (a tracker or sampler replaying
//    one hit at one velocity, a copied bar): the true peak is computed from the samples around
//    the peak, so different hits that a ceiling stops at one sample value differ in it. Such
//    repeats count once in the ceiling, the exact hits and the loud-peak spread below;
//  - a ceiling: a brickwall limiter or clipper makes the window peaks stop at one level, window
//    after window, whatever the energy of the window; unlimited music peaks somewhere different
//    in every window. Measured as the share of active windows whose true peak lies within
//    0.2 dB (or sample peak within 0.1 dB) of the highest one, counted only when the loudness of
//    those windows moves (a steady tone also repeats its peak), and strengthened when most of
//    the windows that come within 3 dB of the top sit exactly at it;
//  - an exact sample-peak ceiling: separate, different hits whose sample peaks are identical to
//    the last bit. Unprocessed audio in floating point or 24 bits never repeats its loudest
//    sample value from a different waveform; a clipper, a sample-peak limiter or a true-peak
//    limiter whose gain lands exactly on its target does, however sparse the hits are. Two such
//    hits are enough off the 16-bit grid, three on it (where two can share a code by chance);
//  - flat tops at that ceiling: runs of equal samples at the top (a clipper, also one whose
//    ceiling is below full scale);
//  - pinned loud peaks: the true peaks of the loudest quarter of the windows barely vary (a soft
//    knee or a soft clipper holds them near a level that need not be exact). Fixed-velocity drum
//    samples pin them too, to within 0.5 dB in real tracker music, so alone this is a suspicion
//    at most and only below 0.3–0.8 dB; with crushed dynamics or a ceiling it counts fully;
//  - crushed micro-dynamics: a low peak-to-short-term-loudness ratio (PSR) on material whose
//    loudness moves. Masters pushed by limiters or clippers sit at 5–9 dB. Unmastered mixes keep
//    9.5 dB or more: dense programmed ones (tracker and General MIDI renders) read 9.5–10.5 dB,
//    sparse drum mixes 11–18 dB, pads and held voices 8.5–12 dB. Below 9.5 dB on percussive
//    material, below 9 dB on sustained material, it is evidence; alone it makes the verdict "on"
//    only at master-like values (8 and 7 dB);
//  - pumping: the top band (hats, cymbals, sibilants) comes out quieter just after each kick
//    than just before it (the kernel's PW_TOP_DUCK_DB) and comes back within 200 ms (PW_TOP_DIP_DB),
//    medians over the distinct values of the last 10 s. A bus compressor or limiter that the kick
//    drives into gain reduction turns the whole mix down and lets go with its release: the highs
//    dip and return. An arrangement's ducking does not return: hats that stop at the kick, a
//    tracker channel whose kick cuts the cymbal it was playing, a decaying chord (real tracker
//    renders duck by up to 8 dB after the kick with no compressor anywhere). Even so, an
//    arrangement can dip and return (a hat skipped right after the kick), so pumping alone only
//    asks the question ("suspected"); with crushed dynamics or a ceiling it makes "on". It sees
//    compressors slow enough to let the peaks through, which no peak fingerprint can. Its blind
//    spot: a mix whose pads or music bus are sidechained to the kick on purpose (EDM) dips and
//    returns the same way, and is asked about.
// A state machine with hysteresis (1.5 s to go "on", 0.5 s on an exact ceiling, which cannot
// flicker; 1.5 s to leave it) turns the per-window score into off / suspected / on; the 6 s span
// makes it clear within about 6–7 s.

import type { MasteringWindow, Readings } from '../../engine/readings.js';
import { FLOOR_DB } from '../../contract/readings-layout.js';

export type MasteringState = 'off' | 'suspected' | 'on';
export type MasteringKind = 'limiter' | 'clipper' | 'dynamics';

export interface MasteringVerdict {
  state: MasteringState;
  /** 0…1: how strongly the signal shows mastering processing (smoothed). */
  confidence: number;
  /** Evidence in plain words; empty when there is none. */
  reasons: string[];
  /** What the evidence points at most, or null. */
  kind: MasteringKind | null;
  /** The ceiling the peaks stop at (dBTP), when there is one. */
  ceilingDbtp: number | null;
}

/** Windows kept: 30 s of 100 ms. */
const CAPACITY = 300;
/** Windows a decision looks at: 6 s (detects and clears well within 10 s). */
const SPAN = 60;
/** Active windows needed before any decision. */
const MIN_ACTIVE = 20;
/** A window is active above these (silence and fades say nothing). */
const ACTIVE_LUFS = -45;
const ACTIVE_DBTP = -30;
/**
 * A true peak within this of the top is "at the ceiling": a true-peak limiter holds its own
 * estimate of the inter-sample peak, which differs from this meter's by up to about 0.2 dB.
 */
const TRUE_PEAK_TOLERANCE_DB = 0.2;
/** Sample-peak ceilings (clippers, sample-peak limiters) are exact; soft clippers approach theirs within a tenth of a dB. */
const SAMPLE_PEAK_TOLERANCE_DB = 0.1;
/** Fewer windows than this at the top are chance, not a ceiling (two hits can peak alike). */
const CEILING_MIN_WINDOWS = 3;
/** Share of active windows at the ceiling: below LOW nothing, at HIGH and above full evidence. */
const CEILING_LOW = 0.06;
const CEILING_HIGH = 0.15;
/** Share of the windows within 3 dB of the top (other than the top one) that are at the ceiling: boost from LOW to HIGH. */
const NEAR_DB = 3;
const NEAR_LOW = 0.3;
const NEAR_HIGH = 0.5;
/** The near-share needs this many windows within NEAR_DB of the top besides the top one: three of four is chance. */
const NEAR_MIN_WINDOWS = 5;
/**
 * Shares of windows at the ceiling are taken of at least this many windows (4 s): in the first
 * seconds after a start or a reset a handful of windows is all there is, and four loud hits of
 * twenty peaking within 0.2 dB of one another is chance, not yet a ceiling.
 */
const SHARE_MIN_WINDOWS = 40;
/** The loudness of the windows at the ceiling must spread at least this much (dB, standard deviation). */
const MOTION_MIN_DB = 0.25;
/**
 * Weight of a ceiling whose windows do not move in loudness, or in a steady signal: below
 * CLEAR_SCORE, so such a ceiling alone can neither raise a warning nor hold one up.
 */
const STILL_CEILING_WEIGHT = 0.2;
/**
 * A window with this many flat-top samples whose sample peak is at the ceiling shows clipping.
 * (Flat tops away from the top are not clipping: 16-bit audio has runs of equal samples at the
 * crests of low bass notes.)
 */
const FLAT_WINDOW_SAMPLES = 3;
const FLAT_LOW = 0.02;
const FLAT_HIGH = 0.07;
/**
 * PSR (true peak of the last 3 s − short-term loudness): full "crushed" evidence at LOW, none at
 * HIGH. Masters pushed by limiters or clippers sit at 5–9 dB. Sparse percussive mixes (drums:
 * the loudness jumps from one 100 ms window to the next) keep 11–18 dB unmastered, but dense
 * programmed ones (tracker and General MIDI renders, every part busy) read 9.5–10.5 dB with no
 * processing at all, so on percussive material only a PSR below 9.5 dB says that something cuts
 * the transients; sustained material (pads, held voices, slow ballads) has 8.5–12 dB by nature,
 * so there only a PSR below 9 dB counts. The bounds move with how percussive the signal is
 * (TRANSIENT_*).
 */
const PSR_SUSTAINED_LOW_DB = 7;
const PSR_SUSTAINED_HIGH_DB = 9;
const PSR_PERCUSSIVE_LOW_DB = 8;
const PSR_PERCUSSIVE_HIGH_DB = 9.5;
/**
 * How percussive the signal is, from the median loudness change between consecutive windows:
 * sustained at FROM dB or less (a ballad's pads and voice: 0.2–0.4 dB), percussive at TO dB or
 * more (a drum kit: 1–3 dB), in between linearly.
 */
const TRANSIENT_FROM_DB = 0.4;
const TRANSIENT_TO_DB = 1;
/**
 * Separate hits (windows not next to one another) whose sample peak equals the top exactly.
 * A mix's loudest hits differ by tenths of a dB, and the top 0.5 dB below full scale holds about
 * 1,800 16-bit values but 470,000 24-bit ones (and more floating-point ones). So in 16-bit audio
 * two hits can land on the same value by chance: there two raise a suspicion and three or more
 * are a sample-peak ceiling. Off that grid two hits whose loudest samples agree to the last bit
 * are already a ceiling (EXACT_OFF_GRID_ON_EVENTS).
 */
const EXACT_SUSPECT_EVENTS = 2;
const EXACT_ON_EVENTS = 3;
const EXACT_OFF_GRID_ON_EVENTS = 2;
const EXACT_FULL_EVENTS = 4;
/** Full scale in 16-bit codes: a sample value v is on the 16-bit grid when v · 32768 is a whole number. */
const SIXTEEN_BIT_CODES = 32768;
/** A sample peak this close to the top (dB) is the same sample value (values are f32, their dB f64). */
const EXACT_DB = 1e-6;
/**
 * PSR is averaged over the newest PSR_SPAN windows only (3 s; each value already spans 3 s of
 * peaks and loudness): the other fingerprints need 6 s to count windows at a ceiling, but crushed
 * dynamics show in any 3 s, so a compressor or maximiser is seen sooner after it goes in.
 */
const PSR_SPAN = 30;
/** Crushed dynamics alone reach this score: enough for "on" only when PSR is at or below PSR_LOW_DB. */
const PSR_ALONE = 0.8;
/**
 * PSR counts only when the window loudness moves at least this much (dB, standard deviation):
 * a tone or a drone has a low PSR by nature. Tones, stepped or not, are caught as steady
 * (STEADY_MAX_DB, PLATEAU_SHARE); this keeps out what is nearly still without being steady. It
 * must stay low: a limiter driven deep holds the loudness of a whole mix to 0.3–0.8 dB of motion
 * (Chromium's DynamicsCompressorNode at 20:1 with its threshold 27 dB under the peaks), where
 * unlimited mixes move 0.9 dB or more over 20 s.
 */
const PSR_MOTION_MIN_DB = 0.3;
/**
 * Pinned loud peaks: the true peaks of the loudest quarter of the active windows spread (standard
 * deviation) at most LOW (full evidence) … HIGH (none) dB. Unlimited music peaks higher when it
 * plays louder: played music's loudest windows' peaks spread over 1–2 dB (a hit lands harder in
 * one bar than in the next), but programmed drums at fixed velocities spread only 0.45–1.3 dB
 * (tracker and General MIDI renders, once bit-identical repeats count once). A limiter, clipper
 * or maximiser pins exactly those windows near its ceiling, soft or hard, whatever the ceiling's
 * exact level: this catches soft knees and soft clippers that no exact ceiling shows. Like PSR
 * it needs the loudness to move (a tone's peaks spread by nothing).
 */
const SPREAD_LOW_DB = 0.3;
const SPREAD_HIGH_DB = 0.8;
/**
 * Music, however limited, plays louder and softer from one 100 ms window to the next (a beat, a
 * syllable, a chord change), and never plays two windows at the same loudness to a twentieth of
 * a dB. A tone, a drone or a test signal does, even when it steps in level or drops out: it is
 * steady when the median change of loudness between consecutive windows is below STEADY_MAX_DB,
 * or when PLATEAU_SHARE of its windows sit within PLATEAU_DB of the loudest one (a glitching
 * capture only ever dips below its level). A steady signal's low PSR or equal peaks say nothing
 * about processing (a stereo sine has a PSR of 0 dB).
 */
const STEADY_MAX_DB = 0.1;
const PLATEAU_DB = 0.05;
const PLATEAU_SHARE = 0.3;
/** Pinned loud peaks alone reach this score ("suspected" at most, below 0.4 dB); with crushed PSR or a ceiling, more. */
const SPREAD_ALONE = 0.5;
/** Hysteresis: score thresholds and how many consecutive windows they must hold. */
const ON_SCORE = 0.7;
const SUSPECT_SCORE = 0.4;
const CLEAR_SCORE = 0.25;
const ON_WINDOWS = 15;
const SUSPECT_WINDOWS = 10;
const RELEASE_WINDOWS = 15;
/**
 * An exact ceiling (separate hits that share their loudest sample value to the last bit) holds
 * "on" after this many windows instead of ON_WINDOWS. The wait keeps a score that wavers around
 * ON_SCORE from flickering the warning; exact hits cannot waver: their count changes only when a
 * hit enters or leaves the span, and unprocessed audio does not make them. On sparse material
 * (a ballad's kick every 1.7 s) the second exact hit may come 8 s in, and a second of waiting
 * on top of it would take the warning past the 10 s it is promised within.
 */
const EXACT_ON_WINDOWS = 5;
/**
 * Pumping: the median top-band change across the bass onsets of the last PUMP_SPAN windows (10 s:
 * at 60–90 bpm a 6 s span holds too few kicks to take a median of; with three, unprocessed
 * mixes read down to −1.6 dB), taken once there are PUMP_MIN_ONSETS of them. No evidence at
 * PUMP_NONE_DB or above, full at PUMP_FULL_DB. Synthesized unprocessed mixes read −0.7 dB at the
 * lowest (a snare or hats land with the kick), a 4:1 bus compressor with a 10 ms attack −1.4 to
 * −4.3 dB; but real tracker renders read down to −8 dB with no compressor (the kick cuts what the
 * channel played), which is why the dip (DIP_*) must come with it. Medians are taken over the
 * distinct values: a looped bar replayed bit for bit gives the same value every time, and counts
 * once (PUMP_MIN_ONSETS distinct onsets are needed).
 */
const PUMP_SPAN = 100;
const PUMP_MIN_ONSETS = 6;
const PUMP_NONE_DB = -1;
const PUMP_FULL_DB = -2;
/**
 * The top band must also come back (the kernel's PW_TOP_DIP_DB, median over the same onsets):
 * no evidence at DIP_NONE_DB or below, full at DIP_FULL_DB. A compressor lets go of its gain
 * with its release, so the highs 100–200 ms after the kick are louder again than 25–100 ms after
 * it; an arrangement's ducking (hats that stop, a kick that cuts a cymbal on a tracker channel,
 * a decaying chord) does not come back. Unprocessed General MIDI and tracker renders read +0.7
 * dB at the most over a whole song (one tracker song +1.8 dB over 10 s), with median duckings
 * down to −8 dB; a 4:1 compressor puts 2–3 dB of return on the same songs where its ducking
 * shows, and a textbook one over a steady wash (150 ms release) 1.5 dB.
 */
const DIP_NONE_DB = 0.5;
const DIP_FULL_DB = 1.5;
/** Pumping alone reaches this score: "suspected" at most, a question; "on" only with crushed dynamics or peak evidence. */
const PUMP_ALONE = 0.5;
/** Confidence smoothing per window. */
const CONFIDENCE_ALPHA = 0.15;

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);
const percent = (x: number) => `${Math.round(x * 100)} %`;
/** One decimal, with a proper minus sign, and never "−0.0". */
const dbText = (x: number) => {
  const text = Math.abs(x).toFixed(1);
  return `${x < 0 && text !== '0.0' ? '\u2212' : ''}${text}`;
};

/** Whether a sample peak (dBFS, from an f32 sample value) is a whole number of 16-bit codes. */
function onSixteenBitGrid(dbfs: number): boolean {
  if (dbfs <= FLOOR_DB) return false;
  const codes = 10 ** (dbfs / 20) * SIXTEEN_BIT_CODES;
  return Math.abs(codes - Math.round(codes)) < 1e-6;
}

/** Evidence computed over the last SPAN windows. */
export interface MasteringEvidence {
  activeWindows: number;
  ceilingShare: number;
  ceilingDb: number;
  ceilingIsTruePeak: boolean;
  ceilingMotionDb: number;
  flatShare: number;
  psrDb: number;
  /** Of the windows within 3 dB of the top (the top one excluded), the share at the ceiling. */
  nearShare: number;
  /** Separate hits (non-adjacent windows) whose sample peak equals the top one exactly. */
  exactPeakEvents: number;
  /** The top sample peak of the active windows (dBFS). */
  samplePeakTopDbfs: number;
  /** Loudness spread (dB, standard deviation) of the windows within 0.1 dB of the top sample peak: a drum loop's repeats do not move. */
  samplePeakTopMotionDb: number;
  /** The top sample peak is a 16-bit code, where two hits can share it by chance. */
  samplePeakTopOnSixteenBitGrid: boolean;
  /** Separate exact hits that make a ceiling for this top (EXACT_ON_EVENTS, or EXACT_OFF_GRID_ON_EVENTS off the 16-bit grid). */
  exactOnEvents: number;
  /** How percussive the signal is: 0 = sustained … 1 = percussive (sets the PSR bounds). */
  transient: number;
  /** PSR at or above which crushed dynamics are no evidence, for this signal (dB). */
  psrHighDb: number;
  /** Spread (standard deviation) of the true peaks of the loudest quarter of the active windows, dB. */
  loudPeakSpreadDb: number;
  /** Standard deviation of the active windows' loudness, dB. */
  loudnessMotionDb: number;
  /** Median change of loudness between consecutive active windows, dB (≈ 0 for a steady signal). */
  windowToWindowDb: number;
  /** Share of the active windows within PLATEAU_DB of the loudest (one window's worth for music). */
  plateauShare: number;
  /** A tone or test signal, stepped or glitching (STEADY_MAX_DB, PLATEAU_SHARE): its equal peaks and flat tops are its nature. */
  steady: boolean;
  /** The loudness moves like programme material's: PSR and pinned loud peaks count only then. */
  programme: boolean;
  /** Median change of the top band across the bass onsets of the last 10 s, dB (negative: it ducks after each kick); FLOOR_DB with fewer than PUMP_MIN_ONSETS. */
  pumpingDb: number;
  /** Bass onsets measured in the last 10 s (active windows; a bit-identical repeat counts once). */
  pumpingOnsets: number;
  /** Median dip of the top band after the bass onsets of the last 10 s (positive: it came back), dB; FLOOR_DB with fewer than PUMP_MIN_ONSETS. */
  pumpingDipDb: number;
  score: number;
}

export class MasteringDetector {
  private readonly truePeak = new Float64Array(CAPACITY);
  private readonly samplePeak = new Float64Array(CAPACITY);
  private readonly loudness = new Float64Array(CAPACITY);
  private readonly shortTerm = new Float64Array(CAPACITY);
  private readonly flat = new Float64Array(CAPACITY);
  private readonly topDuck = new Float64Array(CAPACITY);
  private readonly topDip = new Float64Array(CAPACITY);
  /** Scratch for the loudness quartile (SPAN values, sorted in place; no allocation per window). */
  private readonly sortScratch = new Float64Array(SPAN);
  /** Scratch for the window-to-window loudness changes (median; no allocation per window). */
  private readonly changeScratch = new Float64Array(SPAN);
  /** Scratch for the median ducking and dip (no allocation per window). */
  private readonly duckScratch = new Float64Array(PUMP_SPAN);
  private readonly dipScratch = new Float64Array(PUMP_SPAN);
  private count = 0;
  private next = 0;
  private lastIndex = -1;
  private above = 0;
  private below = 0;
  private state: MasteringState = 'off';
  private confidence = 0;
  /** Windows lost because reads came too far apart (more than 4 windows). */
  missedWindows = 0;
  readonly evidence: MasteringEvidence = {
    activeWindows: 0, ceilingShare: 0, ceilingDb: FLOOR_DB, ceilingIsTruePeak: true, ceilingMotionDb: 0,
    flatShare: 0, psrDb: FLOOR_DB, nearShare: 0, exactPeakEvents: 0, samplePeakTopDbfs: FLOOR_DB, samplePeakTopMotionDb: 0, samplePeakTopOnSixteenBitGrid: false, exactOnEvents: EXACT_ON_EVENTS, transient: 0, psrHighDb: PSR_SUSTAINED_HIGH_DB, loudPeakSpreadDb: 0, loudnessMotionDb: 0, windowToWindowDb: 0, plateauShare: 0, steady: false, programme: false, pumpingDb: FLOOR_DB, pumpingOnsets: 0, pumpingDipDb: FLOOR_DB, score: 0,
  };
  private verdict: MasteringVerdict = { state: 'off', confidence: 0, reasons: [], kind: null, ceilingDbtp: null };

  /** Takes the feature windows closed since the previous call; returns the current verdict. */
  update(readings: Readings): MasteringVerdict {
    const windows = readings.masteringWindows;
    if (readings.masteringWindowsClosed - 1 < this.lastIndex) this.reset(); // the meter was reset
    let changed = false;
    for (let i = windows.length - 1; i >= 0; i--) {
      const w = windows[i];
      if (w.index <= this.lastIndex) continue;
      if (w.index > this.lastIndex + 1 && this.lastIndex >= 0) this.missedWindows += w.index - this.lastIndex - 1;
      this.lastIndex = w.index;
      this.push(w);
      this.step();
      changed = true;
    }
    if (changed) this.verdict = this.describe();
    return this.verdict;
  }

  reset(): void {
    this.count = 0;
    this.next = 0;
    this.lastIndex = -1;
    this.above = 0;
    this.below = 0;
    this.state = 'off';
    this.confidence = 0;
    this.missedWindows = 0;
    this.verdict = { state: 'off', confidence: 0, reasons: [], kind: null, ceilingDbtp: null };
  }

  private push(w: MasteringWindow): void {
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
  private at(age: number): number {
    return (this.next - 1 - age + CAPACITY * 2) % CAPACITY;
  }

  private evaluate(): MasteringEvidence {
    const e = this.evidence;
    const span = Math.min(SPAN, this.count);
    let active = 0;
    let tpTop = FLOOR_DB;
    let spTop = FLOOR_DB;
    for (let a = 0; a < span; a++) {
      const k = this.at(a);
      if (this.loudness[k] <= ACTIVE_LUFS || this.truePeak[k] <= ACTIVE_DBTP) continue;
      active++;
      tpTop = Math.max(tpTop, this.truePeak[k]);
      spTop = Math.max(spTop, this.samplePeak[k]);
    }
    e.activeWindows = active;
    e.score = 0;
    e.ceilingShare = 0;
    e.flatShare = 0;
    e.psrDb = FLOOR_DB;
    e.windowToWindowDb = 0;
    e.plateauShare = 0;
    e.steady = false;
    e.programme = false;
    e.ceilingMotionDb = 0;
    e.exactPeakEvents = 0;
    e.pumpingDb = FLOOR_DB;
    e.pumpingOnsets = 0;
    e.pumpingDipDb = FLOOR_DB;
    if (active < MIN_ACTIVE) return e;
    const tp = this.pinned(span, this.truePeak, tpTop - TRUE_PEAK_TOLERANCE_DB);
    const sp = this.pinned(span, this.samplePeak, spTop - SAMPLE_PEAK_TOLERANCE_DB);
    this.steadiness(span, e);
    e.steady = e.windowToWindowDb < STEADY_MAX_DB || e.plateauShare >= PLATEAU_SHARE;
    const ceilingWeight = (motion: number) => (motion >= MOTION_MIN_DB && !e.steady ? 1 : STILL_CEILING_WEIGHT);
    const useSample = sp.share * ceilingWeight(sp.motion) > tp.share * ceilingWeight(tp.motion);
    const ceiling = useSample ? sp : tp;
    e.ceilingShare = ceiling.share;
    e.ceilingMotionDb = ceiling.motion;
    e.ceilingIsTruePeak = !useSample;
    e.ceilingDb = useSample ? spTop : tpTop;
    e.samplePeakTopDbfs = spTop;
    e.samplePeakTopMotionDb = sp.motion;
    e.samplePeakTopOnSixteenBitGrid = onSixteenBitGrid(spTop);
    e.exactOnEvents = e.samplePeakTopOnSixteenBitGrid ? EXACT_ON_EVENTS : EXACT_OFF_GRID_ON_EVENTS;
    e.exactPeakEvents = this.exactPeakEvents(span, spTop);

    let flatWindows = 0;
    let psrSum = 0;
    let psrCount = 0;
    let loudnessSum = 0;
    let loudnessSquares = 0;
    for (let a = 0; a < span; a++) {
      const k = this.at(a);
      if (this.loudness[k] <= ACTIVE_LUFS || this.truePeak[k] <= ACTIVE_DBTP) continue;
      if (this.flat[k] >= FLAT_WINDOW_SAMPLES && this.samplePeak[k] >= spTop - SAMPLE_PEAK_TOLERANCE_DB) flatWindows++;
      loudnessSum += this.loudness[k];
      loudnessSquares += this.loudness[k] * this.loudness[k];
      // PSR per EBU practice: the true peak over the last 3 s against the short-term loudness.
      if (this.shortTerm[k] > ACTIVE_LUFS && a < PSR_SPAN && a + 30 <= this.count) {
        let peak = FLOOR_DB;
        for (let b = 0; b < 30; b++) peak = Math.max(peak, this.truePeak[this.at(a + b)]);
        psrSum += peak - this.shortTerm[k];
        psrCount++;
      }
    }
    e.flatShare = flatWindows / active;
    {
      // Windows at the ceiling against the windows within NEAR_DB of the top (the top one excluded).
      const values = useSample ? this.samplePeak : this.truePeak;
      const top = useSample ? spTop : tpTop;
      const tolerance = useSample ? SAMPLE_PEAK_TOLERANCE_DB : TRUE_PEAK_TOLERANCE_DB;
      let atTop = 0, near = 0;
      for (let a = 0; a < span; a++) {
        const k = this.at(a);
        if (this.loudness[k] <= ACTIVE_LUFS || this.truePeak[k] <= ACTIVE_DBTP) continue;
        if (values[k] >= top - tolerance) atTop++;
        if (values[k] >= top - NEAR_DB) near++;
      }
      e.nearShare = near - 1 >= NEAR_MIN_WINDOWS ? (atTop - 1) / (near - 1) : 0;
    }
    e.psrDb = psrCount > 0 ? psrSum / psrCount : FLOOR_DB;

    // Most of the windows that come within 3 dB of the top sitting exactly at it is the other
    // half of a ceiling (unlimited peaks spread over those 3 dB): it strengthens a ceiling seen
    // in enough windows.
    const nearBoost = ceiling.share >= CEILING_LOW ? clamp01((e.nearShare - NEAR_LOW) / (NEAR_HIGH - NEAR_LOW)) : 0;
    const ceilingScore = Math.min(1, clamp01((ceiling.share - CEILING_LOW) / (CEILING_HIGH - CEILING_LOW)) + 0.5 * nearBoost) * ceilingWeight(ceiling.motion);
    // A steady signal's flat tops are its shape (a square wave), not a clipper's work on music.
    const flatScore = clamp01((e.flatShare - FLAT_LOW) / (FLAT_HIGH - FLAT_LOW)) * (e.steady ? STILL_CEILING_WEIGHT : 1);
    const loudnessMean = loudnessSum / active;
    e.loudnessMotionDb = Math.sqrt(Math.max(0, loudnessSquares / active - loudnessMean * loudnessMean));
    e.loudPeakSpreadDb = this.loudPeakSpread(span);
    e.programme = e.loudnessMotionDb >= PSR_MOTION_MIN_DB && !e.steady;
    e.transient = clamp01((e.windowToWindowDb - TRANSIENT_FROM_DB) / (TRANSIENT_TO_DB - TRANSIENT_FROM_DB));
    const psrLow = PSR_SUSTAINED_LOW_DB + e.transient * (PSR_PERCUSSIVE_LOW_DB - PSR_SUSTAINED_LOW_DB);
    e.psrHighDb = PSR_SUSTAINED_HIGH_DB + e.transient * (PSR_PERCUSSIVE_HIGH_DB - PSR_SUSTAINED_HIGH_DB);
    const psrScore = psrCount > 0 && e.programme ? clamp01((e.psrHighDb - e.psrDb) / (e.psrHighDb - psrLow)) : 0;
    const exact = e.exactPeakEvents;
    const exactScore = (exact >= EXACT_FULL_EVENTS ? 1 : exact >= e.exactOnEvents ? 0.8 : exact >= EXACT_SUSPECT_EVENTS ? 0.3 : 0) * ceilingWeight(sp.motion);
    const spreadScore = e.programme ? clamp01((SPREAD_HIGH_DB - e.loudPeakSpreadDb) / (SPREAD_HIGH_DB - SPREAD_LOW_DB)) : 0;
    this.pumping(e);
    const pumpScore = e.pumpingOnsets >= PUMP_MIN_ONSETS && !e.steady ? Math.min(
      clamp01((PUMP_NONE_DB - e.pumpingDb) / (PUMP_NONE_DB - PUMP_FULL_DB)),
      clamp01((e.pumpingDipDb - DIP_NONE_DB) / (DIP_FULL_DB - DIP_NONE_DB)),
    ) : 0;
    // A ceiling, flat tops or (sustained, deep) crushed dynamics can each make the verdict "on";
    // pumping alone only "suspected"; partial evidence of two kinds adds up. Crushed PSR and pumping are both the
    // work of gain reduction on the dynamics: either pairs with the peak evidence, and the two
    // together add up as well.
    // Pinned loud peaks are peak evidence too, but weaker alone than an exact ceiling, and alone
    // worth nothing on sustained material, whose peaks vary little by nature.
    const peaks = Math.max(ceilingScore, exactScore, flatScore, SPREAD_ALONE * spreadScore * e.transient);
    const peaksFull = Math.max(ceilingScore, exactScore, flatScore, spreadScore);
    const dynamics = Math.max(PSR_ALONE * psrScore, PUMP_ALONE * pumpScore);
    const dynamicsFull = Math.max(psrScore, pumpScore);
    e.score = Math.min(1, Math.max(peaks, dynamics) + 0.5 * Math.min(peaksFull, dynamicsFull) + 0.5 * Math.min(psrScore, pumpScore));
    return e;
  }

  /**
   * Into e.windowToWindowDb the median |loudness change| (dB) between consecutive active windows,
   * and into e.plateauShare the share of active windows within PLATEAU_DB of the loudest.
   */
  private steadiness(span: number, e: MasteringEvidence): void {
    const changes = this.changeScratch;
    changes.fill(Infinity);
    let n = 0;
    let active = 0;
    let loudest = FLOOR_DB;
    for (let a = 0; a < span; a++) {
      const k = this.at(a);
      if (this.loudness[k] <= ACTIVE_LUFS) continue;
      active++;
      loudest = Math.max(loudest, this.loudness[k]);
      if (a + 1 >= span) continue;
      const j = this.at(a + 1);
      if (this.loudness[j] > ACTIVE_LUFS) changes[n++] = Math.abs(this.loudness[k] - this.loudness[j]);
    }
    let plateau = 0;
    for (let a = 0; a < span; a++) {
      const k = this.at(a);
      if (this.loudness[k] > ACTIVE_LUFS && this.loudness[k] >= loudest - PLATEAU_DB) plateau++;
    }
    changes.sort();
    e.windowToWindowDb = n > 0 ? changes[n >> 1] : 0;
    e.plateauShare = active > 0 ? plateau / active : 0;
  }

  /**
   * Into e.pumpingDb, e.pumpingDipDb and e.pumpingOnsets the median ducking, the median dip and
   * the onsets of the last PUMP_SPAN active windows. A value equal to the last bit to one already
   * taken is the same audio played again (a looped bar in a tracker or a sampler) and is taken
   * once: a loop repeated twenty times is one measurement, not twenty.
   */
  private pumping(e: MasteringEvidence): void {
    const span = Math.min(PUMP_SPAN, this.count);
    e.pumpingOnsets = this.distinctMedian(span, this.topDuck, this.duckScratch);
    e.pumpingDb = e.pumpingOnsets >= PUMP_MIN_ONSETS ? this.median : FLOOR_DB;
    const dips = this.distinctMedian(span, this.topDip, this.dipScratch);
    e.pumpingDipDb = dips >= PUMP_MIN_ONSETS ? this.median : FLOOR_DB;
  }

  /** Result of distinctMedian. */
  private median = FLOOR_DB;

  /** The median of the distinct measured values of `values` in the last `span` active windows (into this.median); returns how many. */
  private distinctMedian(span: number, values: Float64Array, scratch: Float64Array): number {
    scratch.fill(Infinity);
    let n = 0;
    for (let a = 0; a < span; a++) {
      const k = this.at(a);
      if (values[k] <= FLOOR_DB || this.loudness[k] <= ACTIVE_LUFS || this.truePeak[k] <= ACTIVE_DBTP) continue;
      let seen = false;
      for (let i = 0; i < n && !seen; i++) seen = scratch[i] === values[k];
      if (!seen) scratch[n++] = values[k];
    }
    scratch.sort();
    this.median = n === 0 ? FLOOR_DB : n % 2 === 1 ? scratch[n >> 1] : (scratch[(n >> 1) - 1] + scratch[n >> 1]) / 2;
    return n;
  }

  /** Standard deviation (dB) of the true peaks of the loudest quarter of the active windows. */
  private loudPeakSpread(span: number): number {
    const values = this.sortScratch;
    values.fill(-Infinity);
    let active = 0;
    for (let a = 0; a < span; a++) {
      const k = this.at(a);
      if (this.loudness[k] <= ACTIVE_LUFS || this.truePeak[k] <= ACTIVE_DBTP) continue;
      values[active++] = this.loudness[k];
    }
    values.sort();
    const quarter = Math.ceil(active / 4);
    const threshold = values[values.length - quarter];
    let n = 0, sum = 0, squares = 0;
    for (let a = 0; a < span && n < quarter; a++) {
      const k = this.at(a);
      if (this.loudness[k] <= ACTIVE_LUFS || this.truePeak[k] <= ACTIVE_DBTP || this.loudness[k] < threshold || this.repeats(a, span)) continue;
      n++;
      sum += this.truePeak[k];
      squares += this.truePeak[k] * this.truePeak[k];
    }
    const mean = n > 0 ? sum / n : 0;
    return n > 1 ? Math.sqrt(Math.max(0, squares / n - mean * mean)) : 0;
  }

  /** Share of active windows at or above `level` in `values`, and the loudness spread among them. */
  private pinned(span: number, values: Float64Array, level: number): { share: number; motion: number } {
    let n = 0, active = 0, sum = 0, sumSquares = 0;
    for (let a = 0; a < span; a++) {
      const k = this.at(a);
      if (this.loudness[k] <= ACTIVE_LUFS || this.truePeak[k] <= ACTIVE_DBTP) continue;
      active++;
      if (values[k] < level || this.repeats(a, span)) continue;
      n++;
      sum += this.loudness[k];
      sumSquares += this.loudness[k] * this.loudness[k];
    }
    const mean = n > 0 ? sum / n : 0;
    const motion = n > 1 ? Math.sqrt(Math.max(0, sumSquares / n - mean * mean)) : 0;
    return { share: n >= CEILING_MIN_WINDOWS ? n / Math.max(active, SHARE_MIN_WINDOWS) : 0, motion };
  }

  /**
   * Whether the window `age` windows back replays an older window of the span: the same sample
   * peak and the same true peak to the last bit. The true peak is computed from the samples
   * around the peak, so two windows share both only when the same audio plays again (a sampler,
   * a tracker or a drum machine replaying one hit at one velocity, or a copied bar). A ceiling
   * meets different hits: they reach one sample value from different waveforms, so their true
   * peaks differ.
   */
  private repeats(age: number, span: number): boolean {
    const k = this.at(age);
    for (let a = age + 1; a < span; a++) {
      const j = this.at(a);
      if (this.samplePeak[j] === this.samplePeak[k] && this.truePeak[j] === this.truePeak[k]) return true;
    }
    return false;
  }

  /**
   * Separate hits whose sample peak is `top` to the last bit: active windows at the top, counting
   * a run of adjacent windows once (one hit can straddle a window boundary).
   */
  private exactPeakEvents(span: number, top: number): number {
    let events = 0;
    let previous = -2;
    for (let a = 0; a < span; a++) {
      const k = this.at(a);
      if (this.loudness[k] <= ACTIVE_LUFS || this.truePeak[k] <= ACTIVE_DBTP) continue;
      if (top - this.samplePeak[k] > EXACT_DB) continue;
      if (a > previous + 1 && !this.repeats(a, span)) events++;
      previous = a;
    }
    return events;
  }

  private step(): void {
    const score = this.evaluate().score;
    this.confidence += (score - this.confidence) * CONFIDENCE_ALPHA;
    if (this.state === 'on') {
      this.below = score < SUSPECT_SCORE ? this.below + 1 : 0;
      if (this.below >= RELEASE_WINDOWS) {
        this.state = score < CLEAR_SCORE ? 'off' : 'suspected';
        this.below = 0;
        this.above = 0;
      }
      return;
    }
    this.above = score >= ON_SCORE ? this.above + 1 : 0;
    if (this.above >= ON_WINDOWS || (this.above >= EXACT_ON_WINDOWS && this.exactCeiling())) {
      this.state = 'on';
      this.above = 0;
      this.below = 0;
      return;
    }
    if (this.state === 'off') {
      this.below = score >= SUSPECT_SCORE ? this.below + 1 : 0;
      if (this.below >= SUSPECT_WINDOWS) {
        this.state = 'suspected';
        this.below = 0;
      }
    } else {
      this.below = score < CLEAR_SCORE ? this.below + 1 : 0;
      if (this.below >= SUSPECT_WINDOWS) {
        this.state = 'off';
        this.below = 0;
      }
    }
  }

  /** Separate hits share the loudest sample value to the last bit, as only a ceiling makes them (EXACT_*). */
  private exactCeiling(): boolean {
    const e = this.evidence;
    return e.exactPeakEvents >= e.exactOnEvents && e.samplePeakTopMotionDb >= MOTION_MIN_DB && !e.steady;
  }

  private describe(): MasteringVerdict {
    const e = this.evidence;
    const reasons: string[] = [];
    let kind: MasteringKind | null = null;
    let ceilingDbtp: number | null = null;
    const seconds = Math.round(Math.min(SPAN, this.count) / 10);
    const clipping = e.flatShare >= FLAT_LOW;
    if (e.ceilingShare >= CEILING_LOW && e.ceilingMotionDb >= MOTION_MIN_DB && !e.steady) {
      const unit = e.ceilingIsTruePeak ? 'dBTP' : 'dBFS';
      reasons.push(`peaks stop at ${dbText(e.ceilingDb)} ${unit} in ${percent(e.ceilingShare)} of the last ${seconds} s: that is ${clipping ? "a clipper's" : "a limiter's"} ceiling`);
      kind = 'limiter';
      ceilingDbtp = Math.round(e.ceilingDb * 100) / 100;
    }
    if (this.exactCeiling()) {
      reasons.push(`${e.exactPeakEvents} separate hits in the last ${seconds} s peak at exactly the same sample value (${dbText(e.samplePeakTopDbfs)} dBFS): unprocessed audio never repeats its loudest sample, ${clipping ? 'a clipper' : 'a limiter'} does`);
      if (kind === null) kind = 'limiter';
    }
    if (clipping) {
      reasons.push(`the waveform has flat tops at that level in ${percent(e.flatShare)} of the last ${seconds} s: a clipper is cutting the peaks`);
      kind = 'clipper';
    }
    if (e.activeWindows >= MIN_ACTIVE && e.programme && e.loudPeakSpreadDb < SPREAD_HIGH_DB) {
      reasons.push(`the peaks of the loudest moments of the last ${seconds} s vary by only ${dbText(e.loudPeakSpreadDb)} dB: something holds them down while the music gets louder`);
      if (kind === null) kind = 'dynamics';
    }
    if (e.programme && e.psrDb > FLOOR_DB && e.psrDb < e.psrHighDb) {
      reasons.push(`peaks are only ${dbText(e.psrDb)} dB above the short-term loudness: the dynamics are squashed like a finished master's`);
      if (kind === null) kind = 'dynamics';
    }
    if (e.pumpingOnsets >= PUMP_MIN_ONSETS && !e.steady && e.pumpingDb < PUMP_NONE_DB && e.pumpingDipDb > DIP_NONE_DB) {
      reasons.push(`the highs duck by ${dbText(-e.pumpingDb)} dB after each kick and come back ${dbText(e.pumpingDipDb)} dB within 200 ms (the median of ${e.pumpingOnsets} in the last ${Math.round(Math.min(PUMP_SPAN, this.count) / 10)} s): that is how a bus compressor pumps`);
      if (kind === null) kind = 'dynamics';
    }
    return {
      state: this.state,
      confidence: Math.round(this.confidence * 100) / 100,
      reasons: this.state === 'off' && this.confidence < CLEAR_SCORE ? [] : reasons,
      kind: this.state === 'off' && this.confidence < CLEAR_SCORE ? null : kind,
      ceilingDbtp,
    };
  }
}

/** Plain words for the warning panel: a title and what to do. */
export function describeVerdict(verdict: MasteringVerdict): { title: string; advice: string } {
  if (verdict.state === 'off') {
    return { title: 'No mastering processing detected', advice: 'Keep about 3–6 dB of headroom on the master bus (peaks between −6 and −3 dBFS) for the mixdown.' };
  }
  const what = verdict.kind === 'clipper' ? 'a clipper' : verdict.kind === 'dynamics' ? 'bus compression or a maximiser' : 'a limiter';
  const action = verdict.kind === 'clipper' ? 'Bypass the clipper on your master bus before you bounce.'
    : verdict.kind === 'dynamics' ? 'Bypass the compressor or maximiser on your master bus before you bounce.'
    : 'Bypass the limiter on your master bus before you bounce.';
  const headroom = ' Then pull the mix down so that peaks sit between −6 and −3 dBFS: leave that headroom for mastering.';
  if (verdict.state === 'suspected') {
    // A question: the evidence is partial, and the producer knows what is on the bus.
    const question = verdict.kind === 'clipper' ? 'Is a clipper on your bus?' : verdict.kind === 'dynamics' ? 'Is a compressor or maximiser on your bus?' : 'Is a limiter on your bus?';
    return { title: question, advice: `If you are auditioning a master, fine. ${action}${headroom}` };
  }
  return { title: `Your bus has mastering plugins on: ${what}`, advice: `${action}${headroom}` };
}
