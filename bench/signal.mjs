// The benchmark's audio: minutes of stereo pink noise whose level steps every few seconds between
// -40 and -15 dBFS RMS, from a seeded PRNG, so every run (and every contender) measures exactly
// the same samples. The PRNG and the pinking filter are the project's one pair (src/signals/noise.ts,
// compiled to dist/ by `npm run build:node`, which `npm run bench` runs first).

import { mulberry32, pinkingFilter } from '../dist/signals/noise.js';

export { mulberry32 };

export const LEVEL_MIN_DBFS = -40;
export const LEVEL_MAX_DBFS = -15;
export const SEGMENT_MIN_SECONDS = 2;
export const SEGMENT_MAX_SECONDS = 6;
/** Level steps are raised-cosine ramps this long (no clicks, so peaks stay those of the noise). */
export const RAMP_SECONDS = 0.01;

/**
 * Pink noise (Paul Kellet's "refined" filter on uniform white noise), scaled so that its RMS is
 * 1 (0 dBFS); the loudness of the result is set by the level envelope.
 */
function pinkNoise(out, random) {
  const pinking = pinkingFilter();
  let sumSquares = 0;
  for (let i = 0; i < out.length; i++) {
    const pink = pinking(random() * 2 - 1);
    out[i] = pink;
    sumSquares += pink * pink;
  }
  const scale = 1 / Math.sqrt(sumSquares / out.length);
  for (let i = 0; i < out.length; i++) out[i] *= scale;
}

/**
 * Planar stereo test audio: [left, right] Float32Arrays of `seconds * sampleRate` frames.
 * The two channels carry independent noise under one level envelope; the envelope depends on
 * the seed only (not on the rate), so the three rates measure alike.
 */
export function makeNoise({ sampleRate, seconds, seed = 0x5eed }) {
  const frames = Math.round(seconds * sampleRate);
  const envelope = new Float32Array(frames);
  const levels = mulberry32(seed);
  const rampFrames = Math.max(1, Math.round(RAMP_SECONDS * sampleRate));
  let previousGain = 0;
  for (let start = 0; start < frames;) {
    const length = Math.round((SEGMENT_MIN_SECONDS + levels() * (SEGMENT_MAX_SECONDS - SEGMENT_MIN_SECONDS)) * sampleRate);
    const levelDbfs = LEVEL_MIN_DBFS + levels() * (LEVEL_MAX_DBFS - LEVEL_MIN_DBFS);
    const gain = 10 ** (levelDbfs / 20);
    const end = Math.min(frames, start + length);
    for (let i = start; i < end; i++) {
      const k = i - start;
      envelope[i] = k < rampFrames && start > 0
        ? previousGain + (gain - previousGain) * 0.5 * (1 - Math.cos((Math.PI * k) / rampFrames))
        : gain;
    }
    previousGain = gain;
    start = end;
  }
  const channels = [0, 1].map((channel) => {
    const samples = new Float32Array(frames);
    pinkNoise(samples, mulberry32(seed * 31 + channel + 1));
    for (let i = 0; i < frames; i++) samples[i] *= envelope[i];
    return samples;
  });
  return channels;
}

/** Interleaves planar channels into one Float32Array (for the C harness). */
export function interleave(channels) {
  const count = channels.length;
  const frames = channels[0].length;
  const out = new Float32Array(frames * count);
  for (let c = 0; c < count; c++) {
    const source = channels[c];
    for (let i = 0; i < frames; i++) out[i * count + c] = source[i];
  }
  return out;
}
