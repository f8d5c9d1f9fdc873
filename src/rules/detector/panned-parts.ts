// Fingerprint against a ceiling: parts panned apart, each played at one volume. A tracker module
// pans its voices hard, and its samples play at fixed volumes: the voice in each channel pins
// that channel's loudest peaks to a level of its own, the same channel the louder nearly every
// time. Chip music built of full-scale pulse waves and clipped drum samples (Freedroid's
// `dreamfish` modules) then reads as limited: its loudest peaks vary by 0.1–0.3 dB and stop at
// one level in 13–23 % of the windows. What a limiter or clipper on the bus leaves differs:
// - a linked limiter holds the louder channel to its ceiling, within a few hundredths of a dB,
//   whatever the quieter channel plays (on the real-music set's songs whose channels are pinned
//   apart, the louder channel's peaks spread by 0.03 dB or less under each limiter that reduced
//   their gain; one that barely touched them leaves the parts' own spread, and is not seen);
// - a clipper or an unlinked limiter holds both channels to one level, so neither leads by much.
// So where the loudest windows' peaks are pinned in each channel, 0.3 dB or more apart, one
// channel leading in 85 % of them and its peaks spreading by more than a limiter lets them, the
// pinned peaks are the arrangement's: a ceiling and pinned loud peaks are no evidence.
// Nor are flat tops at that level: a pulse wave held at one volume repeats its 16-bit codes along
// its crest (Freedroid's `dreamfish-green_beret` in 16 bits has them in 18–25 % of its windows,
// none in 24 bits or float), while a clipper cutting the louder channel would peak every window
// it cuts at its ceiling, to the sample, which the louder channel's spread rules out.
// Such an arrangement's own waveforms may also sit as near their peaks as a master's (the
// `dreamfish` modules' PSR is 5.9–7.8 dB, full-scale pulse waves), so there crushed dynamics
// alone only ask.

import { deviation } from './loud-peaks.js';
import type { WindowHistory } from './window-history.js';

/** Loudest windows needed to tell (fewer say nothing of either channel). */
const MIN_WINDOWS = 4;
/**
 * The louder channel leads in at least this share of the loudest windows, and the two channels'
 * mean peaks lie at least GAP_MIN_DB apart: two levels, not one ceiling. Set on the tune half:
 * Freedroid's `dreamfish-uridium2_loader`, whose parts lie 0.36–0.49 dB apart with one leading
 * in 87–93 % of the loudest windows, was `on` (a PSR of 5.9 dB) with 90 % and 0.5 dB. At 85 % and
 * 0.3 dB every processed file of the real-music set warned within 10 s before still is, read
 * blind (this machine's 2,942); 10 of them are no longer `on` within 10 s, only asked about.
 */
export const LEAD_SHARE = 0.85;
export const GAP_MIN_DB = 0.3;
/** …and at most this far: both channels carry a part (a silent channel pins nothing). */
export const GAP_MAX_DB = 10;
/** The quieter channel's peaks spread (standard deviation) at most this much (dB): pinned too. */
export const QUIETER_SPREAD_DB = 0.5;
/** The louder channel's peaks spread at least this much (dB): more than a limiter's ceiling lets them. */
export const LOUDER_SPREAD_MIN_DB = 0.1;
/** Crushed dynamics alone reach this score where parts panned apart pin the peaks: a question (SUSPECT_SCORE … ON_SCORE), not a warning. */
export const PANNED_PSR_ALONE = 0.6;

export class PannedParts {
  /**
   * Whether the windows at ring indexes `windows[0 … n)` of `h` (the loudest quarter of the
   * span, replays once: LoudPeaks.loudest) hold parts panned apart at fixed volumes.
   */
  measure(h: WindowHistory, windows: Int32Array, n: number): boolean {
    if (n < MIN_WINDOWS) return false;
    let firstLeads = 0;
    let firstSum = 0, firstSquares = 0, secondSum = 0, secondSquares = 0;
    for (let i = 0; i < n; i++) {
      const k = windows[i];
      const first = h.firstChannelPeak[k], second = h.secondChannelPeak[k];
      if (first > second) firstLeads++;
      firstSum += first;
      firstSquares += first * first;
      secondSum += second;
      secondSquares += second * second;
    }
    const firstSpread = deviation(firstSum, firstSquares, n), secondSpread = deviation(secondSum, secondSquares, n);
    const firstLouder = firstLeads * 2 >= n;
    const leadShare = (firstLouder ? firstLeads : n - firstLeads) / n;
    const gapDb = Math.abs(firstSum - secondSum) / n;
    const louderSpreadDb = firstLouder ? firstSpread : secondSpread;
    const quieterSpreadDb = firstLouder ? secondSpread : firstSpread;
    return leadShare >= LEAD_SHARE && gapDb >= GAP_MIN_DB && gapDb <= GAP_MAX_DB
      && quieterSpreadDb <= QUIETER_SPREAD_DB && louderSpreadDb >= LOUDER_SPREAD_MIN_DB;
  }
}
