// Writes the set's WAV files: 32-bit float, or 24- and 16-bit PCM rounded from the float samples
// (no dither, as a plain bounce). Reading goes through the project's own decoder (src/offline/decode).

import { renameSync, writeFileSync } from 'node:fs';

export type BitDepth = 'float' | 24 | 16;

/** Rounds to the grid of a `bits`-bit PCM file, clamped to its range (as tests/support/mixes.ts quantise). */
export function quantiseSample(x: number, bits: number): number {
  const full = 2 ** (bits - 1);
  return Math.max(-full, Math.min(full - 1, Math.round(x * full))) / full;
}

export function encodeWav(sampleRate: number, channels: readonly Float32Array[], depth: BitDepth): Buffer {
  const n = channels.length;
  const frames = channels[0].length;
  const bytesPerSample = depth === 'float' ? 4 : depth / 8;
  const dataBytes = frames * n * bytesPerSample;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0);
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8);
  out.write('fmt ', 12);
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(depth === 'float' ? 3 : 1, 20);
  out.writeUInt16LE(n, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * n * bytesPerSample, 28);
  out.writeUInt16LE(n * bytesPerSample, 32);
  out.writeUInt16LE(bytesPerSample * 8, 34);
  out.write('data', 36);
  out.writeUInt32LE(dataBytes, 40);
  let at = 44;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < n; c++) {
      const x = channels[c][i];
      if (depth === 'float') out.writeFloatLE(x, at);
      else if (depth === 24) out.writeIntLE(Math.round(quantiseSample(x, 24) * 2 ** 23), at, 3);
      else out.writeInt16LE(Math.round(quantiseSample(x, 16) * 2 ** 15), at);
      at += bytesPerSample;
    }
  }
  return out;
}

/** Writes a file whole or not at all (through a temporary name), so two builds may share a cache. */
export function writeAtomically(path: string, data: string | Buffer): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

export function writeWav(path: string, sampleRate: number, channels: readonly Float32Array[], depth: BitDepth): void {
  writeAtomically(path, encodeWav(sampleRate, channels, depth));
}
