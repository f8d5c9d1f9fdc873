// The kernel's promises beyond the standards: readings that do not depend on how audio was
// chunked, constant memory for any session length, survival of bad input (NaN, ±Inf,
// denormals, DC, full-scale squares, float above full scale), clip and over counting, layouts
// and channel weights, and exact errors for bad options.

import { describe, expect, it } from 'vitest';
import { createKernel } from '../src/node.js';
import { READINGS_LENGTH } from '../src/contract/readings-layout.js';
import { measure } from './support/measure.js';
import { mulberry32, sine, whiteNoise } from './support/signals.js';

/** Noise with level jumps, a few clipped runs and overs: exercises every path of the kernel. */
function busySignal(rate: number, seconds: number, channels = 2): Float32Array[] {
  const signal = whiteNoise(rate, seconds, channels, 7, -20);
  for (const c of signal) {
    for (let i = 0; i < c.length; i++) c[i] *= 1 + 3 * Math.floor((i / rate) % 3);
    c.fill(1, Math.floor(rate * 0.5), Math.floor(rate * 0.5) + 5);
  }
  return signal;
}

/** The complete readings record after pushing the signal in chunks of the given sizes. */
function recordAfter(signal: Float32Array[], rate: number, nextChunk: () => number): Float64Array {
  const kernel = createKernel(rate, signal.length);
  let start = 0;
  while (start < signal[0].length) {
    const frames = Math.min(nextChunk(), signal[0].length - start);
    kernel.push(signal, start, frames);
    start += frames;
  }
  return Float64Array.from(kernel.read());
}

describe('chunking invariance', () => {
  it.each([44100, 48000, 96000])('128-frame quanta, single frames, 4096 and random sizes give bit-identical readings at %i Hz', (rate) => {
    const signal = busySignal(rate, 4);
    const reference = recordAfter(signal, rate, () => 128);
    const random = mulberry32(rate);
    expect(recordAfter(signal, rate, () => 4096)).toEqual(reference);
    expect(recordAfter(signal, rate, () => 1 + Math.floor(random() * 4096))).toEqual(reference);
    expect(recordAfter(signal.map((c) => c.subarray(0, rate)), rate, () => 1)).toEqual(
      recordAfter(signal.map((c) => c.subarray(0, rate)), rate, () => 128),
    );
  });

  it('reads in between change only the "since read" values, never the programme values', () => {
    const rate = 48000;
    const signal = busySignal(rate, 5);
    const quiet = createKernel(rate, 2);
    const chatty = createKernel(rate, 2);
    for (let start = 0; start < signal[0].length; start += 128) {
      quiet.push(signal, start, 128);
      chatty.push(signal, start, 128);
      chatty.read();
    }
    const a = Float64Array.from(quiet.read());
    const b = Float64Array.from(chatty.read());
    for (const slot of [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16, 17, 18, 19]) expect(b[slot], `slot ${slot}`).toBe(a[slot]);
  });
});

describe('constant memory', () => {
  it('two hours of audio leave the kernel memory size unchanged and integrated loudness exact', () => {
    const rate = 48000;
    const kernel = createKernel(rate, 'stereo');
    const bytesBefore = kernel.readings.buffer.byteLength;
    // One second of a −23 dBFS 1 kHz tone (a whole number of periods), pushed 7200 times.
    const second = sine({ sampleRate: rate, frequencyHz: 1000, amplitude: 10 ** (-23 / 20), seconds: 1, channels: 2 });
    for (let s = 0; s < 7200; s++) {
      kernel.push(second);
      if (s % 600 === 0) kernel.read();
    }
    const r = kernel.read();
    expect(r[0]).toBe(7200 * rate);
    expect(kernel.readings.buffer.byteLength).toBe(bytesBefore);
    // 71 996 gating blocks entered the histogram; the mean is still the tone's loudness.
    expect(r[15]).toBe(71997);
    expect(Math.abs(r[5] - -22.993)).toBeLessThan(0.005);
  });
});

describe('bad input', () => {
  it('NaN and ±Infinity are counted, measured as silence, and never poison the state', () => {
    const rate = 48000;
    const clean = sine({ sampleRate: rate, frequencyHz: 1000, amplitude: 0.1, seconds: 10, channels: 2 });
    const dirty = clean.map((c) => Float32Array.from(c));
    const positions = [1000, 1001, 48000, 200000, 479999];
    dirty[0][positions[0]] = NaN;
    dirty[0][positions[1]] = Infinity;
    dirty[1][positions[2]] = -Infinity;
    dirty[1][positions[3]] = NaN;
    dirty[0][positions[4]] = NaN;
    const zeroed = clean.map((c) => Float32Array.from(c));
    zeroed[0][positions[0]] = 0;
    zeroed[0][positions[1]] = 0;
    zeroed[1][positions[2]] = 0;
    zeroed[1][positions[3]] = 0;
    zeroed[0][positions[4]] = 0;
    const r = measure(dirty, rate, 'stereo', 128);
    const expected = measure(zeroed, rate, 'stereo', 128);
    expect(r.badSamples).toBe(5);
    expect(r.integratedLufs).toBe(expected.integratedLufs);
    expect(r.truePeakMaxDbtp).toBe(expected.truePeakMaxDbtp);
    expect(Number.isFinite(r.momentaryLufs)).toBe(true);
  });

  it('an all-NaN stretch is followed by correct measurement', () => {
    const rate = 44100;
    const tone = sine({ sampleRate: rate, frequencyHz: 1000, amplitude: 10 ** (-23 / 20), seconds: 6, channels: 2 });
    tone.forEach((c) => c.fill(NaN, 0, rate));
    const kernel = createKernel(rate, 'stereo');
    kernel.push(tone);
    const r = kernel.read();
    expect(r[12]).toBe(2 * rate);
    expect(Math.abs(r[3] - -22.993)).toBeLessThan(0.01);
  });

  it('denormal, DC, silence and full-scale square inputs keep every reading finite', () => {
    const rate = 48000;
    const n = rate * 4;
    const cases: Record<string, (i: number) => number> = {
      denormals: (i) => (i % 2 ? 1e-40 : -1e-42),
      dc: () => 0.5,
      silence: () => 0,
      square: (i) => (Math.floor(i / 24) % 2 ? 1 : -1),
    };
    for (const [name, sample] of Object.entries(cases)) {
      const channel = Float32Array.from({ length: n }, (_, i) => sample(i));
      const kernel = createKernel(rate, 'stereo');
      kernel.push([channel, channel]);
      const record = kernel.read();
      for (let slot = 0; slot < READINGS_LENGTH; slot++) expect(Number.isFinite(record[slot]), `${name} slot ${slot}`).toBe(true);
    }
  });

  it('DC reads as its sample peak, but the K-weighting high-pass removes it from loudness once the onset has passed', () => {
    const rate = 48000;
    const dc = new Float32Array(rate * 5).fill(0.5);
    const r = measure([dc, dc], rate, 'stereo');
    expect(r.samplePeakMaxDbfs).toBeCloseTo(20 * Math.log10(0.5), 5);
    expect(r.momentaryLufs).toBe(-200);
    expect(r.shortTermLufs).toBeLessThan(-100);
  });

  it('a full-scale square wave counts one clip run per flat top of 3 or more samples', () => {
    const rate = 48000;
    // Half-periods of 24 samples: 2000 half-periods in one second.
    const square = Float32Array.from({ length: rate }, (_, i) => (Math.floor(i / 24) % 2 ? 1 : -1));
    const r = measure([square, square], rate, 'stereo', 128);
    expect(r.channels[0].clipRuns).toBe(2000);
    expect(r.clipRuns).toBe(4000);
  });

  it('float input above full scale is measured as it is (+3 dBFS sine)', () => {
    const rate = 48000;
    const hot = sine({ sampleRate: rate, frequencyHz: 997, amplitude: 10 ** (3 / 20), seconds: 2, channels: 2 });
    const r = measure(hot, rate, 'stereo');
    expect(r.samplePeakMaxDbfs).toBeGreaterThan(2.99);
    expect(r.samplePeakMaxDbfs).toBeLessThanOrEqual(3.0001);
    expect(r.truePeakMaxDbtp).toBeGreaterThanOrEqual(r.samplePeakMaxDbfs);
    expect(r.truePeakOvers).toBeGreaterThan(0);
  });

  it('a clip run of 2 samples is no clip, nor is a polarity flip; 3 samples at one polarity are one, across a chunk boundary too', () => {
    const rate = 48000;
    const signal = new Float32Array(1024);
    signal[100] = signal[101] = 1;
    signal[126] = signal[127] = signal[128] = -1;
    signal[300] = signal[301] = 1;
    signal[302] = -1;
    const r = measure([signal], rate, 'mono', 128);
    expect(r.channels[0].clipRuns).toBe(1);
  });
});

describe('reset and pause on a signal that goes on', () => {
  const rate = 48000;
  const levelDb = -3;
  // A steady 997 Hz tone in 128-frame quanta; its true peak is −3.0 dBTP at every moment.
  const tone = sine({ sampleRate: rate, frequencyHz: 997, amplitude: 10 ** (levelDb / 20), seconds: 6, channels: 2 });
  /** Calls `each` with the start frame of quanta `from` … `to − 1`. */
  const quanta = (from: number, to: number, each: (start: number) => void) => {
    for (let q = from; q < to; q++) each(q * 128);
  };

  it('reset() forgets the measurements but not the signal: no invented true peak or loudness transient after it', () => {
    const kernel = createKernel(rate, 'stereo');
    quanta(0, 750, (start) => kernel.push(tone, start, 128));
    for (let i = 0; i < 10; i++) {
      kernel.reset();
      quanta(750 + i * 111, 861 + i * 111, (start) => kernel.push(tone, start, 128));
      const r = kernel.read();
      expect(r[10], `true peak after reset ${i}`).toBeLessThanOrEqual(levelDb + 0.01);
      expect(r[10]).toBeGreaterThan(levelDb - 0.05);
    }
  });

  it('follow() while paused leaves the filters exactly where measuring would have: bit-identical readings after resume and reset', () => {
    const busy = busySignal(rate, 3);
    const continuous = createKernel(rate, 'stereo');
    const followed = createKernel(rate, 'stereo');
    quanta(0, 750, (start) => continuous.push(busy, start, 128));
    quanta(0, 600, (start) => followed.push(busy, start, 128));
    // Paused for 150 quanta: the audio is followed, not measured.
    quanta(600, 750, (start) => {
      for (let c = 0; c < 2; c++) followed.inputBuffer(c).set(busy[c].subarray(start, start + 128));
      followed.followInPlace(128);
    });
    continuous.reset();
    followed.reset();
    quanta(750, 1125, (start) => {
      continuous.push(busy, start, 128);
      followed.push(busy, start, 128);
    });
    expect(Float64Array.from(followed.read())).toEqual(Float64Array.from(continuous.read()));
  });
});

describe('layouts and channel weights (BS.1770-5)', () => {
  it('LFE is excluded: loud LFE content does not change 5.1 loudness', () => {
    const rate = 48000;
    const tone = sine({ sampleRate: rate, frequencyHz: 1000, amplitude: 0.1, seconds: 5, channels: 1 })[0];
    const silent = new Float32Array(tone.length);
    const withoutLfe = measure([tone, tone, tone, silent, tone, tone], rate, '5.1');
    const withLfe = measure([tone, tone, tone, tone, tone, tone], rate, '5.1');
    expect(withLfe.integratedLufs).toBe(withoutLfe.integratedLufs);
    expect(withLfe.channels[3].weight).toBe(0);
  });

  it('surround channels weigh 1.41 (+1.49 dB) in 5.1; 7.1.4 height channels weigh 1.0', () => {
    const rate = 48000;
    const tone = sine({ sampleRate: rate, frequencyHz: 1000, amplitude: 0.1, seconds: 5, channels: 1 })[0];
    const silent = new Float32Array(tone.length);
    const front = measure([tone, silent, silent, silent, silent, silent], rate, '5.1');
    const surround = measure([silent, silent, silent, silent, tone, silent], rate, '5.1');
    expect(surround.integratedLufs - front.integratedLufs).toBeCloseTo(10 * Math.log10(1.41), 6);
    const weights = createKernel(rate, '7.1.4').layout.weights;
    expect(weights).toEqual([1, 1, 1, 0, 1, 1, 1.41, 1.41, 1, 1, 1, 1]);
  });

  it('explicit weights for up to 16 channels', () => {
    const rate = 48000;
    const tone = sine({ sampleRate: rate, frequencyHz: 1000, amplitude: 0.1, seconds: 5, channels: 16 });
    const r = measure(tone, rate, { weights: new Array(16).fill(0.5) });
    const mono = measure([tone[0]], rate, 'mono');
    expect(r.integratedLufs - mono.integratedLufs).toBeCloseTo(10 * Math.log10(8), 6);
  });
});

describe('every sample rate from 8 kHz to 384 kHz', () => {
  it.each([8000, 11025, 16000, 22050, 32000, 44100, 48000, 88200, 96000, 176400, 192000, 352800, 384000])(
    '%i Hz: a −23 dBFS 997 Hz tone reads −23.0 ±0.1 LUFS and its peak within 0.05 dB',
    (rate) => {
      const tone = sine({ sampleRate: rate, frequencyHz: 997, amplitude: 10 ** (-23 / 20), seconds: 4, channels: 2 });
      const r = measure(tone, rate, 'stereo');
      expect(Math.abs(r.integratedLufs + 23)).toBeLessThan(0.1);
      expect(Math.abs(r.truePeakMaxDbtp + 23)).toBeLessThan(0.05);
      expect(r.truePeakOversampling * rate).toBeGreaterThanOrEqual(176400);
    },
  );
});

describe('the same K-weighting response at every rate (BS.1770-5: "the same frequency response")', () => {
  const loudnessOf = (rate: number, hz: number) =>
    measure(sine({ sampleRate: rate, frequencyHz: hz, amplitude: 0.1, seconds: 3, channels: 2 }), rate, 'stereo').integratedLufs;
  it.each([8000, 11025, 16000, 22050, 32000, 44100, 96000, 192000])('%i Hz: tones at 100 Hz, 997 Hz and 0.375·fs (≤ 3 kHz) read as at 48 kHz ±0.05 LU', (rate) => {
    for (const hz of [100, 997, Math.min(3000, 0.375 * rate)]) {
      expect(Math.abs(loudnessOf(rate, hz) - loudnessOf(48000, hz)), `${hz} Hz`).toBeLessThanOrEqual(0.05);
    }
  });
});

describe('bad options get an error that names the problem', () => {
  it('sample rate out of range', () => {
    expect(() => createKernel(4000, 'stereo')).toThrow('sample rate 4000 Hz: sample rate must be from 8000 to 384000 Hz');
    expect(() => createKernel(NaN, 'stereo')).toThrow('sample rate must be a number, got NaN');
  });
  it('layouts', () => {
    expect(() => createKernel(48000, 17)).toThrow('channel count must be an integer from 1 to 16, got 17');
    expect(() => createKernel(48000, 'quad')).toThrow('unknown layout "quad"');
    expect(() => createKernel(48000, { weights: [1, -1] })).toThrow('channel weights must be finite numbers from 0 to 10, got -1');
  });
});
