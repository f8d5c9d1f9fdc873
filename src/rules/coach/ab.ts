// A reference A/B: the monitoring gains that put the mix and a reference track at the same
// integrated loudness (or each where a streaming service would play it), and what differs
// between the two, side by side. DOM-free: the app computes its monitor gains here, the tests
// check them against the streaming table.

import { BROAD_BANDS, balanceOf } from './measure.js';
import { previewService, type StreamingRule } from './streaming.js';

/** What the gains of one source are worked out from (the kernel's numbers for it). */
export interface MonitoredLevel {
  integratedLufs: number | null;
  truePeakMaxDbtp: number | null;
}

export interface MonitorGains {
  /** Gain on the mix as monitored, dB. */
  mixGainDb: number;
  /** Gain on the reference as monitored, dB. */
  referenceGainDb: number;
  /** Integrated loudness each is heard at, LUFS (null where its loudness is not known yet). */
  mixHeardLufs: number | null;
  referenceHeardLufs: number | null;
}

const known = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v > -150;

/**
 * The A/B's loudness match: the louder of the two is turned down to the quieter's integrated
 * loudness, so switching never adds gain (and so never clips). 0 dB on both until both are known.
 */
export function matchLoudness(mixLufs: number | null, referenceLufs: number | null): { mixGainDb: number; referenceGainDb: number } {
  if (!known(mixLufs) || !known(referenceLufs)) return { mixGainDb: 0, referenceGainDb: 0 };
  return mixLufs > referenceLufs ? { mixGainDb: referenceLufs - mixLufs, referenceGainDb: 0 } : { mixGainDb: 0, referenceGainDb: mixLufs - referenceLufs };
}

/** The gain a streaming service applies to a source (0 until its loudness is known; an unknown peak counts as 0 dBTP). */
export function serviceGainDb(rule: StreamingRule, level: MonitoredLevel): number {
  if (!known(level.integratedLufs)) return 0;
  return previewService(rule, level.integratedLufs, known(level.truePeakMaxDbtp) ? level.truePeakMaxDbtp : 0).gainDb;
}

/**
 * The monitoring gains. With a service chosen, each source is played at the level that service
 * would play it (from its own loudness and peak); otherwise, with a reference, the two are matched
 * (matchLoudness); without either, nothing changes.
 */
export function monitorGains(mix: MonitoredLevel, reference: MonitoredLevel | null, service: StreamingRule | null): MonitorGains {
  let mixGainDb = 0;
  let referenceGainDb = 0;
  if (service) {
    mixGainDb = serviceGainDb(service, mix);
    referenceGainDb = reference ? serviceGainDb(service, reference) : 0;
  } else if (reference) {
    ({ mixGainDb, referenceGainDb } = matchLoudness(mix.integratedLufs, reference.integratedLufs));
  }
  return {
    mixGainDb,
    referenceGainDb,
    mixHeardLufs: known(mix.integratedLufs) ? mix.integratedLufs + mixGainDb : null,
    referenceHeardLufs: reference && known(reference.integratedLufs) ? reference.integratedLufs + referenceGainDb : null,
  };
}

/**
 * Side power relative to mid power, dB, from a programme's correlation ρ and balance b = PR/PL
 * (dB): E[S²]/E[M²] = (1 + b − 2ρ√b) / (1 + b + 2ρ√b). Null where either is empty.
 */
export function sideToMidFromCorrelation(correlation: number, balanceDb: number): number | null {
  const b = 10 ** (balanceDb / 10);
  const side = 1 + b - 2 * correlation * Math.sqrt(b);
  const mid = 1 + b + 2 * correlation * Math.sqrt(b);
  return side > 0 && mid > 0 ? 10 * Math.log10(side / mid) : null;
}

/**
 * The spectrum difference per broad band, mix minus reference, dB, each on its own balance (the
 * band's level minus the mean of the four), so a level difference alone moves no band. Null
 * where either has no energy in every band.
 */
export function bandDifferences(mixBandsDb: readonly number[], referenceBandsDb: readonly number[]): (number | null)[] {
  const full = (b: readonly number[]) => b.length === BROAD_BANDS.length && b.every((v) => v > -150);
  if (!full(mixBandsDb) || !full(referenceBandsDb)) return BROAD_BANDS.map(() => null);
  const m = balanceOf([...mixBandsDb]);
  const r = balanceOf([...referenceBandsDb]);
  return m.map((v, k) => v - r[k]);
}
