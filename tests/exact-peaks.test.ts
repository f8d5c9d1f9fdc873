// The exact-hit fingerprint's 16-bit grid test (src/rules/detector/exact-peaks.ts). Two hits that
// share their loudest sample value are a ceiling off the 16-bit grid, but only a chance on it,
// where the top 0.5 dB holds about 1,800 codes; a 16-bit file played at a fader's gain in a
// floating-point mixer keeps that coarseness though its values leave the grid. And two such hits
// off the grid make a ceiling whatever the loudness of their windows.

import { describe, expect, it } from 'vitest';
import { GRID_VALUES, onScaledSixteenBitGrid, onSixteenBitGrid } from '../src/rules/detector/exact-peaks.js';
import { mulberry32 } from './support/signals.js';
import { FLOOR_DB } from '../src/contract/readings-layout.js';
import { MOTION_MIN_DB } from '../src/rules/detector/ceiling.js';
import { SPAN } from '../src/rules/detector/evidence.js';
import { Fingerprints } from '../src/rules/detector/score.js';
import { ON_SCORE } from '../src/rules/detector/state-machine.js';
import { WindowHistory } from '../src/rules/detector/window-history.js';

const f32 = (x: number) => Math.fround(x);
const db = (x: number) => 20 * Math.log10(x);

/** A top sample peak and GRID_VALUES distinct lower ones (linear, as f32 samples), from `value(random)`. */
function peaks(value: (random: () => number) => number, random: () => number) {
  const below = new Float64Array(GRID_VALUES);
  const top = value(random);
  for (let i = 0; i < GRID_VALUES;) {
    const v = value(random);
    if (v < top && !below.slice(0, i).includes(v)) below[i++] = v;
  }
  return { top, below };
}

describe('16-bit grid of the exact-hit fingerprint', () => {
  it('finds the grid of 16-bit codes at any fader gain, from the loudest codes to quiet ones, and at unity', () => {
    const random = mulberry32(7);
    for (let trial = 0; trial < 300; trial++) {
      const fader = 10 ** ((-12 + 18 * random()) / 20);
      const topCode = 1000 + Math.floor(random() * 31768);
      const code = (r: () => number) => (Math.floor(r() * topCode) + 1) / 32768;
      const { top, below } = peaks((r) => f32(code(r) * fader), random);
      // The top and values below it are whole numbers of one step only if the lower ones are at most the top.
      const highest = Math.max(top, ...below);
      const lower = Float64Array.from([top, ...below].filter((v) => v < highest).slice(0, GRID_VALUES));
      if (lower.length < GRID_VALUES) continue;
      expect(onScaledSixteenBitGrid(highest, lower, GRID_VALUES), `fader ${db(fader).toFixed(2)} dB, top ${highest}`).toBe(true);
    }
    expect(onSixteenBitGrid(db(f32(23198 / 32768)))).toBe(true);
    expect(onSixteenBitGrid(db(f32((23198 / 32768) * 10 ** (-2.3 / 20))))).toBe(false);
  });

  it('finds no grid in floating-point or 24-bit values, with or without a fader: 0 of 3,000 trials', () => {
    // Tops from −30 dBFS up (the quietest an active window's peak is) to full scale: there a
    // 24-bit file has over 265,000 codes below its top, far finer than any 16-bit grid.
    const random = mulberry32(11);
    let found = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const fader = 10 ** ((-12 + 18 * random()) / 20);
      const level = 10 ** ((-30 * random()) / 20);
      const sample = trial % 2 === 0 ? (x: number) => x : (x: number) => Math.max(1, Math.round(x * 8388608)) / 8388608;
      const { top, below } = peaks((r) => f32(sample(level * (r() * 0.5 + 0.5)) * fader), random);
      if (onScaledSixteenBitGrid(top, below, GRID_VALUES)) found++;
    }
    expect(found).toBe(0);
  });

  it('says nothing with fewer distinct lower peaks than it needs (chance could pass fewer)', () => {
    const below = Float64Array.from([1000, 2000, 3000, 4000, 5000, 6000].map((c) => c / 32768));
    expect(onScaledSixteenBitGrid(7000 / 32768, below, GRID_VALUES)).toBe(true);
    expect(onScaledSixteenBitGrid(7000 / 32768, below, GRID_VALUES - 1)).toBe(false);
  });
});

describe('exact hits as a ceiling', () => {
  /**
   * 6 s of windows in which two different hits (windows 12 and 41) peak at `ceilingDbfs` and the
   * others lower, their sample peaks as `sampleValue` makes them (as they are, or in 16-bit codes).
   */
  function twoHitsAt(ceilingDbfs: number, sampleValue = (dbfs: number) => dbfs) {
    const random = mulberry32(3);
    const history = new WindowHistory();
    for (let k = 0; k < SPAN; k++) {
      const hit = k === 12 || k === 41;
      const loudness = hit ? -14 + (k === 41 ? 0.1 : 0) : -24 + 8 * random();
      const samplePeak = hit ? ceilingDbfs : sampleValue(loudness + 6 + 2 * random());
      history.push({
        index: k, truePeakDbtp: hit ? ceilingDbfs + (k === 12 ? 0.05 : 0.2) : samplePeak + 0.1, samplePeakDbfs: samplePeak,
        loudnessLufs: loudness, shortTermLufs: -18, flatSamples: 0, topDuckDb: FLOOR_DB, topDipDb: FLOOR_DB, lowBandDb: FLOOR_DB, midBandDb: FLOOR_DB, highBandDb: FLOOR_DB,
      });
    }
    return new Fingerprints().evaluate(history);
  }

  // A light limiter touches two kicks of a mix: their loudest samples land on its level to the
  // last bit, though the two windows are about as loud as each other. Two different hits (their
  // true peaks differ, so neither replays the other) on one f32 value off the 16-bit grid are a
  // ceiling; how alike the windows' loudness is says nothing about that.
  it('takes two different hits peaking at exactly the same sample value for a ceiling, however alike their windows\' loudness', () => {
    const e = twoHitsAt(db(f32(10 ** (-1.3 / 20))));
    expect(e.steady).toBe(false);
    expect(e.exactPeakEvents).toBe(e.exactOnEvents);
    expect(e.samplePeakTopMotionDb, 'the two windows at the top move less in loudness than a near-level ceiling needs').toBeLessThan(MOTION_MIN_DB);
    expect(e.score, 'an exact ceiling reaches "on"').toBeGreaterThanOrEqual(ON_SCORE);
  });

  // Full scale (a sample value of ±1) is a whole number of 16-bit codes, as it is of every
  // format's. In floating-point audio, two different hits there are a bus clipped or limited at
  // 0 dBFS (an LMMS project's master limiter meets it two to five times in 6 s); in 16-bit audio
  // two hits can share the top code by chance, and three are needed, as at any other code.
  it('takes two different hits at exactly full scale for a ceiling in floating-point audio, and asks for a third in 16-bit audio', () => {
    const float = twoHitsAt(0);
    expect(float.exactPeakEvents).toBe(2);
    expect(float.exactOnEvents).toBe(2);
    expect(float.score, 'two hits at full scale in floating point reach "on"').toBeGreaterThanOrEqual(ON_SCORE);
    const sixteenBit = twoHitsAt(0, (dbfs) => db(Math.round(10 ** (dbfs / 20) * 32768) / 32768));
    expect(sixteenBit.exactPeakEvents).toBe(2);
    expect(sixteenBit.exactOnEvents).toBe(3);
    expect(sixteenBit.score, 'two hits on the top 16-bit code only ask').toBeLessThan(ON_SCORE);
  });
});
