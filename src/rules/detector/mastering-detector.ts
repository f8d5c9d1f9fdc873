// "Your bus has mastering plugins on": decides from the kernel's 100 ms feature windows
// (readings slots MASTERING_*, see src/contract/readings-layout.ts) whether the signal shows mastering
// processing. A pure class: feed it Readings at any rate ≥ 10 Hz (live: each animation frame;
// offline: every 100 ms of audio) and it returns a verdict. The same code runs in the browser
// and in the CLI, so both say the same thing about the same audio.
//
// Fingerprints, all physical rather than tuned to a plug-in, each in its own module and each
// made to tell what a processor does from what an arrangement does (real programmed music —
// General MIDI and tracker renders, drum samples at fixed velocities — repeats hits, pins its
// loudest peaks and ducks its highs after the kick without any processing):
//  - ceiling.ts: the window peaks stop at one level, whatever the energy of the window;
//  - exact-peaks.ts: separate hits share their loudest sample value to the last bit;
//  - flat-tops.ts: runs of equal samples at that ceiling (a clipper);
//  - loud-peaks.ts: the true peaks of the loudest windows barely vary;
//  - crushed-dynamics.ts: a low peak-to-short-term-loudness ratio (PSR);
//  - pumping.ts: the highs duck after each kick and come back with the release.
// signal-character.ts tells steady tones and drones from programme material, score.ts combines
// the fingerprints over the last 6 s (window-history.ts), state-machine.ts adds hysteresis and
// wording.ts puts the evidence in words.

import type { Readings } from '../../engine/readings.js';
import { SPAN, type MasteringEvidence } from './evidence.js';
import { samplePeakHeld } from './ceiling.js';
import { PUMP_SPAN } from './pumping.js';
import { Fingerprints } from './score.js';
import { CLEAR_SCORE, StateMachine } from './state-machine.js';
import { offVerdict, type MasteringVerdict } from './verdict.js';
import { explain } from './wording.js';
import { WindowHistory } from './window-history.js';

export type { MasteringEvidence } from './evidence.js';
export type { MasteringKind, MasteringState, MasteringVerdict } from './verdict.js';
export { describeVerdict } from './wording.js';

export interface DetectorOptions {
  /**
   * The audio was decoded from a lossy codec (MP3, Ogg). Its sample values are the codec's: a
   * limiter's exact ceiling does not survive coding, and two hits sharing their loudest sample
   * value are one coded passage replayed (a tracker song's repeated hit), so that fingerprint is
   * off. Default false: a live input and lossless files.
   */
  lossySource?: boolean;
}

export class MasteringDetector {
  private readonly history = new WindowHistory();
  private readonly fingerprints: Fingerprints;
  private readonly machine = new StateMachine();
  private lastIndex = -1;
  /** Windows lost because reads came too far apart (more than 4 windows). */
  missedWindows = 0;
  readonly evidence: MasteringEvidence;
  /** DetectorOptions.lossySource, as constructed. */
  readonly lossySource: boolean;
  private verdict: MasteringVerdict = offVerdict();
  /** The words of the evidence that last stood behind a state other than off. */
  private raisedBy: ReturnType<typeof explain> | null = null;

  constructor(options: DetectorOptions = {}) {
    this.lossySource = options.lossySource ?? false;
    this.fingerprints = new Fingerprints(this.lossySource);
    this.evidence = this.fingerprints.evidence;
  }

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
      this.history.push(w);
      const e = this.fingerprints.evaluate(this.history);
      const wasOff = this.machine.state === 'off';
      this.machine.step(e.score, this.exactCeiling(), e.scoreBesidesNearLevel);
      // The blind fingerprints decide on the last 6 s: the warning they raise stands for the
      // windows they decided on, which closed before it rose, and replayed-passage.ts never
      // reads a change against those as processing switched in. Raised by a passage played
      // again, it stands on the comparison, whose earlier pass was plain.
      if (this.machine.state === 'off') this.history.warned[this.history.at(0)] = 0;
      else this.history.markWarned(wasOff && !(e.switchedIn || e.stillSwitchedIn) ? SPAN : 1);
      changed = true;
    }
    if (changed) this.verdict = this.describe();
    return this.verdict;
  }

  reset(): void {
    this.history.reset();
    this.machine.reset();
    this.lastIndex = -1;
    this.missedWindows = 0;
    this.verdict = offVerdict();
    this.raisedBy = null;
  }

  /** Separate hits share the loudest sample value to the last bit, as only a ceiling makes them (exact-peaks.ts). */
  private exactCeiling(): boolean {
    const e = this.evidence;
    return e.exactPeakEvents >= e.exactOnEvents && !e.steady && samplePeakHeld(e);
  }

  private describe(): MasteringVerdict {
    const { state, confidence } = this.machine;
    const quiet = state === 'off' && confidence < CLEAR_SCORE;
    const seconds = Math.round(Math.min(SPAN, this.history.count) / 10);
    const pumpSeconds = Math.round(Math.min(PUMP_SPAN, this.history.count) / 10);
    const explained = explain(this.evidence, seconds, pumpSeconds, this.exactCeiling());
    if (state === 'off') this.raisedBy = null;
    else if (explained.reasons.length > 0) this.raisedBy = explained;
    // The state holds a little after its evidence fades (state-machine.ts); so do the words of
    // the evidence that raised it, so that a warning never stands without its reasons.
    const { reasons, kind, ceilingDbtp } = explained.reasons.length === 0 && this.raisedBy !== null ? this.raisedBy : explained;
    return {
      state,
      confidence: Math.round(confidence * 100) / 100,
      reasons: quiet ? [] : reasons,
      kind: quiet ? null : kind,
      ceilingDbtp,
    };
  }
}
