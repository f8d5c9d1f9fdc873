// The kernel's stereo field (assembly/stereo.ts, mono-fold.ts, stereo-bands.ts, goniometer.ts):
// correlation of identical, inverted and uncorrelated channels, its time constant, correlation
// per octave band, mono-compatibility loss of phase-shifted pairs against the analytic value and
// a slow f64 K-weighted reference, balance, mid/side levels, the goniometer stream, chunking
// invariance, bad input, and that none of it changes the loudness readings.

import { describe, expect, it } from 'vitest';
import { createAnalyzer, createKernel, type StereoOptions } from '../src/node.js';
import type { MeterKernel } from '../src/engine/kernel.js';
import { createStereoReadings, decodeStereo, type StereoReadings } from '../src/engine/analysis-readings.js';
import { GONIOMETER_CAPACITY } from '../src/contract/readings-layout.js';
import { kWeight } from './support/reference.js';
import { mulberry32, whiteNoise } from './support/signals.js';

function tone(sampleRate: number, frequencyHz: number, amplitude: number, frames: number, phaseRad = 0): Float32Array {
  const x = new Float32Array(frames);
  for (let i = 0; i < frames; i++) x[i] = amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate + phaseRad);
  return x;
}

function stereoKernel(sampleRate: number, options: StereoOptions = {}): MeterKernel {
  const kernel = createKernel(sampleRate, 'stereo');
  kernel.configureStereo({ enabled: true, ...options });
  return kernel;
}

function pushAll(kernel: MeterKernel, channels: Float32Array[], chunk = 128): void {
  for (let start = 0; start < channels[0].length; start += chunk) kernel.push(channels, start, Math.min(chunk, channels[0].length - start));
}

function read(kernel: MeterKernel): StereoReadings {
  return decodeStereo(kernel.readStereo(), kernel.goniometerPoints, createStereoReadings());
}

const negate = (x: Float32Array) => x.map((v) => -v);

describe('phase correlation', () => {
  it('identical channels read +1, inverted −1, independent noises ~0 (|r| < 0.02 over 10 s)', () => {
    const rate = 48000;
    const [a, b] = whiteNoise(rate, 10, 2, 17, -20);
    const cases: [string, Float32Array[], number, number][] = [
      ['identical', [a, a], 1, 1e-9],
      ['inverted', [a, negate(a)], -1, 1e-9],
      // Independent Gaussian noises: r over n samples has a spread of 1/√n (0.0014 over 10 s;
      // the 300 ms average holds ~14 400 samples: 0.008).
      ['uncorrelated', [a, b], 0, 0.03],
    ];
    for (const [name, signal, expected, tolerance] of cases) {
      const kernel = stereoKernel(rate);
      pushAll(kernel, signal);
      const r = read(kernel);
      expect(Math.abs(r.correlation - expected), name).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(r.correlationProgramme - expected), `${name} (programme)`).toBeLessThanOrEqual(Math.max(tolerance / 5, 1e-9));
    }
  });

  it('per octave band: identical +1, inverted −1 in every band, independent noises ~0 (|r| < 0.15 over 20 s)', () => {
    const rate = 48000;
    const [a, b] = whiteNoise(rate, 20, 2, 23, -20);
    // With τ = 60 s the average is the plain mean of the 20 s (frames weigh max(α, 1/(n+1))).
    // The 63 Hz band holds 7 bins (under 2 independent ones through the flat-top): its spread
    // over 20 s is about 0.04, so 0.15 is over 3.5 σ; the 16 kHz band's spread is 0.002.
    for (const [name, signal, expected, tolerance] of [
      ['identical', [a, a], 1, 1e-4], ['inverted', [a, negate(a)], -1, 1e-4], ['uncorrelated', [a, b], 0, 0.15],
    ] as const) {
      const kernel = stereoKernel(rate, { timeConstantMs: 60000 });
      pushAll(kernel, signal as unknown as Float32Array[], 4096);
      const r = read(kernel);
      expect(r.bandCount).toBe(10); // 31.6 Hz … 15.8 kHz below 24 kHz
      for (let band = 0; band < r.bandCount; band++) {
        expect(Math.abs(r.bandCorrelation[band] - expected), `${name}, ${r.bandCentreHz[band].toFixed(0)} Hz`).toBeLessThanOrEqual(tolerance);
      }
    }
  });

  it('per band separates what broadband cannot: 125 Hz in phase and 4 kHz inverted read +1 and −1, broadband 0', () => {
    const rate = 44100;
    const low = tone(rate, 125, 0.3, rate * 3), high = tone(rate, 4000, 0.3, rate * 3, 0.7);
    const left = low.map((v, i) => v + high[i]);
    const right = low.map((v, i) => v - high[i]);
    const kernel = stereoKernel(rate);
    pushAll(kernel, [left, right]);
    const r = read(kernel);
    const band = (hz: number) => [...r.bandCentreHz.subarray(0, r.bandCount)].findIndex((c) => Math.abs(c / hz - 1) < 0.03);
    expect(r.bandCorrelation[band(125)]).toBeGreaterThan(0.999);
    expect(r.bandCorrelation[band(4000)]).toBeLessThan(-0.999);
    expect(Math.abs(r.correlation)).toBeLessThan(0.01);
  });

  it('follows a step from +1 to −1 with the time constant: r = −1 + 2·e^(−t/τ), 0.264 … after τ = 300 ms', () => {
    const rate = 48000;
    const [a] = whiteNoise(rate, 3, 1, 31, -20);
    const kernel = stereoKernel(rate, { timeConstantMs: 300 });
    const step = rate * 2; // 2 s identical, then inverted
    pushAll(kernel, [a.subarray(0, step), a.subarray(0, step)]);
    expect(read(kernel).correlation).toBeCloseTo(1, 6);
    const tau = rate * 0.3;
    pushAll(kernel, [a.subarray(step, step + tau), negate(a.subarray(step, step + tau))]);
    const r = read(kernel);
    // Powers stay put, so r follows the cross term: −1 + 2/e = −0.2642. Noise: ±0.02.
    expect(r.correlation).toBeCloseTo(-1 + 2 / Math.E, 1);
    expect(Math.abs(r.correlation - (-1 + 2 / Math.E))).toBeLessThan(0.03);
    expect(r.correlationMinSinceRead).toBeCloseTo(r.correlation, 3);
    pushAll(kernel, [a.subarray(0, 2 * rate), a.subarray(0, 2 * rate)]);
    const later = read(kernel);
    // 2 s after switching back: 1 − (1 + 0.264)·e^(−2/0.3) = 0.9984.
    expect(later.correlation).toBeGreaterThan(0.995);
    expect(later.correlationMinSinceRead).toBeLessThan(0); // the dip right after the previous read
    expect(later.correlationMin).toBeLessThan(-0.25);
  });
});

describe('mono-compatibility loss (K-weighted, LU)', () => {
  // L = sin(ωt), R = sin(ωt + φ): equal K-weighted energies e and cross term e·cos φ, so the
  // fold-down (L+R)/2 on both speakers has (2e + 2e·cos φ)/2 and the loss is
  // −10·log10((1 + cos φ)/2): 0 LU at 0°, 0.688 at 45°, 3.010 at 90°, 6.021 at 120°, ∞ at 180°.
  const rate = 48000;
  for (const degrees of [0, 45, 90, 120, 150]) {
    const expected = -10 * Math.log10((1 + Math.cos((degrees * Math.PI) / 180)) / 2);
    it(`R = L shifted by ${degrees}° reads ${expected.toFixed(3)} LU`, () => {
      const left = tone(rate, 997, 0.5, rate * 4);
      const right = tone(rate, 997, 0.5, rate * 4, (degrees * Math.PI) / 180);
      const kernel = stereoKernel(rate);
      pushAll(kernel, [left, right]);
      const r = read(kernel);
      expect(r.monoLossLu).toBeCloseTo(expected, 2);
      expect(r.monoLossProgrammeLu).toBeCloseTo(expected, 2);
    });
  }

  it('R = L shifted by 180° (inverted) cancels in mono: the loss reads its limit, 200 LU', () => {
    const left = tone(rate, 997, 0.5, rate * 2);
    const kernel = stereoKernel(rate);
    pushAll(kernel, [left, negate(left)]);
    const r = read(kernel);
    expect(r.monoLossLu).toBe(200);
    expect(r.monoLossProgrammeLu).toBe(200);
    expect(r.monoLossMaxSinceReadLu).toBe(200);
  });

  it('independent noises of equal loudness lose 3.01 LU, and the programme value matches a slow f64 K-weighted reference', () => {
    const signal = whiteNoise(rate, 10, 2, 41, -20);
    const kernel = stereoKernel(rate);
    pushAll(kernel, signal, 4096);
    const r = read(kernel);
    const kl = kWeight(signal[0], rate), kr = kWeight(signal[1], rate);
    let el = 0, er = 0, folded = 0;
    for (let i = 0; i < kl.length; i++) { el += kl[i] ** 2; er += kr[i] ** 2; folded += ((kl[i] + kr[i]) / 2) ** 2 * 2; }
    const reference = 10 * Math.log10((el + er) / folded);
    expect(Math.abs(reference - 3.0103)).toBeLessThan(0.05); // sanity of the reference itself
    expect(r.monoLossProgrammeLu).toBeCloseTo(reference, 4);
    expect(Math.abs(r.monoLossLu - 3.0103)).toBeLessThan(0.15);
  });

  it('silence reads 0 LU loss, correlation 0, balance 0, mid and side at the floor', () => {
    const kernel = stereoKernel(rate);
    const silence = new Float32Array(rate);
    pushAll(kernel, [silence, silence]);
    const r = read(kernel);
    expect([r.monoLossLu, r.correlation, r.balanceDb, r.midDb, r.sideDb]).toEqual([0, 0, 0, -200, -200]);
  });
});

describe('balance and mid/side levels', () => {
  const rate = 44100;
  it('R 6.02 dB louder than L reads +6.02 dB balance (positive leans right); L alone −60 (the limit)', () => {
    const [noise] = whiteNoise(rate, 3, 1, 3, -20);
    const kernel = stereoKernel(rate);
    pushAll(kernel, [noise.map((v) => v * 0.5), noise]);
    const r = read(kernel);
    expect(r.balanceDb).toBeCloseTo(20 * Math.log10(2), 4);
    expect(r.balanceProgrammeDb).toBeCloseTo(20 * Math.log10(2), 4);
    const leftOnly = stereoKernel(rate);
    pushAll(leftOnly, [noise, new Float32Array(noise.length)]);
    expect(read(leftOnly).balanceDb).toBe(-60);
  });

  it('a full-scale sine in both channels: mid 0 dB, side floor; inverted: mid floor, side 0 dB; L alone: both −6.02 dB', () => {
    const x = tone(rate, 1000, 1, rate * 2);
    const zero = new Float32Array(x.length);
    const cases: [string, Float32Array[], number, number][] = [
      ['identical', [x, x], 0, -200], ['inverted', [x, negate(x)], -200, 0], ['left only', [x, zero], -6.0206, -6.0206],
    ];
    for (const [name, signal, mid, side] of cases) {
      const kernel = stereoKernel(rate);
      pushAll(kernel, signal);
      const r = read(kernel);
      // The 300 ms average of per-step energies ripples by ±0.006 dB on a 1 kHz tone (steps of
      // 105 frames hold no whole number of periods).
      if (mid === -200) expect(r.midDb, name).toBe(-200); else expect(Math.abs(r.midDb - mid), name).toBeLessThan(0.02);
      if (side === -200) expect(r.sideDb, name).toBe(-200); else expect(Math.abs(r.sideDb - side), name).toBeLessThan(0.02);
    }
  });
});

describe('goniometer', () => {
  it('at 48 kHz the default 6000 points/s takes every 8th sample pair from reset: x = (R−L)/2, y = (L+R)/2', () => {
    const rate = 48000;
    const random = mulberry32(2);
    const left = Float32Array.from({ length: rate }, () => random() - 0.5);
    const right = Float32Array.from({ length: rate }, () => random() - 0.5);
    const kernel = stereoKernel(rate);
    const points: number[] = [];
    for (let start = 0; start < rate; start += 128) {
      kernel.push([left, right], start, 128);
      const r = read(kernel);
      expect(r.goniometerRateHz).toBe(6000);
      expect(r.goniometerDropped).toBe(0);
      for (let i = 0; i < 2 * r.goniometerPoints; i++) points.push(r.goniometer[i]);
    }
    expect(points.length / 2).toBe(6000); // exactly rate / 8 in one second
    for (let p = 0; p < 6000; p++) {
      expect(points[2 * p]).toBe(Math.fround(0.5 * (right[8 * p] - left[8 * p])));
      expect(points[2 * p + 1]).toBe(Math.fround(0.5 * (left[8 * p] + right[8 * p])));
    }
  });

  it('the rate is the sample rate over a whole factor: 44.1 kHz at 6000/s → every 7th sample, 6300/s; 1000/s → 1002.3/s', () => {
    const kernel = stereoKernel(44100);
    expect(read(kernel).goniometerRateHz).toBe(6300);
    kernel.configureStereo({ goniometerRateHz: 1000 });
    pushAll(kernel, [new Float32Array(44100), new Float32Array(44100)], 4096);
    const r = read(kernel);
    expect(r.goniometerRateHz).toBeCloseTo(44100 / 44, 9);
    expect(r.goniometerPoints).toBe(Math.ceil(44100 / 44));
  });

  it('points stay within ±1 and finite for +12 dBFS, NaN and ±Infinity input', () => {
    const rate = 48000;
    const kernel = stereoKernel(rate, { goniometerRateHz: rate });
    const loud = tone(rate, 440, 4, 4096);
    loud.set([NaN, Infinity, -Infinity, 3.4e38], 100);
    kernel.push([loud, negate(loud)]);
    const r = read(kernel);
    expect(r.goniometerPoints).toBe(4096);
    let extreme = 0;
    for (let i = 0; i < 2 * r.goniometerPoints; i++) {
      expect(Number.isFinite(r.goniometer[i])).toBe(true);
      extreme = Math.max(extreme, Math.abs(r.goniometer[i]));
    }
    expect(extreme).toBe(1);
    for (const v of kernel.readStereo()) expect(Number.isFinite(v)).toBe(true);
  });

  it(`keeps the newest ${GONIOMETER_CAPACITY} points when not read for long, and counts the ones dropped`, () => {
    const rate = 48000;
    const kernel = stereoKernel(rate, { goniometerRateHz: rate });
    const ramp = Float32Array.from({ length: rate }, (_, i) => i / rate);
    pushAll(kernel, [ramp, ramp], 4096);
    const r = read(kernel);
    expect(r.goniometerPoints).toBe(GONIOMETER_CAPACITY);
    expect(r.goniometerDropped).toBe(rate - GONIOMETER_CAPACITY);
    expect(r.goniometer[2 * GONIOMETER_CAPACITY - 1]).toBe(ramp[rate - 1]); // y of the newest = L
    expect(r.goniometer[1]).toBe(ramp[rate - GONIOMETER_CAPACITY]);
    expect(read(kernel).goniometerPoints).toBe(0); // read-and-reset
  });
});

describe('invariants', () => {
  it('128-frame quanta, single frames, 4096 and random chunks give bit-identical stereo records and goniometer streams', () => {
    const rate = 48000;
    const signal = whiteNoise(rate, 1.2, 2, 77, -12);
    signal[1] = signal[1].map((v, i) => 0.6 * v + 0.4 * signal[0][i]);
    const run = (nextChunk: () => number) => {
      const kernel = stereoKernel(rate, { timeConstantMs: 200, goniometerRateHz: 12000 });
      kernel.configureSpectrum({ fftSize: 1024 });
      const points: number[] = [];
      for (let start = 0; start < signal[0].length;) {
        const frames = Math.min(nextChunk(), signal[0].length - start);
        kernel.push(signal, start, frames);
        start += frames;
        if (start % 4800 < frames) {
          const r = read(kernel);
          for (let i = 0; i < 2 * r.goniometerPoints; i++) points.push(r.goniometer[i]);
        }
      }
      const record = Float64Array.from(kernel.readStereo());
      return { record, points: Float32Array.from(points) };
    };
    const reference = run(() => 128);
    const random = mulberry32(9);
    for (const next of [() => 1, () => 4096, () => 1 + Math.floor(random() * 4096)]) {
      const other = run(next);
      expect(other.record).toEqual(reference.record);
      expect(other.points.length).toBe(reference.points.length);
      expect(other.points).toEqual(reference.points);
    }
  });

  it('turning the spectrum and stereo field on changes no loudness or peak reading (bit-identical readings record)', () => {
    const rate = 48000;
    const signal = whiteNoise(rate, 4, 2, 5, -18);
    const plain = createKernel(rate, 'stereo');
    const full = stereoKernel(rate);
    full.configureSpectrum({ enabled: true, fftSize: 4096 });
    pushAll(plain, signal);
    pushAll(full, signal);
    expect(Float64Array.from(full.read())).toEqual(Float64Array.from(plain.read()));
  });

  it('reset forgets the stereo field (programme values, minima, goniometer) but keeps the settings', () => {
    const rate = 48000;
    const kernel = stereoKernel(rate, { timeConstantMs: 50 });
    const x = tone(rate, 500, 0.5, rate);
    pushAll(kernel, [x, negate(x)]);
    kernel.reset();
    pushAll(kernel, [x.subarray(0, 9600), x.subarray(0, 9600)]);
    const r = read(kernel);
    expect(r.frames).toBe(9600);
    expect(r.correlationMin).toBeGreaterThan(0.99);
    expect(r.correlationProgramme).toBeCloseTo(1, 9);
    expect(r.timeConstantMs).toBe(50);
    expect(r.goniometerPoints).toBe(1200);
  });

  it('is off by default, and refuses mono layouts with an exact message', () => {
    const analyzer = createAnalyzer({ sampleRate: 48000 });
    analyzer.push(whiteNoise(48000, 0.5, 2, 1));
    expect(analyzer.readStereo()).toMatchObject({ enabled: false, frames: 0, goniometerPoints: 0, bandCount: 0 });
    expect(() => createAnalyzer({ sampleRate: 48000, layout: 'mono', stereo: true })).toThrow(
      'stereo field of a 1-channel layout: needs at least two channels',
    );
    expect(() => stereoKernel(48000, { timeConstantMs: -1 })).toThrow('time constant -1 ms: analysis option out of range');
  });
});
