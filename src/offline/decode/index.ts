// The decoder layer: any supported file → planar float samples, a sample rate and a channel
// layout with BS.1770 weights. The format is told by the file's first bytes, never by its name.
// WAV is parsed by hand; FLAC, MP3 and Ogg go through npm WebAssembly decoders that flac.ts,
// mpeg.ts and ogg.ts import only when such a file is met, so WAV-only use does not load them.
// This file is the Node side (files on disk); decoding bytes in memory is bytes.ts, which the
// app's decode worker runs too, so a browser and the CLI decode with the same code.
//
//   const audio = await decodeAudioFile('mix.wav');        // whole file
//   const stream = await openAudioFile('long.wav');         // WAV read from disk in chunks
//   for (const chunk of stream.chunks(4096)) analyzer.push(chunk);

import { closeSync, fstatSync, openSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import type { ByteSource } from './byte-source.js';
import { decodeAudioBytes } from './bytes.js';
import { AudioFileError, accessError } from './errors.js';
import { checkRegularFile, fileSource, sizeChanged } from './file-reader.js';
import {
  checkChunkFrames,
  decodeWavFrames,
  looksLikeWav,
  parseWavHeader,
  wavChunksFrom,
  type WavHeader,
} from './wav.js';
import type { AudioStream, DecodedAudio } from './types.js';

export type { AudioInfo, AudioStream, DecodedAudio } from './types.js';
export type { WavHeader } from './wav.js';
export { AudioFileError } from './errors.js';
export { decodeAudioBytes, detectAudioFormat, type AudioFormat } from './bytes.js';
export { decodeWavChunks, readWavInfo } from './wav.js';
export { layoutFromChannelMask } from './channel-order.js';
export { MIN_SAMPLE_RATE, MAX_SAMPLE_RATE } from './limits.js';

const DEFAULT_CHUNK_FRAMES = 65536;

type Opened = { kind: 'wav'; header: WavHeader; size: number } | { kind: 'decoded'; audio: DecodedAudio };

async function openFile(path: string): Promise<Opened> {
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

/**
 * Opens a file for decoding in chunks. A WAV file is only parsed here (header checked, nothing
 * decoded) and its chunks are read from disk as they are consumed, so its length is not limited
 * by memory (RF64 files of many GB work). Other formats are decoded whole here.
 */
export async function openAudioFile(path: string): Promise<AudioStream> {
  const opened = await openFile(path);
  if (opened.kind === 'wav') {
    const { header, size } = opened;
    return {
      sampleRate: header.sampleRate,
      layout: header.layout,
      format: header.format,
      frames: header.frames,
      chunks: (chunkFrames = DEFAULT_CHUNK_FRAMES) => {
        checkChunkFrames(chunkFrames);
        return wavFileChunks(path, header, size, chunkFrames);
      },
    };
  }
  const { audio } = opened;
  return {
    sampleRate: audio.sampleRate,
    layout: audio.layout,
    format: audio.format,
    frames: audio.frames,
    chunks: (chunkFrames = DEFAULT_CHUNK_FRAMES) => {
      checkChunkFrames(chunkFrames);
      return memoryChunks(audio.channels, audio.frames, chunkFrames);
    },
  };
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

function* wavFileChunks(path: string, header: WavHeader, size: number, chunkFrames: number): Generator<Float32Array[], void, undefined> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw accessError(path, error);
  }
  try {
    checkSize(path, fd, size);
    const chunks = wavChunksFrom(fileSource(fd, size), header, chunkFrames, path);
    for (;;) {
      let next: IteratorResult<Float32Array[], void>;
      try {
        next = chunks.next();
      } finally {
        // A short read is the file changing under us: say so rather than "truncated".
        checkSize(path, fd, size);
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    closeSync(fd);
  }
}

function* memoryChunks(channels: Float32Array[], frames: number, chunkFrames: number): Generator<Float32Array[], void, undefined> {
  for (let start = 0; start < frames; start += chunkFrames) {
    yield channels.map((c) => c.subarray(start, Math.min(frames, start + chunkFrames)));
  }
}
