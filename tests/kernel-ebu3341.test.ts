// EBU Tech 3341 (2023) minimum-requirements tests, Table 1, against the kernel: the official
// 48 kHz files where they exist, synthesized signals for the rest, and the synthesized ones at
// 44.1, 96 and 192 kHz too. Tolerances are the standard's: ±0.1 LU for loudness, +0.2/−0.4 dB
// for true peak.

import { describe, expect, it } from 'vitest';
import { measure, measureLive } from './support/measure.js';
import {
  ebu3341, ebu3341Test10Case, ebu3341Test11Stream, ebu3341Test13Case, ebu3341Test14Stream, ebu3341TruePeak,
} from './support/signals.js';

const RATES = [48000, 44100, 96000, 192000];

function expectWithin(actual: number, expected: number, below: number, above: number, what: string): void {
  expect(actual, `${what}: ${actual.toFixed(3)}, expected ${expected} +${above}/−${below}`).toBeGreaterThanOrEqual(expected - below);
  expect(actual, `${what}: ${actual.toFixed(3)}, expected ${expected} +${above}/−${below}`).toBeLessThanOrEqual(expected + above);
}

describe.each(RATES)('EBU Tech 3341 at %i Hz (synthesized)', (rate) => {
  it.each([1, 2])('test %i: M, S and I equal the tone level ±0.1 LUFS', (n) => {
    const test = ebu3341(n, rate);
    const level = n === 1 ? -23 : -33;
    const r = measure(test.channels, rate, test.layout);
    expectWithin(r.momentaryLufs, level, 0.1, 0.1, 'M');
    expectWithin(r.shortTermLufs, level, 0.1, 0.1, 'S');
    expectWithin(r.integratedLufs, level, 0.1, 0.1, 'I');
  });

  it.each([3, 4, 5, 6])('test %i: I = −23.0 ±0.1 LUFS', (n) => {
    const test = ebu3341(n, rate);
    const r = measure(test.channels, rate, test.layout);
    expectWithin(r.integratedLufs, -23, 0.1, 0.1, 'I');
  });

  it('test 9: S = −23.0 ±0.1 LUFS and constant after 3 s (read every 128 frames)', () => {
    const test = ebu3341(9, rate);
    let checked = 0;
    measureLive(test.channels, rate, test.layout, (r, end) => {
      if (end >= 3 * rate) {
        expectWithin(r.shortTermLufs, -23, 0.1, 0.1, `S at ${(end / rate).toFixed(3)} s`);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(1000);
  });

  it('test 12: M = −23.0 ±0.1 LUFS and constant after 1 s (read every 128 frames)', () => {
    const test = ebu3341(12, rate);
    let checked = 0;
    measureLive(test.channels, rate, test.layout, (r, end) => {
      if (end >= 1 * rate) {
        expectWithin(r.momentaryLufs, -23, 0.1, 0.1, `M at ${(end / rate).toFixed(3)} s`);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(1000);
  });

  it('test 10: max S = −23.0 ±0.1 LUFS for each of the 20 offsets', () => {
    for (let i = 0; i < 20; i++) {
      const r = measure(ebu3341Test10Case(i, rate), rate, 'stereo');
      expectWithin(r.shortTermMaxLufs, -23, 0.1, 0.1, `case ${i}`);
    }
  });

  it('test 13: max M = −23.0 ±0.1 LUFS for each of the 20 offsets', () => {
    for (let i = 0; i < 20; i++) {
      const r = measure(ebu3341Test13Case(i, rate), rate, 'stereo');
      expectWithin(r.momentaryMaxLufs, -23, 0.1, 0.1, `case ${i}`);
    }
  });

  it('test 11, one live stream read every 128 frames: successive max S = −38 … −19 ±0.1 LUFS', () => {
    const { channels, segments } = ebu3341Test11Stream(rate);
    const maxima = segments.map(() => -Infinity);
    measureLive(channels, rate, 'stereo', (r, end) => {
      const i = segments.findIndex((s) => end > s.start && end <= s.end);
      if (i >= 0) maxima[i] = Math.max(maxima[i], r.shortTermMaxSinceReadLufs);
    });
    maxima.forEach((m, i) => expectWithin(m, -38 + i, 0.1, 0.1, `segment ${i}`));
  });

  it('test 14, one live stream read every 128 frames: successive max M = −38 … −19 ±0.1 LUFS', () => {
    const { channels, segments } = ebu3341Test14Stream(rate);
    const maxima = segments.map(() => -Infinity);
    measureLive(channels, rate, 'stereo', (r, end) => {
      const i = segments.findIndex((s) => end > s.start && end <= s.end);
      if (i >= 0) maxima[i] = Math.max(maxima[i], r.momentaryMaxSinceReadLufs);
    });
    maxima.forEach((m, i) => expectWithin(m, -38 + i, 0.1, 0.1, `segment ${i}`));
  });

  it.each([15, 16, 17, 18, 19, 20, 21, 22, 23])('test %i: max true peak within +0.2/−0.4 dB of the expected dBTP', (n) => {
    const test = ebu3341TruePeak(n, rate);
    const r = measure(test.channels, rate, 'stereo');
    expectWithin(r.truePeakMaxDbtp, test.expectDbtp, 0.4, 0.2, `test ${n} true peak`);
  });
});
