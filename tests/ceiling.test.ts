// The ceiling fingerprint (src/rules/detector/ceiling.ts) on window histories built by hand: a
// small share of windows at the top counts only when they are separate moments. A swell that
// straddles a window boundary peaks alike in both windows; two swells of a string section that
// reach one level are four windows at the top but two moments, which is chance.

import { describe, expect, it } from 'vitest';
import { FLOOR_DB } from '../src/contract/readings-layout.js';
import { CEILING_LOW, NEAR_BOOST_MIN_MOMENTS } from '../src/rules/detector/ceiling.js';
import { SPAN } from '../src/rules/detector/evidence.js';
import { Fingerprints } from '../src/rules/detector/score.js';
import { SUSPECT_SCORE } from '../src/rules/detector/state-machine.js';
import { WindowHistory } from '../src/rules/detector/window-history.js';
import { mulberry32 } from './support/signals.js';

const TOP_DBTP = -4;

/**
 * 6 s of windows whose true peaks reach TOP_DBTP in the windows `atTop` (each a different
 * loudness), come within 3 dB of it in two more, and stay 4–12 dB under it elsewhere.
 */
function evidenceWith(atTop: readonly number[]) {
  const random = mulberry32(5);
  const near = [15, 48];
  const history = new WindowHistory();
  for (let k = 0; k < SPAN; k++) {
    const top = atTop.indexOf(k);
    const truePeak = top >= 0 ? TOP_DBTP - 0.02 * top : near.includes(k) ? TOP_DBTP - 1 - 1.5 * random() : TOP_DBTP - 4 - 8 * random();
    const loudness = top >= 0 ? -18 + 0.5 * top : truePeak - 12 - 2 * random();
    history.push({
      index: k, truePeakDbtp: truePeak, samplePeakDbfs: truePeak - 0.3 - 0.2 * random(),
      loudnessLufs: loudness, shortTermLufs: -18, flatSamples: 0, topDuckDb: FLOOR_DB, topDipDb: FLOOR_DB, lowBandDb: FLOOR_DB, midBandDb: FLOOR_DB, highBandDb: FLOOR_DB,
    });
  }
  return new Fingerprints().evaluate(history);
}

describe('a ceiling held by few windows', () => {
  it('asks about four separate moments at one level that most windows near the top join, and not about two swells that straddle window boundaries', () => {
    const separate = evidenceWith([10, 25, 40, 55]);
    expect(separate.ceilingShare, 'four windows of sixty: under the share that counts alone').toBeLessThan(CEILING_LOW);
    expect(separate.ceilingMoments).toBe(4);
    expect(separate.nearShare, 'three of the five other windows within 3 dB of the top sit at it').toBeCloseTo(0.6, 5);
    expect(separate.score, 'four moments at one level, most of the near windows with them: a question').toBeGreaterThanOrEqual(SUSPECT_SCORE);

    const swells = evidenceWith([20, 21, 40, 41]);
    expect(swells.ceilingShare).toBe(separate.ceilingShare);
    expect(swells.nearShare).toBe(separate.nearShare);
    expect(swells.ceilingMoments, 'two swells, each across a window boundary').toBe(2);
    expect(swells.ceilingMoments).toBeLessThan(NEAR_BOOST_MIN_MOMENTS);
    expect(swells.score, 'two moments at one level are chance').toBeLessThan(SUSPECT_SCORE);
  });
});
