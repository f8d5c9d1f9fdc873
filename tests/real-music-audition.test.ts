// The live audition of the real-music evaluation (tests/real-music/audition.ts): the plain excerpt
// brought to the processor's input peak, and the processed file at the plain part's RMS, so that
// the switch changes what the processor does to the music and not how loud it is.

import { expect, it } from 'vitest';
import { auditionParts, splice } from './real-music/audition.js';

const fs = 1000;
const tone = (seconds: number, amplitude: number) => Float32Array.from({ length: seconds * fs }, (_, i) => amplitude * Math.sin((2 * Math.PI * 50 * i) / fs));
const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

it('brings the plain excerpt to the given peak and the processed file to its RMS', () => {
  const plain = [tone(2, 0.1), tone(2, 0.1)];
  // A "processed" file 12 dB louder and squarer: its RMS, not its peak, is matched.
  const processed = [0, 1].map(() => tone(3, 0.4).map((v) => Math.sign(v) * Math.min(Math.abs(v), 0.2)));
  const parts = auditionParts(plain, processed, -3);
  expect(20 * Math.log10(Math.max(...parts.plain[0].map(Math.abs)))).toBeCloseTo(-3, 3);
  expect(20 * Math.log10(rms(parts.processed[1]) / rms(parts.plain[1]))).toBeCloseTo(0, 3);
  expect(parts.matchGainDb).toBeCloseTo(20 * Math.log10(rms(parts.plain[0]) / rms(processed[0])), 3);
});

it('splices one part after the other, channel by channel', () => {
  const joined = splice([tone(2, 0.1), tone(2, 0.2)], [tone(3, 0.3), tone(3, 0.4)]);
  expect(joined.map((c) => c.length)).toEqual([5 * fs, 5 * fs]);
  expect(Math.max(...joined[1].subarray(0, 2 * fs))).toBeCloseTo(0.2, 5);
  expect(Math.max(...joined[1].subarray(2 * fs))).toBeCloseTo(0.4, 5);
});

it('names the problem when the plain excerpt and the processed file differ in channels', () => {
  expect(() => auditionParts([tone(1, 0.5)], [tone(1, 0.5), tone(1, 0.5)], -3)).toThrow(/differ in channels \(1 and 2\)/);
});
