// The f64 reference (reference.ts) and the test-signal generators (signals.ts) prove themselves
// against the standards before anything is compared with them: the published BS.1770-5 filter
// table, the EBU Tech 3341 / 3342 expectations on the synthesized signals at 48 and 44.1 kHz,
// and the official EBU files (48 kHz), read in place where ebu-test-set.ts finds them (skipped
// where the set is not found). A file missing from a set that is found fails its test. Tolerances are the standards': ±0.1 LU for loudness, ±1 LU for LRA,
// +0.2/−0.4 dB for true peak.
//
// REFERENCE_VERBOSE=1 prints every measured number.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  amplitudeToDb, hopSamples, kWeightingCoefficients, powerToLufs, referenceMeasure, slidingPowers, truePeakAmplitude,
  weightedPower, type Biquad,
} from './reference.js';
import {
  dbfsToAmplitude, ebu3341, ebu3341Test10Case, ebu3341Test11Stream, ebu3341Test13Case, ebu3341Test14Stream, ebu3341TruePeak, ebu3342,
  levelSteps, multiTone, pinkNoise, sine, whiteNoise, type Ebu3341Stream,
} from './signals.js';

import { describeOfficial, ebuFile } from './ebu-test-set.js';
const STEREO = [1, 1];
const SURROUND_50 = [1, 1, 1, 1.41, 1.41]; // L, R, C, Ls, Rs (BS.1770-5 Annex 1, Table 3)

function report(line: string): void {
  if (process.env.REFERENCE_VERBOSE) console.info(line);
}

/** Asserts expected − below ≤ actual ≤ expected + above, with the numbers in the message. */
function expectWithin(actual: number, expected: number, below: number, above: number, what: string): void {
  const message = `${what}: ${actual.toFixed(4)}, expected ${expected} +${above}/−${below}`;
  expect(actual, message).toBeGreaterThanOrEqual(expected - below);
  expect(actual, message).toBeLessThanOrEqual(expected + above);
}

// ---------------------------------------------------------------------------------------------
// A tiny WAV reader for the official files (PCM 16/24-bit, WAVE_FORMAT_PCM or EXTENSIBLE).

interface Wav {
  sampleRate: number;
  channels: Float32Array[];
}

function readWav(name: string): Wav {
  const path = ebuFile(name);
  expect(existsSync(path), `${path} must exist`).toBe(true);
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => bytes.toString('latin1', at, at + 4);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error(`${name}: not a RIFF/WAVE file`);
  let format: { code: number; channelCount: number; sampleRate: number; bits: number } | undefined;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      format = {
        code: view.getUint16(body, true),
        channelCount: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
      if (format.code === 0xfffe) format.code = view.getUint16(body + 24, true); // sub-format GUID starts with the code
    } else if (id === 'data') {
      if (!format) throw new Error(`${name}: data before fmt`);
      const { code, channelCount, sampleRate, bits } = format;
      if (code !== 1 || (bits !== 16 && bits !== 24)) throw new Error(`${name}: only 16/24-bit PCM is read here (format ${code}, ${bits} bits)`);
      const width = bits / 8;
      const frameCount = Math.floor(Math.min(size, bytes.length - body) / (width * channelCount));
      const channels = Array.from({ length: channelCount }, () => new Float32Array(frameCount));
      const scale = 1 / 2 ** (bits - 1);
      for (let i = 0; i < frameCount; i++) {
        for (let c = 0; c < channelCount; c++) {
          const p = body + (i * channelCount + c) * width;
          const value = bits === 16 ? view.getInt16(p, true) : (view.getUint8(p) | (view.getUint8(p + 1) << 8) | (view.getInt8(p + 2) << 16));
          channels[c][i] = value * scale;
        }
      }
      return { sampleRate, channels };
    }
    at = body + size + (size & 1);
  }
  throw new Error(`${name}: no data chunk`);
}

// ---------------------------------------------------------------------------------------------
// Helpers over the reference's outputs

/** Entries of a per-hop series whose window ends at or after `seconds` (entry k ends at (k+1)·hop). */
function from(series: Float64Array, seconds: number, sampleRate: number): Float64Array {
  const hop = hopSamples(sampleRate);
  return series.subarray(Math.max(0, Math.ceil((seconds * sampleRate) / hop) - 1));
}

function range(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  return { min, max };
}

/** Max loudness over each segment of a stream, for windows ending inside it (end frame in (start, end]). */
function segmentMaxima(stream: Ebu3341Stream, sampleRate: number, windowSeconds: number): number[] {
  const e = weightedPower(stream.channels, sampleRate, STEREO);
  const powers = slidingPowers(e, Math.round(windowSeconds * 10) * hopSamples(sampleRate)); // entry n − 1 ends at n
  return stream.segments.map(({ start, end }) => powerToLufs(range(powers.subarray(start, end)).max));
}

/** |H(e^{jω})| of a biquad in dB. */
function responseDb({ b, a }: Biquad, frequencyHz: number, sampleRate: number): number {
  const w = (2 * Math.PI * frequencyHz) / sampleRate;
  const magnitude = (c: readonly number[]) => Math.hypot(c[0] + c[1] * Math.cos(w) + c[2] * Math.cos(2 * w), c[1] * Math.sin(w) + c[2] * Math.sin(2 * w));
  return 20 * Math.log10(magnitude(b) / magnitude(a));
}

function kResponseDb(frequencyHz: number, sampleRate: number): number {
  const { pre, rlb } = kWeightingCoefficients(sampleRate);
  return responseDb(pre, frequencyHz, sampleRate) + responseDb(rlb, frequencyHz, sampleRate);
}

// ---------------------------------------------------------------------------------------------

describe('BS.1770-5 K-weighting', () => {
  it('coefficients derived at 48 kHz equal the published table to 1e-6', () => {
    const { pre, rlb } = kWeightingCoefficients(48000);
    const published = {
      pre: { b: [1.53512485958697, -2.69169618940638, 1.19839281085285], a: [1, -1.69065929318241, 0.73248077421585] },
      rlb: { b: [1, -2, 1], a: [1, -1.99004745483398, 0.99007225036621] },
    };
    for (const [name, derived, table] of [['pre', pre, published.pre], ['rlb', rlb, published.rlb]] as const) {
      for (const key of ['b', 'a'] as const) {
        derived[key].forEach((value, i) => {
          expect(Math.abs(value - table[key][i]), `${name}.${key}[${i}] = ${value}, published ${table[key][i]}`).toBeLessThanOrEqual(1e-6);
        });
      }
    }
  });

  it.each([44100, 96000, 192000])('coefficients derived at %i Hz give the 48 kHz response within 0.05 dB from 20 Hz to 10 kHz', (rate) => {
    for (const f of [20, 50, 100, 200, 500, 997, 1000, 2000, 5000, 10000]) {
      const difference = kResponseDb(f, rate) - kResponseDb(f, 48000);
      report(`K response at ${f} Hz, ${rate} Hz vs 48 kHz: ${difference.toFixed(4)} dB`);
      expect(Math.abs(difference), `${f} Hz: ${difference.toFixed(4)} dB`).toBeLessThanOrEqual(0.05);
    }
  });
});

describe.each([48000, 44100])('EBU Tech 3341 on synthesized signals, reference at %i Hz', (rate) => {
  it.each([1, 2])(`EBU 3341 test %i: M, S, I = tone level ±0.1 LUFS at ${rate} Hz`, (n) => {
    const test = ebu3341(n, rate);
    const level = n === 1 ? -23 : -33;
    expect(test.expect).toEqual({ momentary: level, shortTerm: level, integrated: level, tolerance: 0.1 });
    const r = referenceMeasure(test.channels, rate, STEREO, { truePeak: false });
    const m = range(from(r.momentary, 0.4, rate));
    const s = range(from(r.shortTerm, 3, rate));
    report(`3341-${n} @${rate}: I ${r.integratedLufs.toFixed(4)}, M ${m.min.toFixed(4)}…${m.max.toFixed(4)}, S ${s.min.toFixed(4)}…${s.max.toFixed(4)}, max M ${r.momentaryMaxLufs.toFixed(4)}, max S ${r.shortTermMaxLufs.toFixed(4)}`);
    expectWithin(r.integratedLufs, level, 0.1, 0.1, 'I');
    for (const [what, value] of [['lowest M from 0.4 s', m.min], ['highest M', m.max], ['lowest S from 3 s', s.min], ['highest S', s.max], ['max M (sliding)', r.momentaryMaxLufs], ['max S (sliding)', r.shortTermMaxLufs]] as const) {
      expectWithin(value, level, 0.1, 0.1, what);
    }
  });

  it.each([3, 4, 5, 6])(`EBU 3341 test %i: I = −23.0 ±0.1 LUFS at ${rate} Hz`, (n) => {
    const test = ebu3341(n, rate);
    expect(test.layout).toBe(n === 6 ? '5.0' : 'stereo');
    const r = referenceMeasure(test.channels, rate, n === 6 ? SURROUND_50 : STEREO, { truePeak: false });
    report(`3341-${n} @${rate}: I ${r.integratedLufs.toFixed(4)}`);
    expectWithin(r.integratedLufs, -23, 0.1, 0.1, 'I');
  });

  it(`EBU 3341 test 9: S = −23.0 ±0.1 LUFS at every 100 ms step from 3 s on at ${rate} Hz`, () => {
    const test = ebu3341(9, rate);
    const r = referenceMeasure(test.channels, rate, STEREO, { truePeak: false });
    const s = range(from(r.shortTerm, 3, rate));
    report(`3341-9 @${rate}: S from 3 s ${s.min.toFixed(4)}…${s.max.toFixed(4)}`);
    expect(from(r.shortTerm, 3, rate).length).toBeGreaterThan(100);
    expectWithin(s.min, -23, 0.1, 0.1, 'lowest S');
    expectWithin(s.max, -23, 0.1, 0.1, 'highest S');
  });

  it(`EBU 3341 test 12: M = −23.0 ±0.1 LUFS at every 100 ms step from 1 s on at ${rate} Hz`, () => {
    const test = ebu3341(12, rate);
    const r = referenceMeasure(test.channels, rate, STEREO, { truePeak: false });
    const m = range(from(r.momentary, 1, rate));
    report(`3341-12 @${rate}: M from 1 s ${m.min.toFixed(4)}…${m.max.toFixed(4)}, max M ${r.momentaryMaxLufs.toFixed(4)}`);
    expect(from(r.momentary, 1, rate).length).toBeGreaterThan(80);
    expectWithin(m.min, -23, 0.1, 0.1, 'lowest M');
    expectWithin(m.max, -23, 0.1, 0.1, 'highest M');
    expectWithin(r.momentaryMaxLufs, -23, 0.1, 0.1, 'max M (sliding)');
  });

  it(`EBU 3341 test 10: max S = −23.0 ±0.1 LUFS for each of the 20 offsets at ${rate} Hz`, () => {
    const maxima = Array.from({ length: 20 }, (_, i) => referenceMeasure(ebu3341Test10Case(i, rate), rate, STEREO, { truePeak: false }).shortTermMaxLufs);
    report(`3341-10 @${rate}: max S ${maxima.map((v) => v.toFixed(3)).join(' ')}`);
    maxima.forEach((v, i) => expectWithin(v, -23, 0.1, 0.1, `case ${i}`));
  });

  it(`EBU 3341 test 11 (one stream): successive max S = −38 … −19 ±0.1 LUFS at ${rate} Hz`, () => {
    const stream = ebu3341Test11Stream(rate);
    expect(stream.segments.map((s) => s.expectLufs)).toEqual(Array.from({ length: 20 }, (_, i) => -38 + i));
    const maxima = segmentMaxima(stream, rate, 3);
    report(`3341-11 @${rate}: max S per period ${maxima.map((v) => v.toFixed(3)).join(' ')}`);
    maxima.forEach((v, i) => expectWithin(v, -38 + i, 0.1, 0.1, `period ${i}`));
  });

  it(`EBU 3341 test 13: max M = −23.0 ±0.1 LUFS for each of the 20 offsets at ${rate} Hz`, () => {
    const maxima = Array.from({ length: 20 }, (_, i) => referenceMeasure(ebu3341Test13Case(i, rate), rate, STEREO, { truePeak: false }).momentaryMaxLufs);
    report(`3341-13 @${rate}: max M ${maxima.map((v) => v.toFixed(3)).join(' ')}`);
    maxima.forEach((v, i) => expectWithin(v, -23, 0.1, 0.1, `case ${i}`));
  });

  it(`EBU 3341 test 14 (one stream): successive max M = −38 … −19 ±0.1 LUFS at ${rate} Hz`, () => {
    const stream = ebu3341Test14Stream(rate);
    const maxima = segmentMaxima(stream, rate, 0.4);
    report(`3341-14 @${rate}: max M per period ${maxima.map((v) => v.toFixed(3)).join(' ')}`);
    maxima.forEach((v, i) => expectWithin(v, -38 + i, 0.1, 0.1, `period ${i}`));
  });

  it.each([15, 16, 17, 18, 19, 20, 21, 22, 23])(`EBU 3341 test %i: max true peak = expected dBTP +0.2/−0.4 at ${rate} Hz`, (n) => {
    const test = ebu3341TruePeak(n, rate);
    expect(test.expectDbtp).toBe(n === 19 ? 3 : n >= 20 ? 0 : -6);
    const peaks = test.channels.map((x) => amplitudeToDb(truePeakAmplitude(x, rate)));
    report(`3341-${n} @${rate}: true peak ${peaks.map((v) => v.toFixed(4)).join(', ')} dBTP`);
    peaks.forEach((v, c) => expectWithin(v, test.expectDbtp, 0.4, 0.2, `channel ${c}`));
  });
});

describe.each([48000, 44100])('EBU Tech 3342 on synthesized signals, reference at %i Hz', (rate) => {
  it.each([1, 2, 3, 4])(`EBU 3342 test %i: LRA = expected ±1 LU at ${rate} Hz`, (n) => {
    const test = ebu3342(n, rate);
    const r = referenceMeasure(test.channels, rate, STEREO, { truePeak: false });
    report(`3342-${n} @${rate}: LRA ${r.loudnessRangeLu.toFixed(4)} (expected ${test.expectLra})`);
    expect(test.tolerance).toBe(1);
    expectWithin(r.loudnessRangeLu, test.expectLra, test.tolerance, test.tolerance, 'LRA');
    // The reference does better than the standard asks: the percentiles land on the plateaus.
    expectWithin(r.loudnessRangeLu, test.expectLra, 0.1, 0.1, 'LRA (reference bound)');
  });
});

describeOfficial('official EBU test files (48 kHz)', () => {
  it.each([{ n: 1, level: -23 }, { n: 2, level: -33 }])('EBU 3341 test $n (seq-3341-$n-16bit.wav): M, S, I = $level LUFS ±0.1', ({ n, level }) => {
    const wav = readWav(`seq-3341-${n}-16bit.wav`);
    expect(wav.sampleRate).toBe(48000);
    const r = referenceMeasure(wav.channels, wav.sampleRate, STEREO, { truePeak: false });
    const m = range(from(r.momentary, 0.4, wav.sampleRate));
    const s = range(from(r.shortTerm, 3, wav.sampleRate));
    report(`file 3341-${n}: I ${r.integratedLufs.toFixed(4)}, M ${m.min.toFixed(4)}…${m.max.toFixed(4)}, S ${s.min.toFixed(4)}…${s.max.toFixed(4)}`);
    expectWithin(r.integratedLufs, level, 0.1, 0.1, 'I');
    for (const [what, value] of [['lowest M', m.min], ['highest M', m.max], ['lowest S', s.min], ['highest S', s.max]] as const) {
      expectWithin(value, level, 0.1, 0.1, what);
    }
  });

  it.each([-20, -26, -40])('calibrated tone "1kHz Sine %i LUFS-16bit.wav": I equals the name ±0.1 LUFS', (level) => {
    const wav = readWav(`1kHz Sine ${level} LUFS-16bit.wav`);
    const r = referenceMeasure(wav.channels, wav.sampleRate, STEREO, { truePeak: false });
    report(`file "1kHz Sine ${level} LUFS": I ${r.integratedLufs.toFixed(4)}`);
    expectWithin(r.integratedLufs, level, 0.1, 0.1, 'I');
  });

  it('EBU 3341 test 10 (20 files): max S = −23.0 ±0.1 LUFS in each, as on the synthesized cases', () => {
    const maxima = Array.from({ length: 20 }, (_, i) => {
      const wav = readWav(`seq-3341-10-${i + 1}-24bit.wav`);
      return referenceMeasure(wav.channels, wav.sampleRate, STEREO, { truePeak: false }).shortTermMaxLufs;
    });
    report(`file 3341-10: max S ${maxima.map((v) => v.toFixed(3)).join(' ')}`);
    maxima.forEach((v, i) => expectWithin(v, -23, 0.1, 0.1, `file ${i + 1}`));
  });

  it('EBU 3341 test 12 (seq-3341-12-24bit.wav): M = −23.0 ±0.1 LUFS from 1 s on', () => {
    const wav = readWav('seq-3341-12-24bit.wav');
    const r = referenceMeasure(wav.channels, wav.sampleRate, STEREO, { truePeak: false });
    const m = range(from(r.momentary, 1, wav.sampleRate));
    report(`file 3341-12: M from 1 s ${m.min.toFixed(4)}…${m.max.toFixed(4)}, max M ${r.momentaryMaxLufs.toFixed(4)}`);
    expectWithin(m.min, -23, 0.1, 0.1, 'lowest M');
    expectWithin(m.max, -23, 0.1, 0.1, 'highest M');
    expectWithin(r.momentaryMaxLufs, -23, 0.1, 0.1, 'max M');
  });

  it('EBU 3341 test 13 (20 files): max M = −23.0 ±0.1 LUFS in each', () => {
    const maxima = Array.from({ length: 20 }, (_, i) => {
      const wav = readWav(`seq-3341-13-${i + 1}-24bit.wav`);
      return referenceMeasure(wav.channels, wav.sampleRate, STEREO, { truePeak: false }).momentaryMaxLufs;
    });
    report(`file 3341-13: max M ${maxima.map((v) => v.toFixed(3)).join(' ')}`);
    maxima.forEach((v, i) => expectWithin(v, -23, 0.1, 0.1, `file ${i + 1}`));
  });

  it.each([15, 16, 17, 18, 19, 20, 21, 22, 23])(
    'EBU 3341 test %i: true peak of the official file and of the synthesized signal = expected dBTP +0.2/−0.4, and they match',
    (n) => {
      const wav = readWav(`seq-3341-${n}-24bit.wav.wav`);
      expect(wav.sampleRate).toBe(48000);
      const synthesized = ebu3341TruePeak(n, 48000);
      const official = wav.channels.map((x) => amplitudeToDb(truePeakAmplitude(x, 48000)));
      const ours = synthesized.channels.map((x) => amplitudeToDb(truePeakAmplitude(x, 48000)));
      // Same waveform: same length, and sample by sample within 0.5 % of the peak (the official
      // files use −6.00 dBFS = 0.5012 and 0.99993·√2 = 1.4141 where the table says 0.5 and 1.41,
      // plus a slightly different low-pass for 20–23).
      expect(synthesized.channels[0].length).toBe(wav.channels[0].length);
      let difference = 0;
      for (let i = 0; i < wav.channels[0].length; i++) difference = Math.max(difference, Math.abs(synthesized.channels[0][i] - wav.channels[0][i]));
      const allowed = 0.005 * 10 ** (synthesized.expectDbtp / 20);
      report(`3341-${n}: official ${official.map((v) => v.toFixed(4)).join(', ')} dBTP, synthesized ${ours.map((v) => v.toFixed(4)).join(', ')} dBTP, max sample difference ${difference.toExponential(2)}`);
      expect(difference, `max sample difference ${difference}`).toBeLessThanOrEqual(allowed);
      official.forEach((v, c) => expectWithin(v, synthesized.expectDbtp, 0.4, 0.2, `official file, channel ${c}`));
      ours.forEach((v, c) => expectWithin(v, synthesized.expectDbtp, 0.4, 0.2, `synthesized, channel ${c}`));
      ours.forEach((v, c) => expect(Math.abs(v - official[c]), `synthesized ${v.toFixed(4)} vs official ${official[c].toFixed(4)} dBTP`).toBeLessThanOrEqual(0.05));
    },
  );
});

describe('seeded material for reference-agreement tests', () => {
  const rms = (x: Float32Array) => Math.sqrt(x.reduce((sum, v) => sum + v * v, 0) / x.length);

  it.each([
    ['whiteNoise', (seed: number) => whiteNoise(48000, 2, 2, seed, -20)],
    ['pinkNoise', (seed: number) => pinkNoise(48000, 2, 2, seed, -20)],
    ['multiTone', (seed: number) => multiTone(48000, 2, 2, [50, 440, 1000, 5000, 15000], seed, -20)],
  ] as const)('%s is deterministic per seed, independent per channel and at the requested RMS (−20 dBFS ±0.001 dB)', (_, make) => {
    const a = make(7);
    const b = make(7);
    const c = make(8);
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(c[0]);
    expect(a[0]).not.toEqual(a[1]);
    for (const channel of a) expect(Math.abs(amplitudeToDb(rms(channel)) + 20)).toBeLessThanOrEqual(0.001);
  });

  it('pinkNoise falls by 3 dB per octave: mean power per bin in 1–2 kHz is 3 ±0.3 dB above 2–4 kHz', () => {
    const [x] = pinkNoise(48000, 10, 1, 3, -20);
    const segment = 24000; // 0.5 s segments, averaged (Welch-like, rectangular window)
    // Mean single-bin DFT power (Goertzel) over bins 10 Hz apart in [lo, hi) and over all segments.
    const bandPower = (lo: number, hi: number) => {
      let total = 0, count = 0;
      for (let f = lo; f < hi; f += 10) {
        const c = 2 * Math.cos((2 * Math.PI * f) / 48000);
        for (let start = 0; start + segment <= x.length; start += segment) {
          let s1 = 0, s2 = 0;
          for (let i = start; i < start + segment; i++) {
            const s0 = x[i] + c * s1 - s2;
            s2 = s1; s1 = s0;
          }
          total += s1 * s1 + s2 * s2 - c * s1 * s2;
          count++;
        }
      }
      return total / count;
    };
    // For a 1/f spectrum the mean of 1/f over [1, 2] is twice that over [2, 4]: 3.01 dB.
    const slope = 10 * Math.log10(bandPower(1000, 2000) / bandPower(2000, 4000));
    report(`pink noise: 1–2 kHz vs 2–4 kHz mean power per bin ${slope.toFixed(3)} dB`);
    expect(Math.abs(slope - 3.01), `${slope.toFixed(3)} dB per octave`).toBeLessThanOrEqual(0.3);
  });

  it('levelSteps applies a gain of stepsDb[k] to the k-th stretch and repeats the steps', () => {
    const tone = sine({ sampleRate: 48000, frequencyHz: 1000, amplitude: 0.5, seconds: 4, channels: 2 });
    const stepped = levelSteps(tone, 48000, [0, -10], 1);
    for (const [second, db] of [[0, 0], [1, -10], [2, 0], [3, -10]]) {
      const i = second * 48000 + 12; // 12 samples in: sin(2π·12/48) = 1, the peak
      expect(stepped[1][i]).toBeCloseTo(tone[1][i] * dbfsToAmplitude(db), 6);
    }
    const r = referenceMeasure(stepped, 48000, STEREO, { truePeak: false });
    report(`levelSteps 0/−10 dB: I ${r.integratedLufs.toFixed(4)}`);
    // Blocks at −6.0 and −16.0 LUFS pass both gates: I = loudness of their mean power.
    expect(r.integratedLufs).toBeGreaterThan(-16);
    expect(r.integratedLufs).toBeLessThan(-6);
  });
});
