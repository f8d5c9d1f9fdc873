// Checks a piece for a limiter its creator may have left on, before it is called unprocessed.
//
// Released tracks (mastered by their creators, perhaps, and decoded from a lossy codec that blurs
// exact values) are judged by their statistics: separate hits peaking at exactly the same sample
// value, a peak-to-short-term-loudness ratio (PSR, measured by the project's kernel) below
// 10 dB, or peaks pinned near the top (more than 5 % of the 100 ms blocks peaking within 1 dB of
// the loudest) leave them out of the unprocessed side, and the manifest says why.
//
// Rendered pieces (MIDI, tracker modules, Hydrogen songs) are judged by their project instead:
// MIDI and tracker modules carry no master effects, Hydrogen songs are checked for an enabled
// effect (catalog.ts). Their statistics are recorded but do not exclude them: samples at fixed
// velocities do repeat their loudest value exactly without any limiter, which is the very case
// the detector must get right. Only clipping in the render (repeated hits at full scale) does.

import { analyzePlanar } from '../../src/offline/analyze-file.js';
import { resolveLayout } from '../../src/engine/layouts.js';

/** Separate hits at the exact peak value that betray a ceiling (or, at full scale, clipping). */
export const MAX_EXACT_PEAK_HITS = 2;
/** Released tracks: PSR below this is a finished master's, not a mix's. */
export const RELEASED_MIN_PSR_DB = 10;
/** Released tracks: the share of 100 ms blocks within 1 dB of the top that betrays a ceiling. */
export const RELEASED_MAX_PINNED_SHARE = 0.05;

export interface LimiterCheck {
  psrDb: number;
  exactPeakHits: number;
  /** Share of 100 ms blocks peaking within 1 dB of the loudest sample. */
  pinnedShare: number;
  /** Null when the piece looks unprocessed, else why it does not. */
  limited: string | null;
}

export function checkForLimiter(channels: readonly Float32Array[], sampleRate: number, released = false): LimiterCheck {
  const readings = analyzePlanar({ sampleRate, channels: [...channels], layout: resolveLayout(channels.length) });
  const psrDb = readings.truePeakMaxDbtp - readings.shortTermMaxLufs;
  let peak = 0;
  for (const c of channels) for (let i = 0; i < c.length; i++) peak = Math.max(peak, Math.abs(c[i]));
  // Hits: 50 ms blocks whose loudest sample is exactly the peak, counted once per run of blocks.
  const block = Math.round(sampleRate / 20);
  let exactPeakHits = 0;
  let previousHit = false;
  for (let start = 0; start < channels[0].length; start += block) {
    let hit = false;
    for (const c of channels) for (let i = start; i < Math.min(c.length, start + block); i++) if (Math.abs(c[i]) === peak) hit = true;
    if (hit && !previousHit) exactPeakHits++;
    previousHit = hit;
  }
  const tenth = Math.round(sampleRate / 10);
  let blocks = 0, pinned = 0;
  for (let start = 0; start + tenth <= channels[0].length; start += tenth) {
    let blockPeak = 0;
    for (const c of channels) for (let i = start; i < start + tenth; i++) blockPeak = Math.max(blockPeak, Math.abs(c[i]));
    blocks++;
    if (blockPeak >= peak * 10 ** (-1 / 20)) pinned++;
  }
  const pinnedShare = blocks > 0 ? pinned / blocks : 0;
  const reasons: string[] = [];
  if (released) {
    if (exactPeakHits > MAX_EXACT_PEAK_HITS) reasons.push(`${exactPeakHits} separate hits peak at exactly the same sample value`);
    if (psrDb < RELEASED_MIN_PSR_DB) reasons.push(`PSR ${psrDb.toFixed(1)} dB (below ${RELEASED_MIN_PSR_DB} dB)`);
    if (pinnedShare > RELEASED_MAX_PINNED_SHARE) reasons.push(`${(100 * pinnedShare).toFixed(0)} % of the 100 ms blocks peak within 1 dB of the loudest sample`);
  } else if (peak >= 1 - 2 ** -15 && exactPeakHits > MAX_EXACT_PEAK_HITS) {
    reasons.push(`the render clips: ${exactPeakHits} separate hits at full scale`);
  }
  return { psrDb, exactPeakHits, pinnedShare, limited: reasons.length > 0 ? reasons.join('; ') : null };
}
