// The evidence the fingerprints compute over the last SPAN windows, in one object that is
// filled in place each window (no allocation per window).

import { FLOOR_DB } from '../../contract/readings-layout.js';

/** Windows a decision looks at: 6 s (detects and clears well within 10 s). */
export const SPAN = 60;
/**
 * Active windows needed in the span before any decision, which is only taken on a full span (6 s
 * heard). The first seconds of a song (an intro's one pattern, a drum fill) peak alike and squash
 * their PSR by arrangement, as a limiter would: deciding after 2 s, 10 of 94 whole unprocessed
 * songs of the real-music set were warned within their first 6 s; on a full span 3 of those 10
 * still are, later. Nine in ten windows, not all: music with rests (a stop-time figure, a breath
 * between phrases) drops a window or two below the active level every few seconds, and asking
 * for all sixty held back 40 processed files of the real-music set past 10 s (a limiter holding
 * 80 % of the windows at its ceiling waited out every rest) and cleared warnings in the rests,
 * while no unprocessed whole song is warned more at 54.
 */
export const MIN_ACTIVE = 54;

export const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/** Evidence computed over the last SPAN windows. */
export interface MasteringEvidence {
  activeWindows: number;
  ceilingShare: number;
  ceilingDb: number;
  ceilingIsTruePeak: boolean;
  ceilingMotionDb: number;
  /** Separate moments (runs of adjacent windows) at the ceiling. */
  ceilingMoments: number;
  /** Share of the active windows whose sample peaks a limiter holds at one level under overshooting hits (overshot-ceiling.ts). */
  overshotShare: number;
  /** That level, dBFS. */
  overshotDb: number;
  /** Loudness spread of the windows held there, dB. */
  overshotMotionDb: number;
  flatShare: number;
  psrDb: number;
  /** Mean short-term loudness of the windows psrDb is taken over, LUFS. */
  psrLoudnessLufs: number;
  /** An earlier passage of the last 30 s as loud as the newest 3 s was not crushed: the PSR is the arrangement's (crushed-dynamics.ts). */
  psrUncrushedBefore: boolean;
  /** How far (dB) windows of the last 30 s older than the span peaked above the span's top true peak, and sample peak (≤ 0: not above). */
  truePeakPassedDb: number;
  samplePeakPassedDb: number;
  /** Of the windows within 3 dB of the top (the top one excluded), the share at the ceiling. */
  nearShare: number;
  /** Separate hits (non-adjacent windows) whose sample peak equals the top one exactly. */
  exactPeakEvents: number;
  /** The top sample peak of the active windows (dBFS). */
  samplePeakTopDbfs: number;
  /** Loudness spread (dB, standard deviation) of the windows within 0.1 dB of the top sample peak (reported; exact hits no longer need it: replays count once). */
  samplePeakTopMotionDb: number;
  /** The top sample peak is a 16-bit code (at unity gain or at a fader's), where two hits can share it by chance. */
  samplePeakTopOnSixteenBitGrid: boolean;
  /** Separate exact hits that make a ceiling for this top (EXACT_ON_EVENTS, or EXACT_OFF_GRID_ON_EVENTS off the 16-bit grid). */
  exactOnEvents: number;
  /** How percussive the signal is: 0 = sustained … 1 = percussive (sets the PSR bounds). */
  transient: number;
  /** PSR at or above which crushed dynamics are no evidence, for this signal (dB). */
  psrHighDb: number;
  /** Spread (standard deviation) of the true peaks of the loudest quarter of the active windows, dB. */
  loudPeakSpreadDb: number;
  /** The loudest windows' peaks are pinned by parts panned apart at fixed volumes, not by a ceiling (panned-parts.ts). */
  pannedParts: boolean;
  /** Standard deviation of the active windows' loudness, dB. */
  loudnessMotionDb: number;
  /** Median change of loudness between consecutive active windows, dB (≈ 0 for a steady signal). */
  windowToWindowDb: number;
  /** Share of the active windows within PLATEAU_DB of the loudest (one window's worth for music). */
  plateauShare: number;
  /**
   * 0…1: how far the window-to-window change stands above a steady signal's (0 at STEADY_MAX_DB,
   * 1 at MOVING_FULL_DB or more): a drone that passes the steady bound by a hair is still nearly one.
   */
  movement: number;
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
  /** Seconds back to the earlier pass of the newest 4 s, matched by spectral shape (replayed-passage.ts); 0 when none matched. */
  replayLagSeconds: number;
  /** The mean shape difference (dB) at the best-matching lag; Infinity when none was tried. */
  replayShapeDb: number;
  /** Of the matched windows: the level change per dB of earlier level, and the loudest quarter's crest change (dB). */
  replaySlope: number;
  replayCrestChangeDb: number;
  /**
   * Of the matched windows, like with like (replayed-passage.ts): how far their levels moved (root
   * mean square, dB) and how far three quarters of the loudest quarter's crests moved (dB).
   */
  replayLevelMovedDb: number;
  replayCrestMovedDb: number;
  /** The newest 4 s are a passage played again that came back processed (replayed-passage.ts). */
  switchedIn: boolean;
  /** The newest 4 s play again, unchanged, a pass that came back processed (or was such a replay itself): the processor is still in. */
  stillSwitchedIn: boolean;
  /** What was seen then: the lag (s), the slope, the crest change (dB) and the earlier levels' spread (dB). */
  switchedInLagSeconds: number;
  switchedInSlope: number;
  switchedInCrestChangeDb: number;
  switchedInLevelSpreadDb: number;
  score: number;
  /**
   * The score without the evidence of peaks near one level (a ceiling within its tolerance, flat
   * tops): what the other fingerprints make of the span alone (state-machine.ts waits longer
   * for a score that stands on those).
   */
  scoreBesidesNearLevel: number;
}

export function createEvidence(exactOnEvents: number, psrHighDb: number): MasteringEvidence {
  return {
    activeWindows: 0, ceilingShare: 0, ceilingDb: FLOOR_DB, ceilingIsTruePeak: true, ceilingMotionDb: 0, ceilingMoments: 0, overshotShare: 0, overshotDb: FLOOR_DB, overshotMotionDb: 0,
    flatShare: 0, psrDb: FLOOR_DB, psrLoudnessLufs: FLOOR_DB, psrUncrushedBefore: false, truePeakPassedDb: 0, samplePeakPassedDb: 0, nearShare: 0, exactPeakEvents: 0, samplePeakTopDbfs: FLOOR_DB, samplePeakTopMotionDb: 0,
    samplePeakTopOnSixteenBitGrid: false, exactOnEvents, transient: 0, psrHighDb, loudPeakSpreadDb: 0, pannedParts: false, loudnessMotionDb: 0,
    windowToWindowDb: 0, movement: 0, plateauShare: 0, steady: false, programme: false, pumpingDb: FLOOR_DB, pumpingOnsets: 0,
    pumpingDipDb: FLOOR_DB, replayLagSeconds: 0, replayShapeDb: Infinity, replaySlope: 0, replayCrestChangeDb: 0, replayLevelMovedDb: 0, replayCrestMovedDb: 0, switchedIn: false, stillSwitchedIn: false,
    switchedInLagSeconds: 0, switchedInSlope: 0, switchedInCrestChangeDb: 0, switchedInLevelSpreadDb: 0, score: 0, scoreBesidesNearLevel: 0,
  };
}

/** Clears what evaluate() sets, before a window with too few active windows to decide on. */
export function clearEvidence(e: MasteringEvidence, active: number): void {
  e.activeWindows = active;
  e.score = 0;
  e.scoreBesidesNearLevel = 0;
  e.ceilingShare = 0;
  e.ceilingMoments = 0;
  e.overshotShare = 0;
  e.overshotMotionDb = 0;
  e.flatShare = 0;
  e.psrDb = FLOOR_DB;
  e.psrLoudnessLufs = FLOOR_DB;
  e.psrUncrushedBefore = false;
  e.windowToWindowDb = 0;
  e.movement = 0;
  e.plateauShare = 0;
  e.steady = false;
  e.programme = false;
  e.ceilingMotionDb = 0;
  e.truePeakPassedDb = 0;
  e.samplePeakPassedDb = 0;
  e.exactPeakEvents = 0;
  e.pumpingDb = FLOOR_DB;
  e.pumpingOnsets = 0;
  e.pumpingDipDb = FLOOR_DB;
  e.switchedIn = false;
  e.stillSwitchedIn = false;
  e.replayLagSeconds = 0;
  e.replayShapeDb = Infinity;
  e.replaySlope = 0;
  e.replayCrestChangeDb = 0;
  e.replayLevelMovedDb = 0;
  e.replayCrestMovedDb = 0;
}
