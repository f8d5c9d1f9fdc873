// Fingerprint: pumping. The top band (hats, cymbals, sibilants) comes out quieter just after
// each kick than just before it (the kernel's PW_TOP_DUCK_DB) and comes back within 200 ms
// (PW_TOP_DIP_DB), medians over the distinct values of the last 10 s. A bus compressor or limiter
// that the kick drives into gain reduction turns the whole mix down and lets go with its release:
// the highs dip and return. An arrangement's ducking does not return: hats that stop at the kick,
// a tracker channel whose kick cuts the cymbal it was playing, a decaying chord (real tracker
// renders duck by up to 8 dB after the kick with no compressor anywhere). Even so, an arrangement
// can dip and return (a hat skipped right after the kick: a real tracker song ducks 4.3 dB and
// comes back 1.9 dB, a released soundtrack 2.4 and 1.4 dB, inside what compressors give), so
// pumping alone says nothing; with crushed dynamics or peak evidence it adds to them. A mix whose
// pads or music bus are sidechained to the kick on purpose (EDM) dips and returns the same way.

import { FLOOR_DB } from '../../contract/readings-layout.js';
import { clamp01, type MasteringEvidence } from './evidence.js';
import type { WindowHistory } from './window-history.js';

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
export const PUMP_SPAN = 100;
export const PUMP_MIN_ONSETS = 6;
export const PUMP_NONE_DB = -1;
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
export const DIP_NONE_DB = 0.5;
const DIP_FULL_DB = 1.5;

export class Pumping {
  /** Scratch for the median ducking and dip (no allocation per window). */
  private readonly duckScratch = new Float64Array(PUMP_SPAN);
  private readonly dipScratch = new Float64Array(PUMP_SPAN);
  /** Result of distinctMedian. */
  private median = FLOOR_DB;

  /**
   * Into e.pumpingDb, e.pumpingDipDb and e.pumpingOnsets the median ducking, the median dip and
   * the onsets of the last PUMP_SPAN active windows. A value equal to the last bit to one already
   * taken is the same audio played again (a looped bar in a tracker or a sampler) and is taken
   * once: a loop repeated twenty times is one measurement, not twenty.
   */
  measure(h: WindowHistory, e: MasteringEvidence): void {
    const span = Math.min(PUMP_SPAN, h.count);
    e.pumpingOnsets = this.distinctMedian(h, span, h.topDuck, this.duckScratch);
    e.pumpingDb = e.pumpingOnsets >= PUMP_MIN_ONSETS ? this.median : FLOOR_DB;
    const dips = this.distinctMedian(h, span, h.topDip, this.dipScratch);
    e.pumpingDipDb = dips >= PUMP_MIN_ONSETS ? this.median : FLOOR_DB;
  }

  /** The median of the distinct measured values of `values` in the last `span` active windows (into this.median); returns how many. */
  private distinctMedian(h: WindowHistory, span: number, values: Float64Array, scratch: Float64Array): number {
    scratch.fill(Infinity);
    let n = 0;
    for (let a = 0; a < span; a++) {
      const k = h.at(a);
      if (values[k] <= FLOOR_DB || !h.active(k)) continue;
      let seen = false;
      for (let i = 0; i < n && !seen; i++) seen = scratch[i] === values[k];
      if (!seen) scratch[n++] = values[k];
    }
    scratch.sort();
    this.median = n === 0 ? FLOOR_DB : n % 2 === 1 ? scratch[n >> 1] : (scratch[(n >> 1) - 1] + scratch[n >> 1]) / 2;
    return n;
  }
}

/** Whether the evidence shows pumping at all (ducking that comes back), for the wording. */
export function pumps(e: MasteringEvidence): boolean {
  return e.pumpingOnsets >= PUMP_MIN_ONSETS && !e.steady && e.pumpingDb < PUMP_NONE_DB && e.pumpingDipDb > DIP_NONE_DB;
}

/** 0…1: the weaker of ducking and return. */
export function pumpScore(e: MasteringEvidence): number {
  return e.pumpingOnsets >= PUMP_MIN_ONSETS && !e.steady ? Math.min(
    clamp01((PUMP_NONE_DB - e.pumpingDb) / (PUMP_NONE_DB - PUMP_FULL_DB)),
    clamp01((e.pumpingDipDb - DIP_NONE_DB) / (DIP_FULL_DB - DIP_NONE_DB)),
  ) : 0;
}
