// The bounce-for-mastering headroom rule of the project brief, applied to a finished file: a mix
// going to mastering should peak between −6 and −3 dBFS. Judged on the max true peak (what a
// mastering engineer's converter and limiter will see), as the live headroom gauge does; kept
// here apart from the Lit component so the CLI (Node) can use it without a DOM.

export const BOUNCE_WINDOW_LOW_DBFS = -6;
export const BOUNCE_WINDOW_HIGH_DBFS = -3;

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

const M = '\u2212';
const db = (v: number) => Math.abs(v).toFixed(1);
const signed = (v: number) => `${v < 0 && Math.abs(v) >= 0.05 ? M : ''}${db(v)}`;
const WINDOW = `${M}6 \u2026 ${M}3 dBFS`;

/** The verdict for a file's max true peak, clip runs and true-peak overs. */
export function headroomVerdict(truePeakMaxDbtp: number | null, clipRuns = 0, truePeakOvers = 0): HeadroomVerdict {
  if (truePeakMaxDbtp === null) {
    return { state: 'silent', peakDbtp: null, adjustDb: 0, message: 'No signal: the file is silent.' };
  }
  const tp = Math.round(truePeakMaxDbtp * 10) / 10;
  if (tp > BOUNCE_WINDOW_HIGH_DBFS) {
    const down = Math.round((tp - BOUNCE_WINDOW_HIGH_DBFS) * 10) / 10;
    // A clipped file stays clipped when turned down: it has to be bounced again.
    const clipped = clipRuns > 0 || truePeakOvers > 0
      ? ` The file clips (${clipRuns} clipped run${clipRuns === 1 ? '' : 's'}, ${truePeakOvers} true-peak over${truePeakOvers === 1 ? '' : 's'}): bounce it again.`
      : '';
    return {
      state: 'hot',
      peakDbtp: tp,
      adjustDb: -down,
      message: `${db(down)} dB too hot: turn the mix down ${db(down)} dB before bouncing (peaks at ${signed(tp)} dBTP; the bounce window is ${WINDOW}).${clipped}`,
    };
  }
  if (tp >= BOUNCE_WINDOW_LOW_DBFS) {
    return { state: 'ready', peakDbtp: tp, adjustDb: 0, message: `Ready for mastering: peaks at ${signed(tp)} dBTP, inside ${WINDOW}.` };
  }
  const up = Math.round((BOUNCE_WINDOW_HIGH_DBFS - tp) * 10) / 10;
  const upMin = Math.round((BOUNCE_WINDOW_LOW_DBFS - tp) * 10) / 10;
  return {
    state: 'quiet',
    peakDbtp: tp,
    adjustDb: up,
    message: `${db(up)} dB quieter than needed: peaks at ${signed(tp)} dBTP. Fine for mastering, but you could turn the mix up by ${db(upMin)} to ${db(up)} dB to put peaks inside ${WINDOW}.`,
  };
}
