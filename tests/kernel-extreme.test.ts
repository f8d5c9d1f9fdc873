// Float input far beyond full scale: loudness is a mean of energies, so it scales exactly with the
// signal whatever the level. A block far above +40 LUFS must still be counted and gated (it once
// fell past the histogram's top bin and integrated loudness read −∞ for a +55 dBFS float sine).

import { describe, expect, it } from 'vitest';
import { createAnalyzer, FAR_OVER_LEVEL } from '../src/node.js';
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

/** Largest finite float32. */
const F32_MAX = 3.4028234663852886e38;

/** fs/4 at 45° (BS.1770 Annex 2's inter-sample case): samples at ±0.707·`amplitude`, peaks between them. */
function interSample(amplitude: number, seconds = 2): Float32Array[] {
  const n = seconds * RATE;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = amplitude * Math.sin(Math.PI / 2 * i + Math.PI / 4);
  return [x, x.slice()];
}

/** `signal` times 2^`exponent`: exact in float32 (only the exponent changes) while nothing overflows. */
function scaled(signal: Float32Array[], exponent: number): Float32Array[] {
  const gain = 2 ** exponent;
  return signal.map((channel) => channel.map((v) => v * gain));
}

const DB_PER_OCTAVE = 20 * Math.log10(2);

describe('true peak of float input far beyond full scale', () => {
  // 997 Hz (samples near the peaks) and fs/4 at 45° (every peak 3 dB above its samples).
  const signals = { '997 Hz sine': sine(10 ** (-5 / 20), 2), 'fs/4 sine at 45°': interSample(0.5) };

  for (const [name, signal] of Object.entries(signals)) {
    it(`a ${name} scaled by 2^k reads k·6.02 dB more true peak, up to the float32 limit, in any chunking`, () => {
      const quiet = measure(signal, RATE);
      // Up to 2^100 the interpolation runs in float32 exactly as at any level (scaling by 2^k is
      // exact); beyond it, in f64: the same reading within rounding.
      for (const exponent of [20, 99, 110, 126]) {
        for (const chunk of [4096, 128, 1000]) {
          const r = measure(scaled(signal, exponent), RATE, 2, chunk);
          const expected = quiet.truePeakMaxDbtp + exponent * DB_PER_OCTAVE;
          expect(Math.abs(r.truePeakMaxDbtp - expected), `2^${exponent}, chunk ${chunk}`).toBeLessThan(0.001);
          for (const channel of r.channels) expect(Math.abs(channel.truePeakMaxDbtp - expected)).toBeLessThan(0.001);
          expect(r.truePeakMaxDbtp).toBeGreaterThanOrEqual(r.samplePeakMaxDbfs);
          // Every sample period is over 0 dBTP at these levels but the zero crossings.
          expect(r.truePeakOvers, `2^${exponent}, chunk ${chunk}`).toBe(measure(scaled(signal, 20), RATE, 2, chunk).truePeakOvers);
          expect(Math.abs(r.integratedLufs - (quiet.integratedLufs + exponent * DB_PER_OCTAVE))).toBeLessThan(0.1);
        }
      }
    });
  }

  it('3e38 samples (the report: true peak read −∞) and an inter-sample peak above the float32 limit read their true level', () => {
    const at3e38 = measure(sine(3e38, 2), RATE);
    // 997 Hz sine: the true peak is the amplitude, 769.54 dB; the 4× interpolator reads within its ripple.
    expect(at3e38.samplePeakMaxDbfs).toBeCloseTo(20 * Math.log10(3e38), 2);
    expect(Math.abs(at3e38.truePeakMaxDbtp - 20 * Math.log10(3e38))).toBeLessThan(0.05);
    // fs/4 at 45° with samples at the float32 limit: its peaks (1.41 × F32_MAX) exist only in f64.
    const beyond = interSample(F32_MAX / Math.SQRT1_2 * 0.9999999);
    const quiet = measure(interSample(1), RATE);
    for (const chunk of [4096, 128, 1000]) {
      const r = measure(beyond, RATE, 2, chunk);
      expect(r.samplePeakMaxDbfs).toBeCloseTo(20 * Math.log10(F32_MAX), 3);
      expect(Math.abs(r.truePeakMaxDbtp - r.samplePeakMaxDbfs - (quiet.truePeakMaxDbtp - quiet.samplePeakMaxDbfs)), `chunk ${chunk}`).toBeLessThan(0.001);
      expect(Number.isFinite(r.truePeakMaxDbtp)).toBe(true);
    }
  });
});

describe('the readings say when the input holds values far beyond full scale (+24 dBFS)', () => {
  it('farOverFullScale is 0 up to +24 dBFS, 1 from the first sample beyond it until reset (Node API)', () => {
    const analyzer = createAnalyzer({ sampleRate: RATE, layout: 'stereo' });
    const below = sine(10 ** (23.9 / 20), 1);
    analyzer.push(below);
    expect(analyzer.read().farOverFullScale).toBe(false);
    expect(analyzer.read().samplePeakMaxDbfs).toBeCloseTo(23.9, 2);
    // One sample beyond +24 dBFS in the right channel among quiet ones.
    const quiet = new Float32Array(RATE).fill(0.1);
    const spike = quiet.slice();
    spike[1234] = FAR_OVER_LEVEL * 1.001;
    analyzer.push([quiet, spike]);
    expect(analyzer.read().farOverFullScale).toBe(true);
    // It stays set (a reading since reset), not only for the read that saw it.
    analyzer.push([quiet, quiet]);
    expect(analyzer.read().farOverFullScale).toBe(true);
    analyzer.reset();
    analyzer.push([quiet, quiet]);
    expect(analyzer.read().farOverFullScale).toBe(false);
    expect(20 * Math.log10(FAR_OVER_LEVEL)).toBeCloseTo(24, 10);
  });
});
