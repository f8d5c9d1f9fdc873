// Runs the fingerprints over the last SPAN windows and combines them into one score, 0…1.

import { FLOOR_DB } from '../../contract/readings-layout.js';
import {
  ceilingHeld, ceilingScore, ceilingWeight, nearShare, passedBy, pinned, samplePeakHeld, SAMPLE_PEAK_TOLERANCE_DB, STILL_CEILING_WEIGHT, TRUE_PEAK_TOLERANCE_DB, type Pinned,
} from './ceiling.js';
import { measurePsr, PSR_ALONE, PSR_SUSTAINED_HIGH_DB, psrScore, uncrushedBefore } from './crushed-dynamics.js';
import {
  atFullScale, EXACT_ON_EVENTS, exactOnEvents, exactPeakEvents, exactScore, GRID_VALUES, lowerSamplePeaks, onScaledSixteenBitGrid, onSixteenBitGrid,
} from './exact-peaks.js';
import { clearEvidence, createEvidence, MIN_ACTIVE, SPAN, type MasteringEvidence } from './evidence.js';
import { flatScore, flatShare } from './flat-tops.js';
import { LoudPeaks, spreadScore } from './loud-peaks.js';
import { OvershotCeiling, overshotScore } from './overshot-ceiling.js';
import { PANNED_PSR_ALONE, PannedParts } from './panned-parts.js';
import { pumpScore, Pumping } from './pumping.js';
import { ReplayedPassage } from './replayed-passage.js';
import { SignalCharacter } from './signal-character.js';
import { SUSPECT_SCORE } from './state-machine.js';
import type { WindowHistory } from './window-history.js';

export class Fingerprints {
  readonly evidence: MasteringEvidence = createEvidence(EXACT_ON_EVENTS, PSR_SUSTAINED_HIGH_DB);
  private readonly character = new SignalCharacter();
  private readonly loudPeaks = new LoudPeaks();
  private readonly panned = new PannedParts();
  private readonly pumping = new Pumping();
  private readonly overshot = new OvershotCeiling();
  private readonly replayed = new ReplayedPassage();
  private readonly overshotPinned: Pinned = { share: 0, motion: 0, moments: 0 };
  private readonly tp: Pinned = { share: 0, motion: 0, moments: 0 };
  private readonly sp: Pinned = { share: 0, motion: 0, moments: 0 };
  private readonly lowerPeaks = new Float64Array(GRID_VALUES);

  /** `lossySource`: the audio was decoded from MP3 or Ogg, where exact sample values say nothing of a ceiling (mastering-detector.ts). */
  constructor(private readonly lossySource = false) {}

  /** Fills this.evidence from the windows of `h`, its score last. */
  evaluate(h: WindowHistory): MasteringEvidence {
    const e = this.evidence;
    const span = Math.min(SPAN, h.count);
    let active = 0;
    let tpTop = FLOOR_DB;
    let spTop = FLOOR_DB;
    let loudestShortTerm = FLOOR_DB;
    for (let a = 0; a < span; a++) {
      const k = h.at(a);
      if (!h.active(k)) continue;
      active++;
      tpTop = Math.max(tpTop, h.truePeak[k]);
      spTop = Math.max(spTop, h.samplePeak[k]);
      loudestShortTerm = Math.max(loudestShortTerm, h.shortTerm[k]);
    }
    clearEvidence(e, active);
    if (h.count < SPAN || active < MIN_ACTIVE) return e;

    // What kind of signal this is decides what the rest may say.
    this.character.steadiness(h, span, e);
    this.character.motion(h, span, e);

    // Processing switched in on a passage played again is a warning on its own, and so is that
    // pass played again unchanged (replayed-passage.ts); a steady signal matches itself anywhere
    // and is not compared.
    if (!e.steady) this.replayed.measure(h, e);
    const switchedIn = e.switchedIn || e.stillSwitchedIn ? 1 : 0;

    // Peak evidence: a ceiling (true peak or sample peak, whichever is stronger), exact hits, flat tops, pinned loud peaks.
    const tp = this.tp, sp = this.sp;
    pinned(h, span, h.truePeak, tpTop - TRUE_PEAK_TOLERANCE_DB, tp);
    pinned(h, span, h.samplePeak, spTop - SAMPLE_PEAK_TOLERANCE_DB, sp);
    const useSample = sp.share * ceilingWeight(sp.motion, e.steady) > tp.share * ceilingWeight(tp.motion, e.steady);
    const ceiling = useSample ? sp : tp;
    e.ceilingShare = ceiling.share;
    e.ceilingMotionDb = ceiling.motion;
    e.ceilingMoments = ceiling.moments;
    e.ceilingIsTruePeak = !useSample;
    e.ceilingDb = useSample ? spTop : tpTop;
    e.nearShare = nearShare(h, span, useSample ? h.samplePeak : h.truePeak, e.ceilingDb, useSample ? SAMPLE_PEAK_TOLERANCE_DB : TRUE_PEAK_TOLERANCE_DB);
    e.truePeakPassedDb = passedBy(h, span, h.truePeak, tpTop, loudestShortTerm);
    e.samplePeakPassedDb = passedBy(h, span, h.samplePeak, spTop, loudestShortTerm);
    e.samplePeakTopDbfs = spTop;
    e.samplePeakTopMotionDb = sp.motion;
    e.exactPeakEvents = this.lossySource ? 0 : exactPeakEvents(h, span, spTop);
    e.samplePeakTopOnSixteenBitGrid = onSixteenBitGrid(spTop);
    // Only where it decides anything (fewer exact hits than a ceiling needs on the grid, enough
    // off it) is the costlier search for a 16-bit grid run: at a fader's gain, and at full scale,
    // which is a whole number of 16-bit codes as it is of every format's, so that only the
    // windows' lower peaks tell 16-bit audio, where two hits can share the top code by chance,
    // from a floating-point bus clipped or limited at 0 dBFS, where two hits there are a ceiling.
    const undecided = e.exactPeakEvents >= exactOnEvents(false) && e.exactPeakEvents < exactOnEvents(true);
    if (undecided && (!e.samplePeakTopOnSixteenBitGrid || atFullScale(spTop))) {
      const count = lowerSamplePeaks(h, span, spTop, this.lowerPeaks);
      e.samplePeakTopOnSixteenBitGrid = e.samplePeakTopOnSixteenBitGrid && count < GRID_VALUES
        || onScaledSixteenBitGrid(10 ** (spTop / 20), this.lowerPeaks, count);
    }
    e.exactOnEvents = exactOnEvents(e.samplePeakTopOnSixteenBitGrid);
    this.overshot.measure(h, span, spTop, this.overshotPinned);
    e.overshotShare = this.overshotPinned.share;
    e.overshotDb = this.overshot.level;
    e.overshotMotionDb = this.overshotPinned.motion;
    e.flatShare = flatShare(h, span, spTop, active);
    e.loudPeakSpreadDb = this.loudPeaks.spread(h, span);
    e.pannedParts = this.panned.measure(h, this.loudPeaks.loudest, this.loudPeaks.loudestCount);
    // A ceiling, exact hits and flat tops are each a level nothing passes: void when the last 30 s passed it.
    const held = ceilingHeld(e) ? 1 : 0;
    const sampleHeld = samplePeakHeld(e) ? 1 : 0;
    // Where parts panned apart pin the loudest peaks, a ceiling, flat tops and pinned loud peaks say nothing (panned-parts.ts).
    const ceilingInSpan = e.pannedParts ? 0 : ceilingScore(e.ceilingShare, e.nearShare, e.ceilingMoments, ceilingWeight(ceiling.motion, e.steady));
    const ceilingEvidence = ceilingInSpan * held;
    // Exact hits need no loudness motion among the windows at the top, only a signal that is not
    // steady: a replay (the motion test's old target, a drum loop) is already counted once
    // (WindowHistory.repeats), and two different hits landing on one sample value are a ceiling
    // however alike their windows' loudness (a light limiter touching two kicks of one mix: on the
    // real-music set 11 processed files more warned within 10 s, no unprocessed file changed).
    const exactEvidence = exactScore(e.exactPeakEvents, e.exactOnEvents) * (e.steady ? STILL_CEILING_WEIGHT : 1) * sampleHeld;
    // Flat tops where parts panned apart pin the peaks are the parts' own waveforms (panned-parts.ts).
    const flatEvidence = e.pannedParts ? 0 : flatScore(e.flatShare, e.steady) * sampleHeld;
    // A ceiling under overshoots is not voided by louder peaks before: overshooting it is its nature.
    const overshotEvidence = overshotScore(e.overshotShare) * ceilingWeight(e.overshotMotionDb, e.steady);
    const spreadEvidence = e.pannedParts ? 0 : spreadScore(e.loudPeakSpreadDb, e.programme);

    // Dynamics evidence: crushed PSR, pumping.
    const crushed = psrScore(e, measurePsr(h, span, e));
    // Crushed dynamics that an earlier passage as loud did not have are the arrangement's, unless
    // the peaks stop at a level now, enough to ask about had the last 30 s not peaked past it: a
    // limiter switched in at the mix's former loudness (a gain-matched audition) leaves both an
    // uncrushed passage as loud and higher peaks before, and its crushed dynamics count beside
    // its ceiling (which those peaks, no louder, do not void: passedBy).
    e.psrUncrushedBefore = crushed > 0 && ceilingInSpan < SUSPECT_SCORE && uncrushedBefore(h, e);
    const psrEvidence = e.psrUncrushedBefore ? 0 : crushed;
    this.pumping.measure(h, e);
    const pumpEvidence = pumpScore(e);

    // A ceiling, flat tops or (sustained, deep) crushed dynamics can each make the verdict "on";
    // partial evidence of two kinds adds up. Crushed PSR and pumping are both the work of gain
    // reduction on the dynamics: either pairs with the peak evidence, and the two together add up
    // as well. Pinned loud peaks and pumping count only in such pairs: alone, each reads on
    // unprocessed real music as it does under a compressor (fixed-velocity tracker drums pin
    // their loudest peaks to 0.3 dB; a tracker song's highs duck 4.3 dB after the kick and come
    // back 1.9 dB, inside what compressors give), so alone they would only ask false questions.
    const peaks = Math.max(ceilingEvidence, exactEvidence, flatEvidence, overshotEvidence);
    const dynamics = (e.pannedParts ? PANNED_PSR_ALONE : PSR_ALONE) * psrEvidence;
    e.score = Math.max(switchedIn, combine(peaks, spreadEvidence, dynamics, psrEvidence, pumpEvidence));
    // Exact hits and a level held to a ten-thousandth of a dB are not near a level but at it.
    e.scoreBesidesNearLevel = Math.max(switchedIn, combine(Math.max(exactEvidence, overshotEvidence), spreadEvidence, dynamics, psrEvidence, pumpEvidence));
    return e;
  }
}

/** The score, 0…1, from the evidence of peaks at a level, pinned loud peaks, crushed dynamics alone, crushed dynamics and pumping. */
function combine(peaks: number, spread: number, dynamics: number, psr: number, pump: number): number {
  const peaksFull = Math.max(peaks, spread);
  const dynamicsFull = Math.max(psr, pump);
  return Math.min(1, Math.max(peaks, dynamics) + 0.5 * Math.min(peaksFull, dynamicsFull) + 0.5 * Math.min(psr, pump));
}
