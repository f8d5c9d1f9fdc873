// The evidence in plain words: the reasons of a verdict, and the panel's title and advice.
// "suspected" is a question, "on" a warning.

import { ceilingCounts, ceilingHeld, MOTION_MIN_DB, NEAR_DB, nearBoost, samplePeakHeld } from './ceiling.js';
import type { MasteringEvidence } from './evidence.js';
import { FLAT_LOW } from './flat-tops.js';
import { OVERSHOT_LOW } from './overshot-ceiling.js';
import { SPREAD_HIGH_DB } from './loud-peaks.js';
import { pumps } from './pumping.js';
import { COMPRESSED_SLOPE } from './replayed-passage.js';
import type { MasteringKind, MasteringVerdict } from './verdict.js';
import { FLOOR_DB } from '../../contract/readings-layout.js';

const percent = (x: number) => `${Math.round(x * 100)} %`;
/** One decimal, with a proper minus sign, and never "−0.0". */
const dbText = (x: number) => {
  const text = Math.abs(x).toFixed(1);
  return `${x < 0 && text !== '0.0' ? '\u2212' : ''}${text}`;
};

/**
 * The reasons, kind and ceiling of the evidence `e`, taken over `seconds` (pumping over
 * `pumpSeconds`); `exactCeiling`: separate hits share the loudest sample value.
 */
export function explain(e: MasteringEvidence, seconds: number, pumpSeconds: number, exactCeiling: boolean): { reasons: string[]; kind: MasteringKind | null; ceilingDbtp: number | null } {
  const reasons: string[] = [];
  let kind: MasteringKind | null = null;
  let ceilingDbtp: number | null = null;
  const clipping = e.flatShare >= FLAT_LOW && samplePeakHeld(e) && !e.pannedParts;
  if (ceilingCounts(e.ceilingShare, e.nearShare, e.ceilingMoments) && e.ceilingMotionDb >= MOTION_MIN_DB && !e.steady && ceilingHeld(e) && !e.pannedParts) {
    const unit = e.ceilingIsTruePeak ? 'dBTP' : 'dBFS';
    const near = nearBoost(e.ceilingShare, e.nearShare, e.ceilingMoments) > 0 ? `, and ${percent(e.nearShare)} of the moments that come within ${NEAR_DB} dB of the top stop exactly there` : '';
    reasons.push(`peaks stop at ${dbText(e.ceilingDb)} ${unit} in ${percent(e.ceilingShare)} of the last ${seconds} s${near}: that is ${clipping ? "a clipper's" : "a limiter's"} ceiling`);
    kind = 'limiter';
    ceilingDbtp = Math.round(e.ceilingDb * 100) / 100;
  }
  if (e.overshotShare > OVERSHOT_LOW && e.overshotMotionDb >= MOTION_MIN_DB && !e.steady) {
    reasons.push(`peaks stop at ${dbText(e.overshotDb)} dBFS in ${percent(e.overshotShare)} of the last ${seconds} s, to a thousandth of a dB, while the hits that get past it overshoot by up to ${dbText(e.samplePeakTopDbfs - e.overshotDb)} dB: that is a limiter too slow for its transients`);
    if (kind === null) {
      kind = 'limiter';
      ceilingDbtp = Math.round(e.overshotDb * 100) / 100;
    }
  }
  if (exactCeiling) {
    reasons.push(`${e.exactPeakEvents} separate hits in the last ${seconds} s peak at exactly the same sample value (${dbText(e.samplePeakTopDbfs)} dBFS): unprocessed audio never repeats its loudest sample, ${clipping ? 'a clipper' : 'a limiter'} does`);
    if (kind === null) kind = 'limiter';
  }
  if (clipping) {
    reasons.push(`the waveform has flat tops at that level in ${percent(e.flatShare)} of the last ${seconds} s: a clipper is cutting the peaks`);
    kind = 'clipper';
  }
  if (e.programme && e.loudPeakSpreadDb < SPREAD_HIGH_DB && !e.pannedParts) {
    reasons.push(`the peaks of the loudest moments of the last ${seconds} s vary by only ${dbText(e.loudPeakSpreadDb)} dB: something holds them down while the music gets louder`);
    if (kind === null) kind = 'dynamics';
  }
  if (e.programme && e.psrDb > FLOOR_DB && e.psrDb < e.psrHighDb && !e.psrUncrushedBefore) {
    reasons.push(`peaks are only ${dbText(e.psrDb)} dB above the short-term loudness: the dynamics are squashed like a finished master's`);
    if (kind === null) kind = 'dynamics';
  }
  if (pumps(e)) {
    reasons.push(`the highs duck by ${dbText(-e.pumpingDb)} dB after each kick and come back ${dbText(e.pumpingDipDb)} dB within 200 ms (the median of ${e.pumpingOnsets} in the last ${pumpSeconds} s): that is how a bus compressor pumps`);
    if (kind === null) kind = 'dynamics';
  }
  if (e.switchedIn || e.stillSwitchedIn) {
    // Still in: what was seen is the comparison that marked the first processed pass (its
    // switchedIn… values stay until the next one).
    const turnedDown = e.switchedInSlope <= -COMPRESSED_SLOPE;
    const what = turnedDown
      ? `its loud moments turned down against its quiet ones (by ${dbText(-e.switchedInSlope * 2 * e.switchedInLevelSpreadDb)} dB over ${dbText(2 * e.switchedInLevelSpreadDb)} dB of loudness)`
      : `its loudest peaks ${dbText(-e.switchedInCrestChangeDb)} dB nearer its loudness`;
    const processor = turnedDown ? 'a compressor' : 'a clipper or limiter';
    reasons.push(e.switchedIn
      ? `the passage you played ${Math.round(e.switchedInLagSeconds)} s earlier came back with ${what}: the same music, matched by its spectrum, so ${processor} went in on your bus`
      : `the passage you played ${Math.round(e.replayLagSeconds)} s earlier plays again unchanged, and it had come back with ${what}: ${processor} is still in on your bus`);
    if (kind === null) kind = turnedDown ? 'dynamics' : 'clipper';
  }
  return { reasons, kind, ceilingDbtp };
}

/** Plain words for the warning panel: a title and what to do. */
export function describeVerdict(verdict: MasteringVerdict): { title: string; advice: string } {
  if (verdict.state === 'off') {
    // "Off" names what the fingerprints can see. A bus compressor that lets the peaks through
    // leaves no mark in the output that arrangements do not leave as well (on the real-music set
    // such compressors are warned in about 1 file in 100), so the panel must not call the bus clean.
    return {
      title: 'No limiter, clipper or maximiser detected',
      advice: 'A bus compressor that lets the peaks through does not show in the output: if one is on, bypass it before the final mixdown. Keep about 3–6 dB of headroom on the master bus (peaks between −6 and −3 dBFS) for the mixdown.',
    };
  }
  const what = verdict.kind === 'clipper' ? 'a clipper' : verdict.kind === 'dynamics' ? 'bus compression or a maximiser' : 'a limiter';
  const action = verdict.kind === 'clipper' ? 'Bypass the clipper on your master bus before you bounce.'
    : verdict.kind === 'dynamics' ? 'Bypass the compressor or maximiser on your master bus before you bounce.'
    : 'Bypass the limiter on your master bus before you bounce.';
  const headroom = ' Then pull the mix down so that peaks sit between −6 and −3 dBFS: leave that headroom for mastering.';
  if (verdict.state === 'suspected') {
    // A question: the evidence is partial, and the producer knows what is on the bus. Its answer
    // may be no: on real unprocessed music the questions come from the arrangement (tracker and
    // sampler parts at one velocity, chip waveforms and drum samples clipped in themselves), so
    // the advice says what a clean bus means too.
    const question = verdict.kind === 'clipper' ? 'Is a clipper on your bus?' : verdict.kind === 'dynamics' ? 'Is a compressor or maximiser on your bus?' : 'Is a limiter on your bus?';
    const arrangement = verdict.kind === 'clipper' ? 'samples that are clipped in themselves (a chip waveform, a clipped drum hit) have flat tops too'
      : verdict.kind === 'dynamics' ? 'drums at one velocity and dense, even bars read this way too'
      : 'a part played at one level stops its peaks at one level too';
    return { title: question, advice: `If one is on, fine while you audition a master. ${action}${headroom} If your bus is clean, this is your arrangement: ${arrangement}.` };
  }
  return { title: `Your bus has mastering plugins on: ${what}`, advice: `${action}${headroom}` };
}
