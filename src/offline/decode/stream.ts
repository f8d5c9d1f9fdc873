// Files read from disk in bounded pieces and decoded as they are consumed, so memory does not
// grow with the length of the file: WAV (and RF64/BW64), FLAC, MP3 and Ogg. MP3 and Ogg are read
// twice: their completeness checks walk every frame or page first (through a window), then the
// decoder is fed the file piece by piece exactly as it is fed a whole one, so the samples, and
// every error line, are those of the whole-file decoders the app uses (bytes.ts).
//
//   const stream = await openAudioStream('long.flac');
//   for await (const chunk of stream.chunks()) kernel.push(chunk, 0, chunk[0].length);

import type { ByteSource } from './byte-source.js';
import { definedLayoutForCount, layoutFromChannelMask } from './channel-order.js';
import { AudioFileError } from './errors.js';
import { FileReader, checkPathArgument } from './file-reader.js';
import { FlacMd5, readStreamInfo, rescaleToFullScale } from './flac.js';
import { NOT_AUDIO, detectAudioFormat } from './bytes.js';
import { checkChannelCount, checkSampleRate } from './limits.js';
import { checkMpegComplete, decodeMpegPieces, id3v2Length, locateMpeg, mpegPieces } from './mpeg.js';
import { decodeOggPieces, oggPieces, planOgg, scanOgg } from './ogg.js';
import { resolveLayout } from '../../engine/layouts.js';
import type { AudioInfo } from './types.js';
import { decodeWavFrames, parseWavHeader, type WavHeader } from './wav.js';

/** Bytes read from the file at a time. */
const CHUNK_BYTES = 1 << 20;
/**
 * FLAC bytes handed to the decoder at a time: small, because what comes out grows with the
 * compression ratio (16 kB of digital silence is up to about 40 MB of float samples).
 */
const FLAC_INPUT_BYTES = 1 << 14;
/** Frames per chunk handed out for MP3 and Ogg (the chunks their whole-file decoding was handed out in). */
const MEMORY_CHUNK_FRAMES = 65536;

export interface AudioFileStream extends AudioInfo {
  /**
   * The file's audio as planar chunks, read and decoded as they are consumed (call once). The file
   * is closed when the iteration ends, fails or is stopped. A file that turns out corrupt,
   * truncated or changed while it was read throws an AudioFileError naming it: never a shorter
   * stream. `frames` is 0 when the header does not say (an MP3, a FLAC encoded from a pipe).
   */
  chunks(): AsyncGenerator<Float32Array[], void, undefined>;
}

export interface StreamOptions {
  /** Per read; default DEFAULT_READ_TIMEOUT_MS or $BUSMETER_READ_TIMEOUT_MS. */
  readTimeoutMs?: number;
}

export async function openAudioStream(path: string, options: StreamOptions = {}): Promise<AudioFileStream> {
  checkStreamArguments(path, options);
  const reader = await FileReader.open(path, options.readTimeoutMs);
  try {
    if (reader.size === 0) throw new AudioFileError(path, 'empty file');
    // Enough to find the format behind an ID3 tag (cover art included) and read a FLAC's metadata.
    let head = await reader.read(0, Math.min(reader.size, CHUNK_BYTES));
    let tag = id3v2Length(head);
    // Tags may follow each other: read on until all of them and 64 kB after them are in view.
    while (tag + 65536 + 4096 > head.length && head.length < reader.size) {
      head = await reader.read(0, Math.min(reader.size, tag + 65536 + 4096 + CHUNK_BYTES));
      tag = id3v2Length(head);
    }
    const format = detectAudioFormat(head);
    const stream =
      format === 'wav'
        ? await wavStream(reader, head)
        : format === 'flac'
          ? flacStream(reader, head.subarray(tag), tag)
          : format === 'mpeg'
            ? await mpegStream(reader, head)
            : format === 'ogg'
              ? await oggStream(reader)
              : notAudio(path);
    return { ...stream, chunks: () => notEmpty(path, stream.chunks()) };
  } catch (error) {
    await reader.close();
    throw error;
  }
}

/** A caller's mistake is a TypeError or RangeError saying what was given, never a file error. */
function checkStreamArguments(path: unknown, options: unknown): void {
  checkPathArgument(path);
  if (typeof options !== 'object' || options === null) throw new TypeError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
  const { readTimeoutMs } = options as StreamOptions;
  if (readTimeoutMs !== undefined && !(typeof readTimeoutMs === 'number' && Number.isFinite(readTimeoutMs) && readTimeoutMs > 0)) {
    throw new RangeError(`readTimeoutMs must be a positive number of milliseconds, got ${String(readTimeoutMs)}`);
  }
}

/** Asked for bytes the cache does not hold: the parse is run again once they are read. */
class NeedBytes {
  constructor(readonly offset: number, readonly length: number) {}
}

/** The WAV header parsed from bytes read asynchronously (with the reader's timeout) as the parser asks for them. */
async function parseWavFrom(reader: FileReader, head: Uint8Array): Promise<WavHeader> {
  const pieces: { offset: number; bytes: Uint8Array }[] = [{ offset: 0, bytes: head }];
  const src: ByteSource = {
    size: reader.size,
    read(offset, length) {
      const n = Math.max(0, Math.min(length, reader.size - offset));
      const piece = pieces.find((p) => p.offset <= offset && offset + n <= p.offset + p.bytes.length);
      if (!piece) throw new NeedBytes(offset, n);
      return piece.bytes.subarray(offset - piece.offset, offset - piece.offset + n);
    },
  };
  for (let attempt = 0; ; attempt++) {
    try {
      return parseWavHeader(src, reader.path);
    } catch (error) {
      if (!(error instanceof NeedBytes)) throw error;
      if (attempt > 10_000) throw new AudioFileError(reader.path, 'malformed WAV file: too many chunks before the audio');
      pieces.push({ offset: error.offset, bytes: await reader.read(error.offset, Math.max(error.length, Math.min(65536, reader.size - error.offset))) });
    }
  }
}

async function wavStream(reader: FileReader, head: Uint8Array): Promise<AudioFileStream> {
  const header = await parseWavFrom(reader, head);
  const blockFrames = Math.max(1, Math.floor(CHUNK_BYTES / header.blockAlign));
  const channels = header.layout.labels.length;
  return {
    sampleRate: header.sampleRate,
    layout: header.layout,
    format: header.format,
    frames: header.frames,
    async *chunks() {
      try {
        for (let start = 0; start < header.frames; start += blockFrames) {
          const frames = Math.min(blockFrames, header.frames - start);
          const bytes = await reader.read(header.dataOffset + start * header.blockAlign, frames * header.blockAlign);
          const out = Array.from({ length: channels }, () => new Float32Array(frames));
          decodeWavFrames(bytes, header, out, 0, frames);
          yield out;
        }
        await reader.checkSize();
      } finally {
        await reader.close();
      }
    },
  };
}

function flacStream(reader: FileReader, head: Uint8Array, start: number): AudioFileStream {
  const file = reader.path;
  const info = readStreamInfo(file, head);
  checkChannelCount(file, info.channels);
  checkSampleRate(file, info.sampleRate);
  return {
    sampleRate: info.sampleRate,
    // FLAC stores channels in WAV order already: only the labels need deciding.
    layout:
      info.channelMask !== undefined && info.channelMask !== 0
        ? layoutFromChannelMask(info.channelMask, info.channels)
        : definedLayoutForCount(info.channels),
    format: `flac ${info.bitsPerSample}-bit`,
    frames: info.totalSamples,
    async *chunks() {
      const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
      const decoder = new FLACDecoder();
      let decoded = 0;
      const md5 = new FlacMd5(info.bitsPerSample);
      const check = (out: { channelData: Float32Array[]; samplesDecoded: number; sampleRate: number; errors: { message: string }[] }): Float32Array[] | undefined => {
        if (out.errors.length > 0) {
          const more = out.errors.length > 1 ? ` (and ${out.errors.length - 1} more)` : '';
          throw new AudioFileError(file, `FLAC decoder error: ${out.errors[0]!.message}${more}`);
        }
        if (out.samplesDecoded === 0) return undefined;
        if (out.channelData.length !== info.channels || out.sampleRate !== info.sampleRate) {
          throw new AudioFileError(file, `FLAC decoder produced ${out.channelData.length} channels at ${out.sampleRate} Hz, the stream declares ${info.channels} at ${info.sampleRate} Hz (corrupt stream?)`);
        }
        decoded += out.samplesDecoded;
        if (info.totalSamples > 0 && decoded > info.totalSamples) {
          throw new AudioFileError(file, `corrupt: more than the ${info.totalSamples} frames STREAMINFO declares`);
        }
        const channels = out.channelData.map((c) => (c.length === out.samplesDecoded ? c : c.slice(0, out.samplesDecoded)));
        rescaleToFullScale(channels, info.bitsPerSample);
        md5.update(channels);
        return channels;
      };
      try {
        await runFlac(file, () => decoder.ready);
        for (let offset = start; offset < reader.size; offset += FLAC_INPUT_BYTES) {
          const bytes = await reader.read(offset, FLAC_INPUT_BYTES);
          const chunk = check(await runFlac(file, () => decoder.decode(bytes)));
          if (chunk) yield chunk;
        }
        const last = check(await runFlac(file, () => decoder.flush()));
        if (last) yield last;
        await reader.checkSize();
        if (decoded === 0) throw new AudioFileError(file, 'FLAC decoder produced no audio (corrupt stream?)');
        if (info.totalSamples > 0 && decoded !== info.totalSamples) {
          throw new AudioFileError(file, `corrupt or truncated: decoded ${decoded} frames, the stream declares ${info.totalSamples}`);
        }
        md5.check(file, info);
      } finally {
        decoder.free();
        await reader.close();
      }
    },
  };
}

async function runFlac<T>(file: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AudioFileError) throw error;
    throw new AudioFileError(file, `FLAC decoder failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

async function mpegStream(reader: FileReader, head: Uint8Array): Promise<AudioFileStream> {
  const file = reader.path;
  const { firstFrame, header } = locateMpeg(file, head);
  await checkMpegComplete(file, reader, firstFrame, header);
  return {
    sampleRate: header.sampleRate,
    layout: resolveLayout(header.channels),
    format: `mp${header.layer}`,
    frames: 0,
    async *chunks() {
      try {
        yield* evenChunks(decodeMpegPieces(file, header, mpegPieces(reader)));
        await reader.checkSize();
      } finally {
        await reader.close();
      }
    },
  };
}

async function oggStream(reader: FileReader): Promise<AudioFileStream> {
  const file = reader.path;
  const plan = planOgg(file, await scanOgg(file, reader));
  return {
    sampleRate: plan.first.sampleRate,
    layout: plan.layout,
    format: plan.format,
    frames: plan.frames ?? 0,
    async *chunks() {
      try {
        yield* evenChunks(decodeOggPieces(file, plan, oggPieces(reader, plan)));
        await reader.checkSize();
      } finally {
        await reader.close();
      }
    },
  };
}

/**
 * The decoders' audio, as it comes (a page to a few seconds a call), handed on in chunks of
 * MEMORY_CHUNK_FRAMES frames (the last one shorter): the chunks a whole decoded file was handed
 * on in, so a meter sees the same pushes whichever way the file was decoded.
 */
async function* evenChunks(pieces: AsyncIterable<Float32Array[]>): AsyncGenerator<Float32Array[], void, undefined> {
  let chunk: Float32Array[] | undefined;
  let filled = 0;
  for await (const piece of pieces) {
    const n = piece[0]?.length ?? 0;
    for (let at = 0; at < n; ) {
      chunk ??= piece.map(() => new Float32Array(MEMORY_CHUNK_FRAMES));
      const take = Math.min(MEMORY_CHUNK_FRAMES - filled, n - at);
      for (let c = 0; c < chunk.length; c++) chunk[c]!.set(piece[c]!.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled === MEMORY_CHUNK_FRAMES) {
        yield chunk;
        chunk = undefined;
        filled = 0;
      }
    }
  }
  if (chunk) yield chunk.map((c) => c.subarray(0, filled));
}

function notAudio(path: string): never {
  throw new AudioFileError(path, NOT_AUDIO);
}

/** A file that holds no audio (an empty data chunk) has nothing to measure: an error, not "NaN s". */
async function* notEmpty(path: string, chunks: AsyncGenerator<Float32Array[], void, undefined>): AsyncGenerator<Float32Array[], void, undefined> {
  let frames = 0;
  for await (const chunk of chunks) {
    frames += chunk[0]?.length ?? 0;
    yield chunk;
  }
  if (frames === 0) throw new AudioFileError(path, 'no audio: the file holds 0 sample frames');
}
