// The decoder layer: any supported file → planar float samples, a sample rate and a channel
// layout with BS.1770 weights. The format is told by the file's first bytes, never by its name.
// WAV is parsed by hand; FLAC, MP3 and Ogg go through npm WebAssembly decoders that flac.ts,
// mpeg.ts and ogg.ts import only when such a file is met, so WAV-only use does not load them.
// This file is the Node side (files on disk); decoding bytes in memory is bytes.ts, which the
// app's decode worker runs too, so a browser and the CLI decode with the same code.
//
// Files too long to hold in memory are read and decoded in pieces by stream.ts (openAudioStream).
//
//   const audio = await decodeAudioFile('mix.wav');        // whole file

import { closeSync, fstatSync, openSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import type { ByteSource } from './byte-source.js';
import { decodeAudioBytes } from './bytes.js';
import { AudioFileError, accessError } from './errors.js';
import { checkPathArgument, checkRegularFile, fileSource, sizeChanged } from './file-reader.js';
import {
  decodeWavFrames,
  looksLikeWav,
  parseWavHeader,
  type WavHeader,
} from './wav.js';
import type { DecodedAudio } from './types.js';

export type { AudioInfo, DecodedAudio } from './types.js';
export type { WavHeader } from './wav.js';
export { AudioFileError } from './errors.js';
export { decodeAudioBytes, detectAudioFormat, type AudioFormat } from './bytes.js';
export { decodeWavChunks, readWavInfo } from './wav.js';
export { layoutFromChannelMask } from './channel-order.js';
export { MIN_SAMPLE_RATE, MAX_SAMPLE_RATE } from './limits.js';

type Opened = { kind: 'wav'; header: WavHeader; size: number } | { kind: 'decoded'; audio: DecodedAudio };

async function openFile(path: string): Promise<Opened> {
  checkPathArgument(path);
  let head: Uint8Array;
  let size: number;
  try {
    // Checked before opening: opening a FIFO waits for a writer, maybe for ever.
    await checkRegularFile(path);
    const handle = await open(path, 'r');
    try {
      const stat = await handle.stat();
      if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      size = stat.size;
      head = new Uint8Array(12);
      const { bytesRead } = await handle.read(head, 0, 12, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw accessError(path, error);
  }
  if (size === 0) throw new AudioFileError(path, 'empty file');
  if (looksLikeWav(head)) return { kind: 'wav', header: withFile(path, (src) => parseWavHeader(src, path), size), size };

  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw accessError(path, error);
  }
  if (bytes.length !== size) throw sizeChanged(path, size, bytes.length);
  return { kind: 'decoded', audio: await decodeAudioBytes(bytes, path) };
}

/** Decodes a whole file. WAV is decoded from disk block by block, never held as bytes and floats at once. */
export async function decodeAudioFile(path: string): Promise<DecodedAudio> {
  const opened = await openFile(path);
  if (opened.kind === 'decoded') return opened.audio;
  const { header, size } = opened;
  const channels = Array.from({ length: header.layout.labels.length }, () => new Float32Array(header.frames));
  // About 1 MB of file per read.
  const blockFrames = Math.max(1, Math.floor(2 ** 20 / header.blockAlign));
  withFile(path, (src) => {
    for (let start = 0; start < header.frames; start += blockFrames) {
      const frames = Math.min(blockFrames, header.frames - start);
      const bytes = src.read(header.dataOffset + start * header.blockAlign, frames * header.blockAlign);
      if (bytes.length < frames * header.blockAlign) {
        throw new AudioFileError(path, 'truncated: the file shrank while it was being read');
      }
      decodeWavFrames(bytes, header, channels, start, frames);
    }
  }, size);
  return { sampleRate: header.sampleRate, layout: header.layout, format: header.format, frames: header.frames, channels };
}

/** Runs `use` on the open file, and throws if the file's size is not `size` before or after. */
function withFile<T>(path: string, use: (src: ByteSource) => T, size: number): T {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw accessError(path, error);
  }
  try {
    checkSize(path, fd, size);
    const result = use(fileSource(fd, size));
    checkSize(path, fd, size);
    return result;
  } finally {
    closeSync(fd);
  }
}

/** A file written to (or cut) while it is measured would give numbers for neither version. */
function checkSize(path: string, fd: number, size: number): void {
  const now = fstatSync(fd).size;
  if (now !== size) throw sizeChanged(path, size, now);
}
