// MP3 (and MPEG-1/2 layer I/II) through mpg123-decoder, loaded only when such a file is met.
// mpg123-decoder always returns two channels, so the channel mode is read from the first frame
// header here: a mono file measured as two copies would read 3 dB too loud. The frames are
// walked first, too, because the decoder silently returns less audio for a cut-off file.

import { resolveLayout } from '../../engine/layouts.js';
import { ByteWindow, bytesSource, type AsyncByteSource } from './byte-source.js';
import { PiecewiseDecoder, collect } from './decoded-check.js';
import { AudioFileError, formatBytes, formatSeconds } from './errors.js';
import { checkSampleRate } from './limits.js';
import type { DecodedAudio } from './types.js';

export interface MpegFrameHeader {
  /** 1, 2 or 2.5 (MPEG-2.5). */
  version: number;
  layer: 1 | 2 | 3;
  sampleRate: number;
  channels: 1 | 2;
  samplesPerFrame: number;
  /** 0 for free-format streams, whose frame length the header does not give. */
  frameBytes: number;
}

// kbit/s by bitrate index (ISO/IEC 11172-3 §2.4.2.3, 13818-3 §2.4.2.3).
const BITRATES_V1: Readonly<Record<number, readonly number[]>> = {
  1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
};
const BITRATES_V2: Readonly<Record<number, readonly number[]>> = {
  1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  3: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
/** Bytes the frame walk needs in view from where it stands: two of the longest frames (2,881 bytes) and a header. */
const LOOKAHEAD = 8192;
/** Bytes the frame walk reads at a time from a file. */
const WALK_BYTES = 1 << 20;

const SAMPLE_RATES: Readonly<Record<number, readonly number[]>> = {
  1: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  2.5: [11025, 12000, 8000],
};

export function parseMpegHeader(b: Uint8Array, o: number): MpegFrameHeader | undefined {
  if (o + 4 > b.length || b[o] !== 0xff || (b[o + 1]! & 0xe0) !== 0xe0) return undefined;
  const versionBits = (b[o + 1]! >> 3) & 3;
  const layerBits = (b[o + 1]! >> 1) & 3;
  const bitrateIndex = b[o + 2]! >> 4;
  const rateIndex = (b[o + 2]! >> 2) & 3;
  if (versionBits === 1 || layerBits === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 2.5;
  const layer = (4 - layerBits) as 1 | 2 | 3;
  const sampleRate = SAMPLE_RATES[version]![rateIndex]!;
  const kbps = (version === 1 ? BITRATES_V1 : BITRATES_V2)[layer]![bitrateIndex]!;
  const padding = (b[o + 2]! >> 1) & 1;
  const samplesPerFrame = layer === 1 ? 384 : layer === 3 && version !== 1 ? 576 : 1152;
  const frameBytes =
    kbps === 0
      ? 0
      : layer === 1
        ? (Math.floor((12 * kbps * 1000) / sampleRate) + padding) * 4
        : Math.floor(((samplesPerFrame / 8) * kbps * 1000) / sampleRate) + padding;
  return { version, layer, sampleRate, channels: b[o + 3]! >> 6 === 3 ? 1 : 2, samplesPerFrame, frameBytes };
}

/** Bytes taken by ID3v2 tags at `o` (several may follow each other). */
export function id3v2Length(b: Uint8Array, o = 0): number {
  let n = 0;
  while (o + n + 10 <= b.length && b[o + n] === 0x49 && b[o + n + 1] === 0x44 && b[o + n + 2] === 0x33) {
    const size = ((b[o + n + 6]! & 0x7f) << 21) | ((b[o + n + 7]! & 0x7f) << 14) | ((b[o + n + 8]! & 0x7f) << 7) | (b[o + n + 9]! & 0x7f);
    const footer = b[o + n + 5]! & 0x10 ? 10 : 0;
    n += 10 + size + footer;
  }
  return n;
}

/**
 * Where the first MPEG audio frame starts, or undefined. Right at `start` one valid header is
 * enough; after an ID3 tag, whose declared size some taggers get wrong, the first of two
 * consecutive valid headers within 64 kB is taken.
 */
export function findFirstMpegFrame(b: Uint8Array, start: number): number | undefined {
  const first = parseMpegHeader(b, start);
  if (start === 0) return first ? 0 : undefined;
  for (let o = start; o < Math.min(b.length, start + 65536); o++) {
    const h = parseMpegHeader(b, o);
    if (!h) continue;
    if (h.frameBytes === 0 || o + h.frameBytes >= b.length) return o;
    const next = parseMpegHeader(b, o + h.frameBytes);
    if (next && next.sampleRate === h.sampleRate && next.layer === h.layer) return o;
  }
  return undefined;
}

/** Frame count from a Xing/Info header in the first frame (LAME, ffmpeg and most encoders write one). */
function xingFrameCount(b: Uint8Array, o: number, h: MpegFrameHeader): number | undefined {
  if (h.layer !== 3) return undefined;
  const sideInfo = h.version === 1 ? (h.channels === 1 ? 17 : 32) : h.channels === 1 ? 9 : 17;
  const x = o + 4 + sideInfo;
  if (x + 12 > b.length) return undefined;
  const tag = String.fromCharCode(b[x]!, b[x + 1]!, b[x + 2]!, b[x + 3]!);
  if (tag !== 'Xing' && tag !== 'Info') return undefined;
  if (!(b[x + 7]! & 1)) return undefined;
  return ((b[x + 8]! << 24) | (b[x + 9]! << 16) | (b[x + 10]! << 8) | b[x + 11]!) >>> 0;
}

/** Frames after the first must match it: a "header" that does not is data that merely holds a sync word. */
function sameStream(a: MpegFrameHeader, b: MpegFrameHeader): boolean {
  return a.version === b.version && a.layer === b.layer && a.sampleRate === b.sampleRate && b.frameBytes > 0;
}

/**
 * The next offset from `o` where a frame like `h` starts and is followed by another (or by the
 * end), or undefined.
 */
async function resync(w: ByteWindow, o: number, h: MpegFrameHeader): Promise<number | undefined> {
  for (let p = o; p + 4 <= w.size; p++) {
    const i = w.covers(p, LOOKAHEAD) ? p - w.base : await w.at(p, LOOKAHEAD);
    const b = w.bytes;
    if (b[i] !== 0xff) continue;
    const frame = parseMpegHeader(b, i);
    if (!frame || !sameStream(h, frame)) continue;
    const next = p + frame.frameBytes;
    if (next === w.size) return p;
    const after = parseMpegHeader(b, i + frame.frameBytes);
    if (after && sameStream(h, after)) return p;
  }
  return undefined;
}

/** True when an ID3v1, ID3v2, APE or Lyrics3 tag starts at `o`. */
function tagAt(b: Uint8Array, o: number): boolean {
  const tail = String.fromCharCode(...b.subarray(o, o + 8));
  return tail.startsWith('TAG') || tail === 'APETAGEX' || tail.startsWith('LYRICS') || tail.startsWith('ID3');
}

/**
 * Walks every frame, as the decoder will, reading `source` through a window (a file of any
 * length is walked in constant memory): throws when the last frame runs past the end of the
 * file, when fewer frames are present than a Xing header declares, or when much of the file is
 * not frames of this stream (data after a stray sync word decodes to noise far above full scale).
 * A little junk between frames (glued files) is resynchronised over, as the decoder does.
 */
export async function checkMpegComplete(file: string, source: AsyncByteSource, firstFrame: number, h: MpegFrameHeader): Promise<void> {
  if (h.frameBytes === 0) return; // free format: frame lengths unknown without decoding
  const w = new ByteWindow(source, WALK_BYTES);
  const size = source.size;
  const first = await w.at(firstFrame, LOOKAHEAD);
  const declared = xingFrameCount(w.bytes, first, h);
  let o = firstFrame + (declared !== undefined ? h.frameBytes : 0);
  let frames = 0;
  let junk = 0;
  while (o < size) {
    const i = w.covers(o, LOOKAHEAD) ? o - w.base : await w.at(o, LOOKAHEAD);
    const frame = parseMpegHeader(w.bytes, i);
    if (frame && sameStream(h, frame)) {
      if (o + frame.frameBytes > size) {
        throw new AudioFileError(file, 'truncated: the last MPEG audio frame is cut off');
      }
      frames++;
      o += frame.frameBytes;
      continue;
    }
    if (tagAt(w.bytes, i)) {
      // Tags one after another are skipped one per turn (the window may end inside the next).
      const id3 = id3v2Length(w.bytes, i);
      if (id3 > 0) {
        o += id3;
        continue;
      }
      // A closing tag: the audio has ended; what follows is the tag's own.
      break;
    }
    const next = await resync(w, o, h);
    junk += (next ?? size) - o;
    if (next === undefined) break;
    o = next;
  }
  const audioBytes = size - firstFrame;
  if (frames === 0 || junk > Math.max(4096, audioBytes / 20)) {
    const [bad, all] = formatBytes(junk, audioBytes);
    throw new AudioFileError(file, `corrupt MPEG stream: ${bad} of the ${all} after the first frame are not MPEG audio frames of this stream`);
  }
  if (declared !== undefined && frames < declared) {
    const seconds = ((declared - frames) * h.samplesPerFrame) / h.sampleRate;
    throw new AudioFileError(
      file,
      `truncated: ${frames} of the ${declared} MPEG audio frames the header declares are present (${formatSeconds(seconds)} of audio missing)`,
    );
  }
}

/** Where the first frame starts and what it says, from the file's first bytes (its ID3v2 tags and 64 kB after them, at least). */
export function locateMpeg(file: string, head: Uint8Array): { firstFrame: number; header: MpegFrameHeader } {
  const firstFrame = findFirstMpegFrame(head, id3v2Length(head));
  const header = firstFrame === undefined ? undefined : parseMpegHeader(head, firstFrame);
  if (firstFrame === undefined || !header) {
    throw new AudioFileError(file, 'not a recognised audio file (expected WAV, FLAC, MP3 or Ogg)');
  }
  checkSampleRate(file, header.sampleRate);
  return { firstFrame, header };
}

/** Bytes mpg123-decoder feeds the decoder at a time: a file handed over in pieces of this size is fed exactly as a whole one. */
export const MPEG_FEED_BYTES = 1 << 16;

/**
 * Decodes an MP3 handed over as consecutive pieces of the whole file (from its first byte, each
 * MPEG_FEED_BYTES long but the last), yielding each piece's audio as it is decoded: the same
 * samples, and at the end the same checks and error line, as decodeMpeg on the whole file.
 * `checkMpegComplete` is the caller's, before.
 */
export async function* decodeMpegPieces(file: string, header: MpegFrameHeader, pieces: AsyncIterable<Uint8Array>): AsyncGenerator<Float32Array[], void, undefined> {
  const { MPEGDecoder } = await import('mpg123-decoder');
  const decoder = new MPEGDecoder({ enableGapless: true });
  const run = new PiecewiseDecoder(file, { codec: 'MPEG', channels: 2, sampleRate: header.sampleRate });
  try {
    await run.call(() => decoder.ready);
    for await (const bytes of pieces) {
      const both = run.take(await run.call(() => decoder.decode(bytes)));
      if (both.length > 0) yield header.channels === 1 ? [both[0]!] : both;
    }
    run.check();
  } finally {
    decoder.free();
  }
}

/** The file as decodeMpegPieces takes it: MPEG_FEED_BYTES at a time from its first byte. */
export async function* mpegPieces(source: AsyncByteSource): AsyncGenerator<Uint8Array, void, undefined> {
  for (let offset = 0; offset < source.size; offset += MPEG_FEED_BYTES) yield await source.read(offset, MPEG_FEED_BYTES);
}

export async function decodeMpeg(bytes: Uint8Array, file: string): Promise<DecodedAudio> {
  const source = bytesSource(bytes);
  const { firstFrame, header } = locateMpeg(file, bytes);
  await checkMpegComplete(file, source, firstFrame, header);
  const { channels, frames } = await collect(decodeMpegPieces(file, header, mpegPieces(source)), header.channels);
  return { sampleRate: header.sampleRate, layout: resolveLayout(header.channels), format: `mp${header.layer}`, frames, channels };
}
