// What kind of signal the windows hold, which decides what the fingerprints may say about it:
// steady (a tone, a drone, a test signal), programme material whose loudness moves, and how
// percussive it is.

import { FLOOR_DB } from '../../contract/readings-layout.js';
import { clamp01, SPAN, type MasteringEvidence } from './evidence.js';
import { ACTIVE_LUFS, type WindowHistory } from './window-history.js';

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
/**
 * Between the steady bound and this (dB, the median window-to-window change), crushed dynamics
 * count in proportion (e.movement): a bright synth drone with a hit now and then moves 0.11–0.13 dB
 * from one window to the next, 0.3 dB over 6 s, and its own PSR is 4.5–6 dB; read as programme by
 * a hair, it was "on" 7.4 s into a released track (Starfighter's `death`, the real-music set's
 * seventh batch). Music moves more: of the set's 6,398 files (its unprocessed excerpts and the
 * fast processors' files of all 550 songs) 7 changed, no unprocessed one, and 2 are no longer
 * warned within 10 s (one ambient song's compander and SWH limiter files, warned at 19.6 and 15 s);
 * the synthesized and Chromium evaluations are unchanged.
 */
const MOVING_FULL_DB = 0.2;
const PLATEAU_DB = 0.05;
const PLATEAU_SHARE = 0.3;
/**
 * PSR and pinned loud peaks count only when the window loudness moves at least this much (dB,
 * standard deviation): a tone or a drone has a low PSR by nature. Tones, stepped or not, are
 * caught as steady (STEADY_MAX_DB, PLATEAU_SHARE); this keeps out what is nearly still without
 * being steady. It must stay low: a limiter driven deep holds the loudness of a whole mix to
 * 0.3–0.8 dB of motion (Chromium's DynamicsCompressorNode at 20:1 with its threshold 27 dB under
 * the peaks), where unlimited mixes move 0.9 dB or more over 20 s.
 */
const PROGRAMME_MOTION_MIN_DB = 0.3;
/**
 * How percussive the signal is, from the median loudness change between consecutive windows:
 * sustained at FROM dB or less (a ballad's pads and voice: 0.2–0.4 dB), percussive at TO dB or
 * more (a drum kit: 1–3 dB), in between linearly.
 */
const TRANSIENT_FROM_DB = 0.4;
const TRANSIENT_TO_DB = 1;

export class SignalCharacter {
  /** Scratch for the window-to-window loudness changes (median; no allocation per window). */
  private readonly changes = new Float64Array(SPAN);

  /** Sets e.windowToWindowDb, e.movement, e.plateauShare and e.steady. */
  steadiness(h: WindowHistory, span: number, e: MasteringEvidence): void {
    const changes = this.changes;
    changes.fill(Infinity);
    let n = 0;
    let active = 0;
    let loudest = FLOOR_DB;
    for (let a = 0; a < span; a++) {
      const k = h.at(a);
      if (h.loudness[k] <= ACTIVE_LUFS) continue;
      active++;
      loudest = Math.max(loudest, h.loudness[k]);
      if (a + 1 >= span) continue;
      const j = h.at(a + 1);
      if (h.loudness[j] > ACTIVE_LUFS) changes[n++] = Math.abs(h.loudness[k] - h.loudness[j]);
    }
    let plateau = 0;
    for (let a = 0; a < span; a++) {
      const k = h.at(a);
      if (h.loudness[k] > ACTIVE_LUFS && h.loudness[k] >= loudest - PLATEAU_DB) plateau++;
    }
    changes.sort();
    e.windowToWindowDb = n > 0 ? changes[n >> 1] : 0;
    e.movement = clamp01((e.windowToWindowDb - STEADY_MAX_DB) / (MOVING_FULL_DB - STEADY_MAX_DB));
    e.plateauShare = active > 0 ? plateau / active : 0;
    e.steady = e.windowToWindowDb < STEADY_MAX_DB || e.plateauShare >= PLATEAU_SHARE;
  }

  /** Sets e.loudnessMotionDb, e.programme and e.transient (after steadiness()). */
  motion(h: WindowHistory, span: number, e: MasteringEvidence): void {
    let active = 0, sum = 0, squares = 0;
    for (let a = 0; a < span; a++) {
      const k = h.at(a);
      if (!h.active(k)) continue;
      active++;
      sum += h.loudness[k];
      squares += h.loudness[k] * h.loudness[k];
    }
    const mean = sum / active;
    e.loudnessMotionDb = Math.sqrt(Math.max(0, squares / active - mean * mean));
    e.programme = e.loudnessMotionDb >= PROGRAMME_MOTION_MIN_DB && !e.steady;
    e.transient = clamp01((e.windowToWindowDb - TRANSIENT_FROM_DB) / (TRANSIENT_TO_DB - TRANSIENT_FROM_DB));
  }
}
