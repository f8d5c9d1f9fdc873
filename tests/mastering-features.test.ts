// The kernel's mastering-detector features (assembly/mastering.ts, readings slots MASTERING_*)
// against slow, obviously-correct computations in f64, and the CLI's detector pass keeping the
// file readings unchanged.

import { describe, expect, it } from 'vitest';
import { analyzePlanar, analyzePlanarWithMastering } from '../src/offline/analyze-file.js';
import { toReport } from '../src/offline/cli.js';
import { resolveLayout } from '../src/engine/layouts.js';
import { createKernel } from '../src/node.js';
import { createReadings, decodeReadings, type MasteringWindow } from '../src/engine/readings.js';
import { FLOOR_DB, MW_FLAT_MIN_LEVEL, SUB_WINDOWS } from '../src/contract/readings-layout.js';
import { hardClip } from './support/mastering-chains.js';
import { GENRES, peakNormalise, renderMix, toFloat32 } from './support/mixes.js';
import { compress, kicksOverWash, stereo } from './support/pumping.js';
import { mulberry32 } from './support/signals.js';

/** All feature windows, read after every `chunk` frames (random sizes when chunk = 0). */
function windowsOf(x: Float32Array[], fs: number, chunk: number): MasteringWindow[] {
  const kernel = createKernel(fs, x.length);
  const readings = createReadings(kernel.layout.labels);
  const out: MasteringWindow[] = [];
  const random = mulberry32(9);
  for (let start = 0; start < x[0].length;) {
    const frames = Math.min(chunk || 1 + Math.floor(random() * 4096), x[0].length - start);
    kernel.push(x, start, frames);
    start += frames;
    decodeReadings(kernel.read(), readings);
    for (const w of [...readings.masteringWindows].reverse()) {
      if (w.index < out.length) continue;
      // The parts' arrays are the decoder's, reused: each window keeps copies of its own.
      const p = w.parts!;
      out.push({ ...w, parts: { lowBandDb: p.lowBandDb.slice(), midBandDb: p.midBandDb.slice(), highBandDb: p.highBandDb.slice(), samplePeakDbfs: p.samplePeakDbfs.slice() } });
    }
  }
  return out;
}


describe('mastering features in the kernel', () => {
  const fs = 44100;
  const hop = 4410;
  const mix = hardClip(peakNormalise(renderMix({ genre: GENRES[1], seed: 3, sampleRate: fs, seconds: 4 }), -3), { driveDb: 6, ceilingDb: -1 });
  const x = toFloat32(mix);

  it('closes one window per 100 ms hop with the exact sample peak of the window', () => {
    const windows = windowsOf(x, fs, 128);
    expect(windows.length).toBe(Math.floor(x[0].length / hop));
    windows.forEach((w, k) => {
      let peak = 0;
      for (const c of x) for (let i = k * hop; i < (k + 1) * hop; i++) peak = Math.max(peak, Math.abs(c[i]));
      expect(w.samplePeakDbfs).toBeCloseTo(Math.max(FLOOR_DB, 20 * Math.log10(peak)), 9);
      expect(w.truePeakDbtp).toBeGreaterThanOrEqual(w.samplePeakDbfs);
    });
  });

  it('publishes each window\'s sample peak in the first channel and in the second, exactly, and the first\'s twice for mono', () => {
    // Channels scaled apart, so that the loudest channel's peak is not every window's answer.
    const apart = [x[0], x[1].map((v) => v * 0.5)];
    const windows = windowsOf(apart, fs, 0);
    const peakDb = (c: Float32Array, k: number) => {
      let peak = 0;
      for (let i = k * hop; i < (k + 1) * hop; i++) peak = Math.max(peak, Math.abs(c[i]));
      return Math.max(FLOOR_DB, 20 * Math.log10(peak));
    };
    windows.forEach((w, k) => {
      expect(w.firstChannelSamplePeakDbfs).toBeCloseTo(peakDb(apart[0], k), 9);
      expect(w.secondChannelSamplePeakDbfs).toBeCloseTo(peakDb(apart[1], k), 9);
      expect(w.samplePeakDbfs).toBeCloseTo(Math.max(w.firstChannelSamplePeakDbfs!, w.secondChannelSamplePeakDbfs!), 9);
    });
    expect(windows.some((w) => w.firstChannelSamplePeakDbfs! - w.secondChannelSamplePeakDbfs! > 3)).toBe(true);
    for (const w of windowsOf([x[0]], fs, 0)) expect(w.secondChannelSamplePeakDbfs).toBe(w.firstChannelSamplePeakDbfs);
  });

  it('counts flat-top samples as a direct count does', () => {
    const windows = windowsOf(x, fs, 4096);
    let total = 0;
    const reference = windows.map((_, k) => {
      let count = 0;
      for (const c of x) {
        for (let i = k * hop; i < (k + 1) * hop; i++) {
          if (i >= 2 && c[i] === c[i - 1] && c[i] === c[i - 2] && Math.abs(c[i]) >= MW_FLAT_MIN_LEVEL) count++;
        }
      }
      return count;
    });
    windows.forEach((w, k) => {
      // The kernel skips flat tops more than 8 dB below its recent peak reference: none here, the
      // clipper's flat tops are at the top.
      expect(w.flatSamples).toBe(reference[k]);
      total += w.flatSamples;
    });
    expect(total).toBeGreaterThan(100);
  });

  it('gives the same windows whatever the chunking and read rate', () => {
    expect(windowsOf(x, fs, 0)).toEqual(windowsOf(x, fs, 128));
  });

  it('splits each window\'s mono sum into three bands at 150 Hz and 2 kHz (4th-order Linkwitz–Riley): a tone reads its mean square in its band, and 25 dB or more below it in the others', () => {
    // The bands are the window's spectral shape, by which the detector finds a passage played again.
    const rate = 48000;
    for (const [hz, band] of [[60, 'lowBandDb'], [700, 'midBandDb'], [6000, 'highBandDb']] as const) {
      const amplitude = 0.25;
      const tone = Float32Array.from({ length: rate * 2 }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate));
      const w = windowsOf([tone, tone], rate, 128).at(-1)!;
      // The mono sum of two equal channels has amplitude 2A: mean square 2A².
      const expected = 10 * Math.log10(2 * amplitude * amplitude);
      // In band, a Linkwitz–Riley filter passes the tone within half a dB (−0.2 dB at 60 Hz for the 150 Hz edge).
      expect(w[band], `${hz} Hz in its band`).toBeCloseTo(expected, 0);
      for (const other of ['lowBandDb', 'midBandDb', 'highBandDb'] as const) if (other !== band) expect(w[other], `${hz} Hz in ${other}`).toBeLessThan(expected - 25);
    }
  });

  it('cuts each window in twenty parts whose band energies add up to the window\'s and whose highest sample peak is the window\'s, at 44.1 and 48 kHz', () => {
    // A loop rarely lasts a whole number of windows: the detector pieces an earlier pass's window
    // together from these parts wherever the passage lies (replayed-passage.ts).
    for (const rate of [44100, 48000]) {
      const mix = toFloat32(peakNormalise(renderMix({ genre: GENRES[0], seed: 3, sampleRate: rate, seconds: 3 }), -3));
      const windows = windowsOf(mix, rate, 0).slice(5);
      const energy = (db: number) => (db > FLOOR_DB ? 10 ** (db / 10) : 0);
      for (const w of windows) {
        for (const band of ['lowBandDb', 'midBandDb', 'highBandDb'] as const) {
          // Part p holds frames ⌊p·W/20⌋ to ⌊(p + 1)·W/20⌋ of the window's W (4,800 or 4,410: at
          // 44.1 kHz the parts are 220 and 221 frames long): the window's mean square is theirs, weighted so.
          const frames = rate / 10;
          const partFrames = (p: number) => Math.floor(((p + 1) * frames) / SUB_WINDOWS) - Math.floor((p * frames) / SUB_WINDOWS);
          const mean = w.parts![band].reduce((sum, db, p) => sum + energy(db) * partFrames(p), 0) / frames;
          expect(10 * Math.log10(mean), `${rate} Hz, window ${w.index}, ${band}`).toBeCloseTo(w[band], 9);
        }
        expect(Math.max(...w.parts!.samplePeakDbfs), `${rate} Hz, window ${w.index}`).toBe(w.samplePeakDbfs);
      }
    }
  });

  it('puts a click in the part of the window where it falls, and nothing before it', () => {
    const rate = 48000;
    const x = new Float32Array(rate);
    // Window 3 covers frames 14,400–19,200; its part 14 frames 17,760–18,000.
    x[17800] = 0.5;
    const w = windowsOf([x, x], rate, 0)[3];
    const peaks = Array.from(w.parts!.samplePeakDbfs);
    expect(peaks[14]).toBeCloseTo(20 * Math.log10(0.5), 6);
    for (const [p, db] of peaks.entries()) if (p !== 14) expect(db, `part ${p}`).toBe(FLOOR_DB);
    // The band filters ring on after the click, not before it.
    for (let p = 0; p < 14; p++) expect(w.parts!.highBandDb[p], `part ${p}`).toBe(FLOOR_DB);
    expect(w.parts!.highBandDb[14]).toBeGreaterThan(w.parts!.highBandDb[15]);
  });

  it('publishes the window loudness and the short-term loudness at its end', () => {
    const windows = windowsOf(x, fs, 4096);
    const last = windows.at(-1)!;
    expect(last.loudnessLufs).toBeGreaterThan(-30);
    expect(last.shortTermLufs).toBeGreaterThan(-30);
  });
});

describe('pumping feature in the kernel', () => {
  // Kicks over a steady wash of noise: the wash's top band is as loud after every kick as before
  // it, unless a compressor driven by the kicks turns the whole signal down after each of them.
  const fs = 48000;
  const { signal, kicks } = kicksOverWash(fs, 10, 21);
  const ducks = (x: Float64Array) => windowsOf(toFloat32(stereo(x)), fs, 128).map((w) => w.topDuckDb).filter((d) => d > FLOOR_DB);
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[sorted.length >> 1];
  };

  it('finds every kick and reads no ducking of a steady top band without processing', () => {
    const plain = ducks(signal);
    // Each kick's measurement ends 100 ms after it; the last kick is within 0.5 s of the end.
    expect(plain.length).toBe(kicks.length);
    for (const d of plain) expect(Math.abs(d)).toBeLessThan(0.5);
  });

  it('reads the gain dip of a compressor that the kicks drive: what the compressor applied, 25–100 ms after each kick against 5–35 ms before it', () => {
    const { output, gain } = compress(signal, fs, { thresholdDb: -14, ratio: 4, attackMs: 10, releaseMs: 150 });
    const ms = (t: number) => Math.round((t / 1000) * fs);
    const meanSquare = (from: number, to: number) => {
      let sum = 0;
      for (let i = from; i < to; i++) sum += gain[i] * gain[i];
      return sum / (to - from);
    };
    const applied = kicks.map((k) => 10 * Math.log10(meanSquare(k + ms(25), k + ms(100)) / meanSquare(k - ms(35), k - ms(5))));
    const read = ducks(output);
    expect(read.length).toBe(kicks.length);
    expect(median(applied)).toBeLessThan(-3);
    read.forEach((d, k) => expect(Math.abs(d - applied[k]), `kick ${k}: read ${d.toFixed(2)} dB, applied ${applied[k].toFixed(2)} dB`).toBeLessThan(0.5));
  });

  const dips = (x: Float64Array) => windowsOf(toFloat32(stereo(x)), fs, 0).map((w) => w.topDipDb).filter((d) => d > FLOOR_DB);

  it('reads the dip of a compressor that lets go: the quieter of before and 100–200 ms after each kick against 25–100 ms after it, what the compressor applied', () => {
    const { output, gain } = compress(signal, fs, { thresholdDb: -14, ratio: 4, attackMs: 10, releaseMs: 150 });
    const ms = (t: number) => Math.round((t / 1000) * fs);
    const meanSquare = (from: number, to: number) => {
      let sum = 0;
      for (let i = from; i < to; i++) sum += gain[i] * gain[i];
      return sum / (to - from);
    };
    const applied = kicks.map((k) => 10 * Math.log10(Math.min(meanSquare(k - ms(35), k - ms(5)), meanSquare(k + ms(100), k + ms(200))) / meanSquare(k + ms(25), k + ms(100))));
    const read = dips(output);
    // Each kick's dip ends 200 ms after it, so every kick of the 10 s has one.
    expect(read.length).toBe(kicks.length);
    expect(median(applied)).toBeGreaterThan(1);
    read.forEach((d, k) => expect(Math.abs(d - applied[k]), `kick ${k}: read ${d.toFixed(2)} dB, applied ${applied[k].toFixed(2)} dB`).toBeLessThan(0.5));
    // Without the compressor the wash neither ducks nor dips.
    for (const d of dips(signal)) expect(Math.abs(d)).toBeLessThan(0.5);
  });

  it('reads no dip when the highs are quieter after each kick by arrangement: they duck and do not come back', () => {
    // Hats that play in the half beat before each kick and 8 dB softer in the half beat after it.
    // The same kicks over no wash (−200 dBFS) leave the wash alone as the difference.
    const kicksAlone = kicksOverWash(fs, 10, 21, 120, -200).signal;
    const arranged = signal.slice();
    const half = Math.round(0.25 * fs);
    for (const k of kicks) {
      for (let i = k; i < Math.min(k + half, arranged.length); i++) arranged[i] = kicksAlone[i] + 10 ** (-8 / 20) * (signal[i] - kicksAlone[i]);
    }
    const ducked = ducks(arranged);
    expect(median(ducked)).toBeLessThan(-6);
    for (const d of dips(arranged)) expect(d).toBeLessThan(0.5);
  });
});

describe('CLI detector pass', () => {
  it('reports the same readings as the single-read analysis', () => {
    const fs = 48000;
    const channels = toFloat32(peakNormalise(renderMix({ genre: GENRES[0], seed: 4, sampleRate: fs, seconds: 5 }), -2));
    const audio = { sampleRate: fs, channels, layout: resolveLayout('stereo') };
    const single = toReport('f', 'wav', 'stereo', analyzePlanar(audio));
    const { readings, mastering } = analyzePlanarWithMastering(audio);
    const detected = toReport('f', 'wav', 'stereo', readings, mastering);
    expect({ ...detected, mastering: undefined }).toEqual({ ...single, mastering: undefined });
    expect(mastering.state).toBe('off');
  });
});
