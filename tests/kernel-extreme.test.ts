// Float input far beyond full scale: loudness is a mean of energies, so it scales exactly with the
// signal whatever the level. A block far above +40 LUFS must still be counted and gated (it once
// fell past the histogram's top bin and integrated loudness read −∞ for a +55 dBFS float sine).

import { describe, expect, it } from 'vitest';
import { measure } from './support/measure.js';

const RATE = 48000;

/** A stereo 997 Hz sine at `amplitude`, with a level step halfway (so gating has work to do). */
function sine(amplitude: number, seconds = 10): Float32Array[] {
  const n = seconds * RATE;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = amplitude * (i < n / 2 ? 1 : 0.3) * Math.sin((2 * Math.PI * 997 * i) / RATE);
  return [x, x.slice()];
}

describe('loudness of float input far beyond full scale', () => {
  for (const gainDb of [60, 200, 700]) {
    it(`a sine ${gainDb} dB above a −5 dBFS one reads ${gainDb} LU louder (integrated, max M and S, LRA the same), in any chunking`, () => {
      const quiet = measure(sine(10 ** (-5 / 20)), RATE);
      const loud = sine(10 ** ((gainDb - 5) / 20));
      expect(Math.abs(quiet.integratedLufs - -8.6)).toBeLessThan(1);
      for (const chunk of [4096, 128, 1000]) {
        const r = measure(loud, RATE, 2, chunk);
        // The standard's tolerance for integrated loudness (±0.1 LU, Tech 3341).
        expect(Math.abs(r.integratedLufs - (quiet.integratedLufs + gainDb)), `chunk ${chunk}`).toBeLessThan(0.1);
        expect(Math.abs(r.momentaryMaxLufs - (quiet.momentaryMaxLufs + gainDb))).toBeLessThan(0.1);
        expect(Math.abs(r.shortTermMaxLufs - (quiet.shortTermMaxLufs + gainDb))).toBeLessThan(0.1);
        // Above +40 LUFS the range's percentiles fall in 1 LU bins.
        expect(Math.abs(r.loudnessRangeLu - quiet.loudnessRangeLu)).toBeLessThanOrEqual(1);
      }
    });
  }
});
