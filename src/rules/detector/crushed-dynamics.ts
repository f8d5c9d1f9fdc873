// Fingerprint: crushed micro-dynamics. A low peak-to-short-term-loudness ratio (PSR) on material
// whose loudness moves. Masters pushed by limiters or clippers sit at 5–9 dB. Unmastered mixes
// keep 9 dB or more: dense programmed ones (tracker and General MIDI renders) read 9.1–10.5 dB,
// sparse drum mixes 11–18 dB, pads and held voices 8.5–12 dB. Below 9.2 dB on percussive
// material, below 9 dB on sustained material, it is evidence; alone it makes the verdict "on"
// only at master-like values (8 and 7 dB). A processor holds the peaks down whenever the music is
// that loud, so crushed dynamics that an earlier passage as loud did not have are no evidence.

import { FLOOR_DB } from '../../contract/readings-layout.js';
import { clamp01, type MasteringEvidence } from './evidence.js';
import { ACTIVE_LUFS, type WindowHistory } from './window-history.js';

/**
 * PSR (true peak of the last 3 s − short-term loudness): full "crushed" evidence at LOW, none at
 * HIGH. Masters pushed by limiters or clippers sit at 5–9 dB. Sparse percussive mixes (drums:
 * the loudness jumps from one 100 ms window to the next) keep 11–18 dB unmastered, but dense
 * programmed ones (tracker and General MIDI renders, every part busy) read 9.5–10.5 dB with no
 * processing at all (one General MIDI render 9.1–9.4 dB over its first 5 s), so on percussive
 * material only a PSR below 9.2 dB says that something cuts the transients; sustained material
 * (pads, held voices, slow ballads) has 8.5–12 dB by nature, so there only a PSR below 9 dB
 * counts. The bounds move with how percussive the signal is
 * (e.transient).
 */
export const PSR_SUSTAINED_LOW_DB = 7;
export const PSR_SUSTAINED_HIGH_DB = 9;
const PSR_PERCUSSIVE_LOW_DB = 8;
const PSR_PERCUSSIVE_HIGH_DB = 9.2;
/**
 * PSR is averaged over the newest PSR_SPAN windows only (3 s; each value already spans 3 s of
 * peaks and loudness): the other fingerprints need 6 s to count windows at a ceiling, but crushed
 * dynamics show in any 3 s, so a compressor or maximiser is seen sooner after it goes in.
 */
const PSR_SPAN = 30;
/** Windows of true peak each PSR value takes (3 s). */
const PSR_PEAK_WINDOWS = 30;
/** Crushed dynamics alone reach this score: enough for "on" only when PSR is at or below the low bound. */
export const PSR_ALONE = 0.8;

/**
 * An uncrushed passage: this many windows (1 s) of the history older than the newest PSR_SPAN,
 * each as loud as those (short-term loudness) and with a PSR at or above the bound where crushed
 * dynamics are no evidence. A limiter, clipper or compressor holds the peaks down by how loud the
 * music is, every time it is that loud; unprocessed music crushes its PSR only in its densest
 * passages (a General MIDI render's full bars, a tracker song's busiest pattern) and plays as loud
 * elsewhere with its transients standing out. On the real-music set's whole songs this took three
 * of the six unprocessed songs that read `on` off it (one of the tune half's two, two of the
 * holdout half's four; two to `off`, one to a question) and changed no processed file's verdict
 * within 10 s.
 */
const UNCRUSHED_MIN_WINDOWS = 10;

/** PSR of the window `a` windows back: the true peak over the 3 s from it against its short-term loudness (EBU practice). */
function windowPsr(h: WindowHistory, a: number): number {
  let peak = FLOOR_DB;
  for (let b = 0; b < PSR_PEAK_WINDOWS; b++) peak = Math.max(peak, h.truePeak[h.at(a + b)]);
  return peak - h.shortTerm[h.at(a)];
}

/** Whether the window `a` windows back has a PSR: active, loud enough for short-term loudness, with 3 s of peaks behind it. */
const hasPsr = (h: WindowHistory, a: number) => h.active(h.at(a)) && h.shortTerm[h.at(a)] > ACTIVE_LUFS && a + PSR_PEAK_WINDOWS <= h.count;

/**
 * Sets e.psrDb and e.psrLoudnessLufs: the mean PSR, and short-term loudness, over the newest
 * PSR_SPAN active windows (FLOOR_DB when there is none).
 */
export function measurePsr(h: WindowHistory, span: number, e: MasteringEvidence): boolean {
  let psrSum = 0;
  let loudnessSum = 0;
  let psrCount = 0;
  for (let a = 0; a < Math.min(span, PSR_SPAN); a++) {
    if (!hasPsr(h, a)) continue;
    psrSum += windowPsr(h, a);
    loudnessSum += h.shortTerm[h.at(a)];
    psrCount++;
  }
  e.psrDb = psrCount > 0 ? psrSum / psrCount : FLOOR_DB;
  e.psrLoudnessLufs = psrCount > 0 ? loudnessSum / psrCount : FLOOR_DB;
  return psrCount > 0;
}

/**
 * Whether at least UNCRUSHED_MIN_WINDOWS windows older than the newest PSR_SPAN, at or above
 * their mean short-term loudness, had a PSR at or above e.psrHighDb (after measurePsr and psrScore).
 */
export function uncrushedBefore(h: WindowHistory, e: MasteringEvidence): boolean {
  let uncrushed = 0;
  for (let a = PSR_SPAN; a + PSR_PEAK_WINDOWS <= h.count; a++) {
    if (!hasPsr(h, a) || h.shortTerm[h.at(a)] < e.psrLoudnessLufs || windowPsr(h, a) < e.psrHighDb) continue;
    if (++uncrushed >= UNCRUSHED_MIN_WINDOWS) return true;
  }
  return false;
}

/**
 * 0…1; sets e.psrHighDb (after e.transient, e.movement and e.programme are known). A signal that
 * barely moves from one window to the next counts only in proportion to how much it does (e.movement).
 */
export function psrScore(e: MasteringEvidence, measured: boolean): number {
  const psrLow = PSR_SUSTAINED_LOW_DB + e.transient * (PSR_PERCUSSIVE_LOW_DB - PSR_SUSTAINED_LOW_DB);
  e.psrHighDb = PSR_SUSTAINED_HIGH_DB + e.transient * (PSR_PERCUSSIVE_HIGH_DB - PSR_SUSTAINED_HIGH_DB);
  return measured && e.programme ? e.movement * clamp01((e.psrHighDb - e.psrDb) / (e.psrHighDb - psrLow)) : 0;
}
