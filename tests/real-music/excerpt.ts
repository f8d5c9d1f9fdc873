// Picks a song's excerpt: the EXCERPT_SECONDS-long stretch (on a 1 s grid) with the most energy,
// the densest part of the song and so the hardest for a false alarm.

import type { RenderedAudio } from './render-source.js';

export const EXCERPT_SECONDS = 20;

export interface Excerpt extends RenderedAudio {
  startSeconds: number;
}

export function loudestExcerpt(audio: RenderedAudio, seconds = EXCERPT_SECONDS): Excerpt | null {
  const fs = audio.sampleRate;
  const [left, right] = audio.channels;
  const length = Math.round(seconds * fs);
  if (left.length < length) return null;
  const secondEnergy: number[] = [];
  for (let start = 0; start + fs <= left.length; start += fs) {
    let sum = 0;
    for (let i = start; i < start + fs; i++) sum += left[i] * left[i] + right[i] * right[i];
    secondEnergy.push(sum);
  }
  let best = 0, bestEnergy = -1;
  for (let s = 0; s + seconds <= secondEnergy.length; s++) {
    let e = 0;
    for (let k = s; k < s + seconds; k++) e += secondEnergy[k];
    if (e > bestEnergy) { bestEnergy = e; best = s; }
  }
  const from = best * fs;
  return { sampleRate: fs, startSeconds: best, channels: audio.channels.map((c) => c.slice(from, from + length)) };
}

export function samplePeak(channels: readonly Float32Array[]): number {
  let peak = 0;
  for (const c of channels) for (let i = 0; i < c.length; i++) peak = Math.max(peak, Math.abs(c[i]));
  return peak;
}

/** A copy of `channels` scaled by `gain`. */
export function scaled(channels: readonly Float32Array[], gain: number): Float32Array[] {
  return channels.map((c) => c.map((x) => x * gain));
}
