// The bounce-for-mastering headroom rule: a mix going to mastering should peak between −6 and
// −3 dBFS, and never clip. Judged on the max true peak (what a mastering engineer's converter and
// limiter will see), rounded to 0.1 dB first so the words always agree with the number shown.
//
// One rule, two voices: headroomAdvice() speaks to someone mixing (the <busmeter-headroom>
// element: the master fader, reset and play again; clipping latched until reset), and
// headroomVerdict() to someone holding a bounced file (the bounce report, the CLI and the app:
// turn the mix down before bouncing; a clipped file must be bounced again). DOM-free.

import { FLOOR_DB } from '../contract/readings-layout.js';
import { formatSigned } from './format.js';

export const BOUNCE_WINDOW_LOW_DBFS = -6;
export const BOUNCE_WINDOW_HIGH_DBFS = -3;

/** Where the peak sits against the bounce window ('none': no signal yet). */
export type HeadroomZone = 'none' | 'below' | 'inside' | 'above';

export interface HeadroomJudgement {
  /** The max true peak rounded to 0.1 dB, or null when there is no signal (≤ FLOOR_DB, NaN, null). */
  peakDbtp: number | null;
  zone: HeadroomZone;
  /** A clipped run, a true-peak over, or a true peak above 0 dBTP. */
  clipping: boolean;
}

/** The rule itself: where a max true peak sits against the bounce window, and whether it clipped. */
export function judgeHeadroom(truePeakMaxDbtp: number | null, clipRuns = 0, truePeakOvers = 0): HeadroomJudgement {
  const peakDbtp = truePeakMaxDbtp !== null && truePeakMaxDbtp > FLOOR_DB ? Math.round(truePeakMaxDbtp * 10) / 10 : null;
  const zone: HeadroomZone = peakDbtp === null ? 'none'
    : peakDbtp > BOUNCE_WINDOW_HIGH_DBFS ? 'above'
    : peakDbtp >= BOUNCE_WINDOW_LOW_DBFS ? 'inside'
    : 'below';
  const clipping = clipRuns > 0 || truePeakOvers > 0 || (peakDbtp !== null && peakDbtp > 0);
  return { peakDbtp, zone, clipping };
}

const M = '\u2212';
const fmt = (v: number) => Math.abs(v).toFixed(1);
const WINDOW = `${M}6 \u2026 ${M}3 dBFS`;

// ---------------------------------------------------------------------------------------------
// While mixing (the headroom element)

export type HeadroomState = 'waiting' | 'spare' | 'ready' | 'hot' | 'clipping';

export interface HeadroomAdvice {
  state: HeadroomState;
  /** The sentence shown. */
  message: string;
  /**
   * dB to move the master fader: negative = pull down (hot, clipping: to bring peaks to −3 dBFS),
   * positive = room to bring it up (spare: up to −3 dBFS), 0 otherwise.
   */
  adjustDb: number;
}

/**
 * The advice for a max true peak (dBTP, since reset). Clipping (a clip run, a true-peak over, or
 * a true peak above 0 dBTP, all since reset) wins and stays until reset.
 */
export function headroomAdvice(truePeakMaxDbtp: number, clipRuns = 0, truePeakOvers = 0): HeadroomAdvice {
  const judged = judgeHeadroom(truePeakMaxDbtp, clipRuns, truePeakOvers);
  const tp = judged.peakDbtp ?? FLOOR_DB;
  if (judged.clipping) {
    const down = Math.max(0, tp - BOUNCE_WINDOW_HIGH_DBFS);
    const what: string[] = [];
    if (judged.peakDbtp !== null) what.push(`peaks reached ${formatSigned(tp, 1, true)} dBTP`);
    if (clipRuns > 0) what.push(`${clipRuns} clipped run${clipRuns === 1 ? '' : 's'}`);
    if (truePeakOvers > 0 && clipRuns === 0) what.push(`${truePeakOvers} true-peak over${truePeakOvers === 1 ? '' : 's'}`);
    return {
      state: 'clipping',
      message: `Clipping: ${what.join(', ')}. Pull the master fader down ${fmt(down)} dB to bring peaks to ${M}3 dBFS, then reset the meter and play it again.`,
      adjustDb: -down,
    };
  }
  if (judged.zone === 'none') {
    return { state: 'waiting', message: 'Waiting for signal: play the loudest part of the mix.', adjustDb: 0 };
  }
  if (judged.zone === 'above') {
    const down = tp - BOUNCE_WINDOW_HIGH_DBFS;
    return {
      state: 'hot',
      message: `${fmt(down)} dB too hot: pull the master fader down ${fmt(down)} dB to bring peaks to ${M}3 dBFS (the bounce window is ${WINDOW}).`,
      adjustDb: -down,
    };
  }
  if (judged.zone === 'inside') {
    return { state: 'ready', message: `Ready to bounce: peaks at ${formatSigned(tp, 1)} dBFS, inside ${M}6 \u2026 ${M}3.`, adjustDb: 0 };
  }
  const upMax = BOUNCE_WINDOW_HIGH_DBFS - tp;
  const upMin = BOUNCE_WINDOW_LOW_DBFS - tp;
  return {
    state: 'spare',
    message: `${fmt(upMax)} dB of headroom to spare: you can bring it up by up to ${fmt(upMax)} dB (at least ${fmt(upMin)} dB puts peaks inside ${WINDOW}).`,
    adjustDb: upMax,
  };
}

// ---------------------------------------------------------------------------------------------
// For a bounced file (the bounce report, the CLI, the app's report view)

export type HeadroomVerdictState = 'silent' | 'quiet' | 'ready' | 'hot';

export interface HeadroomVerdict {
  state: HeadroomVerdictState;
  /** The peak judged (max true peak, rounded to 0.1 dB so the words agree with the number), or null in silence. */
  peakDbtp: number | null;
  /** dB to move the mix: negative = turn down (to bring peaks to −3), positive = room to turn up (to −3). */
  adjustDb: number;
  /** One sentence in plain words. */
  message: string;
}

const signed = (v: number) => `${v < 0 && Math.abs(v) >= 0.05 ? M : ''}${fmt(v)}`;

/**
 * The verdict for a file's max true peak (null: silent), clip runs and true-peak overs. A file
 * is judged by where its peak sits; a clipped file is "hot" with a note that turning it down
 * does not unclip it.
 */
export function headroomVerdict(truePeakMaxDbtp: number | null, clipRuns = 0, truePeakOvers = 0): HeadroomVerdict {
  const judged = judgeHeadroom(truePeakMaxDbtp, clipRuns, truePeakOvers);
  if (judged.peakDbtp === null) {
    return { state: 'silent', peakDbtp: null, adjustDb: 0, message: 'No signal: the file is silent.' };
  }
  const tp = judged.peakDbtp;
  if (judged.zone === 'above') {
    const down = Math.round((tp - BOUNCE_WINDOW_HIGH_DBFS) * 10) / 10;
    // A clipped file stays clipped when turned down: it has to be bounced again.
    const clipped = clipRuns > 0 || truePeakOvers > 0
      ? ` The file clips (${clipRuns} clipped run${clipRuns === 1 ? '' : 's'}, ${truePeakOvers} true-peak over${truePeakOvers === 1 ? '' : 's'}): bounce it again.`
      : '';
    return {
      state: 'hot',
      peakDbtp: tp,
      adjustDb: -down,
      message: `${fmt(down)} dB too hot: turn the mix down ${fmt(down)} dB before bouncing (peaks at ${signed(tp)} dBTP; the bounce window is ${WINDOW}).${clipped}`,
    };
  }
  if (judged.zone === 'inside') {
    return { state: 'ready', peakDbtp: tp, adjustDb: 0, message: `Ready for mastering: peaks at ${signed(tp)} dBTP, inside ${WINDOW}.` };
  }
  const up = Math.round((BOUNCE_WINDOW_HIGH_DBFS - tp) * 10) / 10;
  const upMin = Math.round((BOUNCE_WINDOW_LOW_DBFS - tp) * 10) / 10;
  return {
    state: 'quiet',
    peakDbtp: tp,
    adjustDb: up,
    message: `${fmt(up)} dB quieter than needed: peaks at ${signed(tp)} dBTP. Fine for mastering, but you could turn the mix up by ${fmt(upMin)} to ${fmt(up)} dB to put peaks inside ${WINDOW}.`,
  };
}
