// Longer than 400 lines on purpose: the EBU Tech 3341/3342 test sequences and the seeded materials, one catalogue of test signals.
// Test signals, generated in code (never read from files): the EBU Tech 3341 / 3342 test
// sequences synthesized from their descriptions at any sample rate, and seeded noise and
// multi-tone material for comparing the kernel with the reference.
//
// Everything is computed in f64 and stored as planar Float32Array channels (one array per
// channel), which is what the kernel and the audio APIs take. "dBFS" for a sine is its peak level
// per channel (EBU Tech 3341: "the per-channel peak level of the sine"), so a stereo 1 kHz sine
// at X dBFS measures X LUFS.

import { mulberry32, pinkingFilter } from '../../src/signals/noise.js';
import { kaiser, sinc } from './reference.js';

export { mulberry32 };

/** Linear amplitude of a level in dBFS: 10^(dBFS/20). */
export function dbfsToAmplitude(dbfs: number): number {
  return 10 ** (dbfs / 20);
}

/** Frames in `seconds` at `sampleRate`, rounded to the nearest frame. */
function frames(sampleRate: number, seconds: number): number {
  return Math.round(seconds * sampleRate);
}

/** `count` planar channels holding copies of one f64 signal. */
function copies(signal: ArrayLike<number>, count: number): Float32Array[] {
  const channel = Float32Array.from(signal);
  return Array.from({ length: count }, (_, c) => (c === 0 ? channel : channel.slice()));
}

// ---------------------------------------------------------------------------------------------
// Sines

export interface SineOptions {
  sampleRate: number;
  frequencyHz: number;
  /** Peak amplitude (1.0 = full scale). */
  amplitude: number;
  seconds: number;
  /** Phase of the sine at the first sample, in radians. */
  phaseRad?: number;
  channels?: number;
}

/** amplitude · sin(2π f n / fs + phase), n = 0 … N−1, identical in every channel. */
export function sine({ sampleRate, frequencyHz, amplitude, seconds, phaseRad = 0, channels = 2 }: SineOptions): Float32Array[] {
  const n = frames(sampleRate, seconds);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate + phaseRad);
  return copies(x, channels);
}

export interface Segment {
  seconds: number;
  /** Peak level of the sine in dBFS, or null for silence. */
  dbfs: number | null;
}

/**
 * Back-to-back sine segments (1 kHz unless told), `dbfs: null` = silence. One running phase for
 * the whole sequence, as in the EBU files: sample n is sin(2π f n / fs) whatever segment it is
 * in, so level changes are phase continuous. Segment boundaries fall on round(t · fs) of the
 * cumulative time t, so rounding never accumulates.
 */
export function sineSequence(
  sampleRate: number,
  segments: readonly Segment[],
  { channels = 2, frequencyHz = 1000 }: { channels?: number; frequencyHz?: number } = {},
): Float32Array[] {
  const total = frames(sampleRate, segments.reduce((t, s) => t + s.seconds, 0));
  const x = new Float64Array(total);
  let time = 0;
  for (const segment of segments) {
    const start = frames(sampleRate, time);
    time += segment.seconds;
    const end = frames(sampleRate, time);
    if (segment.dbfs === null) continue; // silence: already zero
    const amplitude = dbfsToAmplitude(segment.dbfs);
    for (let i = start; i < end; i++) x[i] = amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate);
  }
  return copies(x, channels);
}

/** Start (inclusive) and end (exclusive) frame of each part of a stream, with its expected value. */
export interface StreamSegment {
  start: number;
  end: number;
  /** The expected maximum (S for test 11, M for test 14) over this part, in LUFS. */
  expectLufs: number;
}

/** Frame boundaries of consecutive periods of the given lengths in seconds. */
function periodBoundaries(sampleRate: number, periodSeconds: readonly number[], expectLufs: readonly number[]): StreamSegment[] {
  let time = 0;
  return periodSeconds.map((seconds, i) => {
    const start = frames(sampleRate, time);
    time += seconds;
    return { start, end: frames(sampleRate, time), expectLufs: expectLufs[i] };
  });
}

// ---------------------------------------------------------------------------------------------
// EBU Tech 3341, Table 1 (loudness)

/** EBU Tech 3341 test 6: 5.0 (L, R, C, Ls, Rs) 1 kHz at −28, −28, −24, −30, −30 dBFS. */
export function surround50(sampleRate: number, seconds = 20): Float32Array[] {
  return [-28, -28, -24, -30, -30].map((dbfs) => sineSequence(sampleRate, [{ seconds, dbfs }], { channels: 1 })[0]);
}

/** What an EBU Tech 3341 test expects; values in LUFS, `after` in seconds from the start. */
export interface Ebu3341Expectation {
  /** Momentary loudness (at every reading from `after` on, or at the end when there is no `after`). */
  momentary?: number;
  /** Short-term loudness (likewise). */
  shortTerm?: number;
  /** Integrated loudness at the end. */
  integrated?: number;
  /** M or S must hold the value at every reading from this time (s) on. */
  after?: number;
  /** ± tolerance in LU. */
  tolerance: number;
}

export interface Ebu3341Test {
  channels: Float32Array[];
  layout: 'stereo' | '5.0';
  expect: Ebu3341Expectation;
}

/** Repeats a list of segments `times` times. */
function repeat(segments: Segment[], times: number): Segment[] {
  return Array.from({ length: times }, () => segments).flat();
}

/** EBU Tech 3341 Table 1 tests 1, 2, 3, 4, 5, 6, 9 and 12, synthesized at any rate. */
export function ebu3341(testNumber: number, sampleRate: number): Ebu3341Test {
  const stereo = (segments: Segment[], expect: Ebu3341Expectation): Ebu3341Test => ({
    channels: sineSequence(sampleRate, segments),
    layout: 'stereo',
    expect,
  });
  switch (testNumber) {
    case 1: // −23 dBFS, 20 s: M, S, I = −23.0 ±0.1
      return stereo([{ seconds: 20, dbfs: -23 }], { momentary: -23, shortTerm: -23, integrated: -23, tolerance: 0.1 });
    case 2: // −33 dBFS, 20 s: M, S, I = −33.0 ±0.1
      return stereo([{ seconds: 20, dbfs: -33 }], { momentary: -33, shortTerm: -33, integrated: -33, tolerance: 0.1 });
    case 3: // 10 s −36, 60 s −23, 10 s −36: I = −23.0 ±0.1
      return stereo(
        [{ seconds: 10, dbfs: -36 }, { seconds: 60, dbfs: -23 }, { seconds: 10, dbfs: -36 }],
        { integrated: -23, tolerance: 0.1 },
      );
    case 4: // 10 s −72, 10 s −36, 60 s −23, 10 s −36, 10 s −72: I = −23.0 ±0.1
      return stereo(
        [
          { seconds: 10, dbfs: -72 }, { seconds: 10, dbfs: -36 }, { seconds: 60, dbfs: -23 },
          { seconds: 10, dbfs: -36 }, { seconds: 10, dbfs: -72 },
        ],
        { integrated: -23, tolerance: 0.1 },
      );
    case 5: // 20 s −26, 20.1 s −20, 20 s −26: I = −23.0 ±0.1
      return stereo(
        [{ seconds: 20, dbfs: -26 }, { seconds: 20.1, dbfs: -20 }, { seconds: 20, dbfs: -26 }],
        { integrated: -23, tolerance: 0.1 },
      );
    case 6: // 5.0, 20 s: L, R −28; C −24; Ls, Rs −30: I = −23.0 ±0.1
      return { channels: surround50(sampleRate, 20), layout: '5.0', expect: { integrated: -23, tolerance: 0.1 } };
    case 9: // (1.34 s −20, 1.66 s −30) × 5: S = −23.0 ±0.1, constant after 3 s
      return stereo(repeat([{ seconds: 1.34, dbfs: -20 }, { seconds: 1.66, dbfs: -30 }], 5), { shortTerm: -23, after: 3, tolerance: 0.1 });
    case 12: // (0.18 s −20, 0.22 s −30) × 25: M = −23.0 ±0.1, constant after 1 s
      return stereo(repeat([{ seconds: 0.18, dbfs: -20 }, { seconds: 0.22, dbfs: -30 }], 25), { momentary: -23, after: 1, tolerance: 0.1 });
    default:
      throw new RangeError(`EBU 3341 test ${testNumber} is not synthesized here (1, 2, 3, 4, 5, 6, 9 and 12 are)`);
  }
}

function checkCase(i: number): void {
  if (!Number.isInteger(i) || i < 0 || i > 19) throw new RangeError(`case index must be an integer 0…19, got ${i}`);
}

/** EBU Tech 3341 test 10, case i (0…19; official file i+1): i·0.15 s silence, 3 s −23 dBFS, 1 s silence. Max S = −23.0 ±0.1. */
export function ebu3341Test10Case(i: number, sampleRate: number): Float32Array[] {
  checkCase(i);
  return sineSequence(sampleRate, [{ seconds: i * 0.15, dbfs: null }, { seconds: 3, dbfs: -23 }, { seconds: 1, dbfs: null }]);
}

/** EBU Tech 3341 test 13, case i (0…19; official file i+1): i·20 ms silence, 400 ms −23 dBFS, 1 s silence. Max M = −23.0 ±0.1. */
export function ebu3341Test13Case(i: number, sampleRate: number): Float32Array[] {
  checkCase(i);
  return sineSequence(sampleRate, [{ seconds: i * 0.02, dbfs: null }, { seconds: 0.4, dbfs: -23 }, { seconds: 1, dbfs: null }]);
}

export interface Ebu3341Stream {
  channels: Float32Array[];
  /** One period per i: the maximum over it must equal −38 + i ±0.1 LUFS. */
  segments: StreamSegment[];
}

/**
 * EBU Tech 3341 test 11, one live stream: for i = 0…19, i·0.15 s silence, 3 s at (−38 + i) dBFS,
 * (3 − i·0.15) s silence. Each period is 6 s and its tone ends 3 s before the period does, so the
 * max S over period i is −38 + i.
 */
export function ebu3341Test11Stream(sampleRate: number): Ebu3341Stream {
  const segments: Segment[] = [];
  for (let i = 0; i < 20; i++) {
    segments.push({ seconds: i * 0.15, dbfs: null }, { seconds: 3, dbfs: -38 + i }, { seconds: 3 - i * 0.15, dbfs: null });
  }
  const levels = Array.from({ length: 20 }, (_, i) => -38 + i);
  return { channels: sineSequence(sampleRate, segments), segments: periodBoundaries(sampleRate, levels.map(() => 6), levels) };
}

/**
 * EBU Tech 3341 test 14, one live stream: for i = 0…19, i·20 ms silence, 400 ms at (−38 + i) dBFS,
 * (400 − i·20) ms silence. Each period is 800 ms; the max M over period i is −38 + i.
 */
export function ebu3341Test14Stream(sampleRate: number): Ebu3341Stream {
  const segments: Segment[] = [];
  for (let i = 0; i < 20; i++) {
    segments.push({ seconds: i * 0.02, dbfs: null }, { seconds: 0.4, dbfs: -38 + i }, { seconds: 0.4 - i * 0.02, dbfs: null });
  }
  const levels = Array.from({ length: 20 }, (_, i) => -38 + i);
  return { channels: sineSequence(sampleRate, segments), segments: periodBoundaries(sampleRate, levels.map(() => 0.8), levels) };
}

// ---------------------------------------------------------------------------------------------
// EBU Tech 3341, Table 1 (true peak, tests 15–23)
//
// The official 48 kHz files (seq-3341-15…23-24bit.wav.wav) are 3.2 s long with 100 ms linear
// fades in and out (measured: the envelope is n/4800 over the first 4800 samples), although the
// spec summary says "10 ms fades". The fades do not change the true peak; the defaults below
// follow the files so the two can be compared sample by sample.

/** Official files' length (s) and fade length (s). */
const TRUE_PEAK_SECONDS = 3.2;
const TRUE_PEAK_FADE_SECONDS = 0.1;

/** Multiplies x in place by linear fades: gain min(1, n/F, (N − n)/F), F = fade frames. */
function applyLinearFades(x: Float64Array, fadeFrames: number): void {
  const n = x.length;
  for (let i = 0; i < n; i++) x[i] *= Math.min(1, i / fadeFrames, (n - i) / fadeFrames);
}

export interface TruePeakSineOptions {
  /** The sine's frequency is fs / fraction. */
  fraction: 4 | 6 | 8;
  /** Peak amplitude (1.0 = full scale; may exceed it, samples are float). */
  amplitude: number;
  /** Phase of the sine at the first sample, in degrees. */
  phaseDeg: number;
  seconds?: number;
  fadeSeconds?: number;
}

/**
 * EBU Tech 3341 tests 15–19: amplitude · sin(2π n / fraction + phase) with linear fades, stereo
 * (both channels the same). Its true peak is `amplitude` (the continuous sine reaches it); its
 * sample peak may be lower: for fs/4 at 0° the samples are 0, ±A (sample peak = true peak), at 45°
 * they are ±0.707·A (±0.354 for test 16's A = 0.5, whose true peak is still 0.5).
 */
export function truePeakSine(
  sampleRate: number,
  { fraction, amplitude, phaseDeg, seconds = TRUE_PEAK_SECONDS, fadeSeconds = TRUE_PEAK_FADE_SECONDS }: TruePeakSineOptions,
): Float32Array[] {
  const n = frames(sampleRate, seconds);
  const phase = (phaseDeg * Math.PI) / 180;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = amplitude * Math.sin((2 * Math.PI * i) / fraction + phase);
  applyLinearFades(x, frames(sampleRate, fadeSeconds));
  return copies(x, 2);
}

/**
 * Low-pass FIR for the test 20–23 construction, at the 4·fs rate: a Kaiser-windowed sinc, odd
 * length (whole-sample delay, so decimation offsets stay aligned), unity gain at DC.
 * The cutoff 0.49·fs was chosen by fitting the official 48 kHz files: it reproduces their samples
 * around the burst to about 1.3e-3 (cutoffs of 0.45·fs leave ~1e-2 and read 0.03 dB lower).
 */
function burstLowPass(): Float64Array {
  const taps = 511;
  const cutoff = 0.49 / 4; // fraction of the 4·fs rate: 0.49·fs
  const beta = 10; // ≈ 100 dB stop-band attenuation
  const half = (taps - 1) / 2;
  const h = new Float64Array(taps);
  for (let j = 0; j < taps; j++) h[j] = 2 * cutoff * sinc(2 * cutoff * (j - half)) * kaiser((j - half) / half, beta);
  const dc = h.reduce((a, b) => a + b, 0);
  for (let j = 0; j < taps; j++) h[j] /= dc;
  return h;
}

/**
 * EBU Tech 3341 tests 20–23 at any rate: made at 4·fs, a sine at fs/6 (24 samples a period at
 * 4·fs), amplitude 0.5, into which one period of an fs/4 sine (16 samples) at amplitude 1.0 is
 * switched at a rising zero crossing, the phase accumulating smoothly through the switch (so
 * the fs/6 sine resumes exactly where it left off, one burst later). The burst starts at 1.51 s
 * as in the official files, whose length (3.2 s + 4 samples) this also matches. Low-passed at
 * 0.49·fs with a 511-tap f64 FIR, then every 4th sample from `offset`, then 100 ms linear fades.
 */
export function burstSignal(sampleRate: number, offset: 0 | 1 | 2 | 3): Float32Array[] {
  const length = frames(sampleRate, TRUE_PEAK_SECONDS) + 4; // output frames
  const n4 = 4 * length; // frames at 4·fs
  const burstStart = 24 * Math.round((1.51 * 4 * sampleRate) / 24); // a rising zero crossing of the fs/6 sine
  const x4 = new Float64Array(n4);
  let phase = 0;
  for (let i = 0; i < n4; i++) {
    const inBurst = i >= burstStart && i < burstStart + 16;
    x4[i] = (inBurst ? 1.0 : 0.5) * Math.sin(phase);
    phase += inBurst ? (2 * Math.PI) / 16 : (2 * Math.PI) / 24;
  }
  // Filter only at the samples kept by the decimation: y[m] = Σ h[j] · x4[4m + offset + j − half].
  const h = burstLowPass();
  const half = (h.length - 1) / 2;
  const y = new Float64Array(length);
  for (let m = 0; m < length; m++) {
    const centre = 4 * m + offset;
    let acc = 0;
    for (let j = 0; j < h.length; j++) {
      const k = centre + j - half;
      if (k >= 0 && k < n4) acc += h[j] * x4[k];
    }
    y[m] = acc;
  }
  applyLinearFades(y, frames(sampleRate, TRUE_PEAK_FADE_SECONDS));
  return copies(y, 2);
}

export interface Ebu3341TruePeakTest {
  channels: Float32Array[];
  /** Expected max true peak in dBTP; tolerance +0.2/−0.4 dB. */
  expectDbtp: number;
}

/** EBU Tech 3341 true-peak tests 15–23, synthesized at any rate (stereo). */
export function ebu3341TruePeak(testNumber: number, sampleRate: number): Ebu3341TruePeakTest {
  switch (testNumber) {
    case 15: return { channels: truePeakSine(sampleRate, { fraction: 4, amplitude: 0.5, phaseDeg: 0 }), expectDbtp: -6 };
    case 16: return { channels: truePeakSine(sampleRate, { fraction: 4, amplitude: 0.5, phaseDeg: 45 }), expectDbtp: -6 };
    case 17: return { channels: truePeakSine(sampleRate, { fraction: 6, amplitude: 0.5, phaseDeg: 60 }), expectDbtp: -6 };
    case 18: return { channels: truePeakSine(sampleRate, { fraction: 8, amplitude: 0.5, phaseDeg: 67.5 }), expectDbtp: -6 };
    case 19: return { channels: truePeakSine(sampleRate, { fraction: 4, amplitude: 1.41, phaseDeg: 45 }), expectDbtp: 3 };
    case 20: case 21: case 22: case 23:
      return { channels: burstSignal(sampleRate, (testNumber - 20) as 0 | 1 | 2 | 3), expectDbtp: 0 };
    default:
      throw new RangeError(`EBU 3341 true-peak tests are 15…23, got ${testNumber}`);
  }
}

// ---------------------------------------------------------------------------------------------
// EBU Tech 3342, Table 1 (loudness range)

export interface Ebu3342Test {
  channels: Float32Array[];
  expectLra: number;
  /** ± tolerance in LU. */
  tolerance: number;
}

/** EBU Tech 3342 tests 1–4: stereo 1 kHz, 20 s segments back to back. */
export function ebu3342(testNumber: number, sampleRate: number): Ebu3342Test {
  const table: Record<number, { levels: number[]; lra: number }> = {
    1: { levels: [-20, -30], lra: 10 },
    2: { levels: [-20, -15], lra: 5 },
    3: { levels: [-40, -20], lra: 20 },
    4: { levels: [-50, -35, -20, -35, -50], lra: 15 },
  };
  const test = table[testNumber];
  if (!test) throw new RangeError(`EBU 3342 tests are 1…4, got ${testNumber}`);
  return {
    channels: sineSequence(sampleRate, test.levels.map((dbfs) => ({ seconds: 20, dbfs }))),
    expectLra: test.lra,
    tolerance: 1,
  };
}

// ---------------------------------------------------------------------------------------------
// Seeded noise and multi-tone material

/** Standard normal samples from a uniform source (Box–Muller). */
function gaussian(random: () => number): () => number {
  return () => {
    const u = 1 - random(); // (0, 1]: log stays finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

/** Scales x in place so that its RMS is `dbfs` (RMS re full scale: 10^(dBFS/20)). */
function normaliseRms(x: Float64Array, dbfs: number): Float64Array {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
  const rms = Math.sqrt(sum / x.length);
  if (rms > 0) {
    const gain = dbfsToAmplitude(dbfs) / rms;
    for (let i = 0; i < x.length; i++) x[i] *= gain;
  }
  return x;
}

/** Channel c's generator seed: independent, deterministic streams per channel. */
function channelSeed(seed: number, channel: number): number {
  return (seed + Math.imul(channel + 1, 0x9e3779b9)) >>> 0;
}

/** Gaussian white noise, independent per channel, scaled to an exact RMS of `dbfs` per channel. */
export function whiteNoise(sampleRate: number, seconds: number, channels: number, seed: number, dbfs = -20): Float32Array[] {
  const n = frames(sampleRate, seconds);
  return Array.from({ length: channels }, (_, c) => {
    const next = gaussian(mulberry32(channelSeed(seed, c)));
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = next();
    return Float32Array.from(normaliseRms(x, dbfs));
  });
}

/**
 * Pink (−3 dB/octave) noise: Gaussian white noise through Paul Kellet's refined pinking filter
 * (accurate to ±0.05 dB above 9.2 Hz at 44.1 kHz), independent per channel, scaled to an exact
 * RMS of `dbfs` per channel.
 */
export function pinkNoise(sampleRate: number, seconds: number, channels: number, seed: number, dbfs = -20): Float32Array[] {
  const n = frames(sampleRate, seconds);
  return Array.from({ length: channels }, (_, c) => {
    const next = gaussian(mulberry32(channelSeed(seed, c)));
    const pinking = pinkingFilter();
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = pinking(next());
    return Float32Array.from(normaliseRms(x, dbfs));
  });
}

/**
 * A sum of equal-amplitude sines at `freqs` (Hz) with seeded random phases (different per
 * channel), scaled to an exact RMS of `dbfs` per channel.
 */
export function multiTone(sampleRate: number, seconds: number, channels: number, freqs: readonly number[], seed: number, dbfs = -20): Float32Array[] {
  const n = frames(sampleRate, seconds);
  return Array.from({ length: channels }, (_, c) => {
    const random = mulberry32(channelSeed(seed, c));
    const phases = freqs.map(() => 2 * Math.PI * random());
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let k = 0; k < freqs.length; k++) sum += Math.sin((2 * Math.PI * freqs[k] * i) / sampleRate + phases[k]);
      x[i] = sum;
    }
    return Float32Array.from(normaliseRms(x, dbfs));
  });
}

/**
 * A copy of `signal` with a gain of stepsDb[k] dB applied to its k-th stretch of `stepSeconds`
 * (instant gain changes; the steps repeat from the start when the signal is longer).
 */
export function levelSteps(signal: readonly Float32Array[], sampleRate: number, stepsDb: readonly number[], stepSeconds: number): Float32Array[] {
  if (stepsDb.length === 0) throw new RangeError('levelSteps needs at least one step');
  return signal.map((channel) => {
    const out = new Float32Array(channel.length);
    for (let i = 0; i < channel.length; i++) {
      const step = Math.floor(i / (stepSeconds * sampleRate)) % stepsDb.length;
      out[i] = channel[i] * dbfsToAmplitude(stepsDb[step]);
    }
    return out;
  });
}
