// The reference A/B's rules (src/rules/coach/ab.ts): the loudness match turns the louder source
// down to the quieter's integrated loudness and never up; with a streaming service chosen each
// source gets that service's gain from the streaming table. The expected gains are worked out by
// hand (as in coach-streaming.test.ts), not by the code under test.

import { describe, expect, it } from 'vitest';
import { bandDifferences, matchLoudness, monitorGains, sideToMidFromCorrelation } from '../src/rules/coach/ab.js';
import { STREAMING_RULES } from '../src/rules/coach/streaming.js';

const rule = (id: string) => STREAMING_RULES.find((r) => r.id === id)!;

describe('matchLoudness', () => {
  it.each([
    // mix, reference → mix gain, reference gain
    [-20, -14, 0, -6],
    [-8, -14, -6, 0],
    [-14, -14, 0, 0],
    [-23.4, -9.1, 0, -14.3],
  ])('mix %d LUFS, reference %d LUFS: mix %d dB, reference %d dB', (mix, ref, mixGain, refGain) => {
    const g = matchLoudness(mix, ref);
    expect(g.mixGainDb).toBeCloseTo(mixGain, 10);
    expect(g.referenceGainDb).toBeCloseTo(refGain, 10);
  });

  it('changes nothing until both loudnesses are known', () => {
    expect(matchLoudness(null, -14)).toEqual({ mixGainDb: 0, referenceGainDb: 0 });
    expect(matchLoudness(-20, null)).toEqual({ mixGainDb: 0, referenceGainDb: 0 });
    expect(matchLoudness(-200, -14)).toEqual({ mixGainDb: 0, referenceGainDb: 0 });
  });
});

describe('monitorGains', () => {
  it('matches the two at the quieter one\'s loudness without a service, and says where each is heard', () => {
    const g = monitorGains({ integratedLufs: -20, truePeakMaxDbtp: -5 }, { integratedLufs: -14, truePeakMaxDbtp: -1 }, null);
    expect(g).toEqual({ mixGainDb: 0, referenceGainDb: -6, mixHeardLufs: -20, referenceHeardLufs: -20 });
  });

  it('leaves the mix alone without a reference or a service', () => {
    expect(monitorGains({ integratedLufs: -9, truePeakMaxDbtp: 0 }, null, null)).toEqual({ mixGainDb: 0, referenceGainDb: 0, mixHeardLufs: -9, referenceHeardLufs: null });
  });

  // service, mix (LUFS, dBTP), reference (LUFS, dBTP) → the gains the table gives each.
  it.each([
    ['spotify', -20, -5, -8, 0, 4, -6],
    ['spotify', -20, -1, -14, -5, 0, 0],
    ['spotify-loud', -20, -5, -14, 0, 9, 3],
    ['youtube', -20, -5, -8, -1, 0, -6],
    ['apple-music', -14, -1, -20, -5, -2, 4],
    ['apple-music', -20, 0, -8, 0, 0, -8],
    ['deezer', -8, 0, -14, -1, -7, -1],
    ['tidal', -8, 0, -20, -5, -6, 0],
  ] as const)('%s: mix %d LUFS at %d dBTP, reference %d LUFS at %d dBTP → %d dB and %d dB, the table\'s gains', (id, mixLufs, mixPeak, refLufs, refPeak, mixGain, refGain) => {
    const g = monitorGains({ integratedLufs: mixLufs, truePeakMaxDbtp: mixPeak }, { integratedLufs: refLufs, truePeakMaxDbtp: refPeak }, rule(id));
    expect(g.mixGainDb).toBeCloseTo(mixGain, 10);
    expect(g.referenceGainDb).toBeCloseTo(refGain, 10);
    expect(g.mixHeardLufs).toBeCloseTo(mixLufs + mixGain, 10);
    expect(g.referenceHeardLufs).toBeCloseTo(refLufs + refGain, 10);
  });
});

describe('the side-by-side numbers', () => {
  it('width from correlation and balance: mono −∞-like, uncorrelated 0 dB, out of phase +∞-like', () => {
    expect(sideToMidFromCorrelation(1, 0)).toBeNull();
    expect(sideToMidFromCorrelation(0, 0)).toBeCloseTo(0, 10);
    // ρ = 0.5, balanced: (1 − 0.5)/(1 + 0.5) = 1/3.
    expect(sideToMidFromCorrelation(0.5, 0)).toBeCloseTo(10 * Math.log10(1 / 3), 10);
  });

  it('band differences are level-free: a mix 6 dB quieter everywhere differs in no band', () => {
    const ref = [-20, -18, -22, -30];
    expect(bandDifferences(ref.map((v) => v - 6), ref).map((v) => v!)).toEqual([0, 0, 0, 0].map(() => expect.closeTo(0, 10)));
    // Highs 3 dB up: the highs read +2.25, the other three −0.75 (the mean of the four moved by 0.75).
    const brighter = [...ref.slice(0, 3), ref[3] + 3];
    expect(bandDifferences(brighter, ref)).toEqual([-0.75, -0.75, -0.75, 2.25].map((v) => expect.closeTo(v, 10)));
    expect(bandDifferences([-20, -200, -22, -30], ref)).toEqual([null, null, null, null]);
  });
});
