// EBU Tech 3342 (2023) loudness-range tests, Table 1 (none of the files exist here: all are
// synthesized from their descriptions), at every supported test rate. Tolerance ±1 LU.

import { describe, expect, it } from 'vitest';
import { measure } from './support/measure.js';
import { ebu3342 } from './support/signals.js';

describe.each([48000, 44100, 96000, 192000])('EBU Tech 3342 at %i Hz', (rate) => {
  it.each([1, 2, 3, 4])('test %i: LRA equals the expected value ±1 LU', (n) => {
    const test = ebu3342(n, rate);
    const r = measure(test.channels, rate, 'stereo');
    expect(Math.abs(r.loudnessRangeLu - test.expectLra), `LRA ${r.loudnessRangeLu.toFixed(2)} LU, expected ${test.expectLra}`).toBeLessThanOrEqual(test.tolerance);
  });

  it('the expected response does not change when a test signal is repeated', () => {
    const once = ebu3342(4, rate);
    const twice = once.channels.map((c) => {
      const out = new Float32Array(c.length * 2);
      out.set(c);
      out.set(c, c.length);
      return out;
    });
    const r = measure(twice, rate, 'stereo');
    expect(Math.abs(r.loudnessRangeLu - once.expectLra)).toBeLessThanOrEqual(once.tolerance);
  });
});
