// A signal made to show pumping plainly, and a textbook compressor to pump it: kicks over a steady
// wash of noise (a shaker or cymbal bed that nobody plays louder or softer), and a feed-forward
// compressor whose gain dips after each kick. The wash's top band then follows the compressor's
// gain exactly, so a test can compare what the kernel reads with the gain the compressor applied.

import { mulberry32 } from './signals.js';

export interface KicksOverWash {
  /** Mono signal (f64). */
  signal: Float64Array;
  /** Frame of each kick's start. */
  kicks: number[];
}

/**
 * Kicks (55 Hz sine bursts decaying over about 150 ms, ±3 dB velocity so that their peaks are
 * not all alike) at `bpm` over white noise at `washDbfs` RMS.
 */
export function kicksOverWash(fs: number, seconds: number, seed: number, bpm = 120, washDbfs = -26): KicksOverWash {
  const n = Math.round(seconds * fs);
  const signal = new Float64Array(n);
  const random = mulberry32(seed);
  const wash = 10 ** (washDbfs / 20) * Math.sqrt(3);
  for (let i = 0; i < n; i++) signal[i] = wash * (2 * random() - 1);
  const kicks: number[] = [];
  const beat = Math.round((60 / bpm) * fs);
  for (let start = Math.round(0.25 * fs); start < n; start += beat) {
    kicks.push(start);
    const amplitude = 0.5 * 10 ** ((6 * random() - 3) / 20);
    for (let i = 0; i < Math.min(Math.round(0.4 * fs), n - start); i++) {
      signal[start + i] += amplitude * Math.exp(-i / (0.15 * fs)) * Math.sin((2 * Math.PI * 55 * i) / fs);
    }
  }
  return { signal, kicks };
}

export interface CompressorOptions {
  thresholdDb: number;
  ratio: number;
  attackMs: number;
  releaseMs: number;
}

/**
 * A feed-forward compressor: a peak envelope (attack and release one-poles) against the
 * threshold, gain reduction (1 − 1/ratio) of the excess. Returns the output and the gain it
 * applied to every frame (linear).
 */
export function compress(x: Float64Array, fs: number, { thresholdDb, ratio, attackMs, releaseMs }: CompressorOptions): { output: Float64Array; gain: Float64Array } {
  const attack = 1 - Math.exp(-1 / ((attackMs / 1000) * fs));
  const release = 1 - Math.exp(-1 / ((releaseMs / 1000) * fs));
  const output = new Float64Array(x.length);
  const gain = new Float64Array(x.length);
  let envelope = 0;
  for (let i = 0; i < x.length; i++) {
    const level = Math.abs(x[i]);
    envelope += (level - envelope) * (level > envelope ? attack : release);
    const over = 20 * Math.log10(Math.max(envelope, 1e-12)) - thresholdDb;
    gain[i] = over > 0 ? 10 ** ((-over * (1 - 1 / ratio)) / 20) : 1;
    output[i] = x[i] * gain[i];
  }
  return { output, gain };
}

/** The same mono signal on both channels. */
export const stereo = (x: Float64Array): Float64Array[] => [x, x.slice()];
