// The live audition of the real-music evaluation (tests/real-music/audition.ts): the plain excerpt
// brought to the processor's input peak, then the processed file at the plain part's RMS, so that
// the switch changes what the processor does to the music and not how loud it is.

import { expect, it } from 'vitest';
import { auditionAudio } from './real-music/audition.js';

const fs = 1000;
const tone = (seconds: number, amplitude: number) => Float32Array.from({ length: seconds * fs }, (_, i) => amplitude * Math.sin((2 * Math.PI * 50 * i) / fs));
const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

it('plays the plain excerpt at the given peak, then the processed file matched to its RMS', () => {
  const plain = [tone(2, 0.1), tone(2, 0.1)];
  // A "processed" file 12 dB louder and squarer: its RMS, not its peak, is matched.
  const processed = [0, 1].map(() => tone(3, 0.4).map((v) => Math.sign(v) * Math.min(Math.abs(v), 0.2)));
  const { channels, switchSeconds, matchGainDb } = auditionAudio(plain, processed, fs, -3);
  expect(switchSeconds).toBe(2);
  expect(channels[0].length).toBe(5 * fs);
  const before = channels[0].subarray(0, 2 * fs), after = channels[0].subarray(2 * fs);
  expect(20 * Math.log10(Math.max(...before.map(Math.abs)))).toBeCloseTo(-3, 3);
  expect(20 * Math.log10(rms(after) / rms(before))).toBeCloseTo(0, 3);
  expect(matchGainDb).toBeCloseTo(20 * Math.log10(rms(before) / rms(processed[0])), 3);
});

it('names the problem when the plain excerpt and the processed file differ in channels', () => {
  expect(() => auditionAudio([tone(1, 0.5)], [tone(1, 0.5), tone(1, 0.5)], fs, -3)).toThrow(/differ in channels \(1 and 2\)/);
});
