// Ogg Vorbis and Ogg Opus through @wasm-audio-decoders/ogg-vorbis and ogg-opus-decoder, loaded
// only when such a file is met. The Ogg pages are walked here first: a cut-off file is caught
// by its missing end-of-stream page (the decoders return garbage for one, without an error),
// and the last granule position gives the exact length to check the decoder's output against.

import { definedLayoutForCount, vorbisToWavOrder } from './channel-order.js';
import { ByteWindow, bytesSource, type AsyncByteSource } from './byte-source.js';
import { PiecewiseDecoder, collect, type DecoderOutput } from './decoded-check.js';
import { AudioFileError, formatBytes } from './errors.js';
import { oggCrc } from './ogg-crc.js';
import { followVorbisPage, positionWithoutStrays, sourceWithoutStrays, type StrayHeaderPage } from './ogg-stray-headers.js';
import { checkChannelCount, checkSampleRate } from './limits.js';
import { resolveLayout, type ChannelLayout } from '../../engine/layouts.js';
import type { DecodedAudio } from './types.js';

type OggCodec = 'vorbis' | 'opus';

interface OggStream {
  codec: OggCodec;
  channels: number;
  sampleRate: number;
  /** Opus: samples at 48 kHz the decoder discards at the start (RFC 7845 §4.2). */
  preSkip: number;
  /** Opus: Q7.8 dB gain that players apply (RFC 7845 §5.1). */
  outputGainQ8: number;
  /** Opus channel mapping family: 1 means Vorbis channel order. */
  mappingFamily: number;
  lastGranule: number;
  /**
   * A page carried a negative granule position other than −1 (ogginfo: "created by a buggy
   * encoder"; released Vorbis files have it on their first audio page). The positions then do
   * not count the samples: libvorbisfile, ffmpeg and our decoder each decode a few thousand
   * samples more than the last position says, and all play the file whole.
   */
  negativeGranule: boolean;
  ended: boolean;
  /** Vorbis: packets that ended on the pages walked so far (ogg-stray-headers.ts). */
  packets: number;
}

const le16s = (b: Uint8Array, o: number) => ((b[o]! | (b[o + 1]! << 8)) << 16) >> 16;
const le32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const ascii = (b: Uint8Array, o: number, n: number) => String.fromCharCode(...b.subarray(o, o + n));

function identify(file: string, packet: Uint8Array): OggStream {
  const base = { preSkip: 0, outputGainQ8: 0, mappingFamily: 0, lastGranule: 0, negativeGranule: false, ended: false, packets: 0 };
  if (packet.length >= 16 && packet[0] === 1 && ascii(packet, 1, 6) === 'vorbis') {
    return { ...base, codec: 'vorbis', channels: packet[11]!, sampleRate: le32(packet, 12) };
  }
  if (packet.length >= 19 && ascii(packet, 0, 8) === 'OpusHead') {
    return {
      ...base,
      codec: 'opus',
      channels: packet[9]!,
      // Opus always decodes at 48 kHz; the header's "input sample rate" is only informative.
      sampleRate: 48000,
      preSkip: packet[10]! | (packet[11]! << 8),
      outputGainQ8: le16s(packet, 16),
      mappingFamily: packet[18]!,
    };
  }
  const other =
    packet[0] === 0x7f && ascii(packet, 1, 4) === 'FLAC'
      ? 'FLAC in Ogg'
      : ascii(packet, 0, 8) === 'Speex   '
        ? 'Speex'
        : packet[0] === 0x80 && ascii(packet, 1, 6) === 'theora'
          ? 'Theora video'
          : 'unknown codec';
  throw new AudioFileError(file, `unsupported Ogg stream: ${other} (expected Vorbis or Opus)`);
}

/** The most bytes one Ogg page can take: a 27-byte header, 255 lacing values, 255 × 255 bytes of body. */
const MAX_PAGE_BYTES = 27 + 255 + 255 * 255;
/** Bytes the page walk reads at a time from a file. */
const WALK_BYTES = 1 << 20;
/**
 * Pages that repeat Vorbis header packets, at most (each is noted while the file is walked):
 * released files have one; a file made of little else is damaged, not quirky.
 */
const MAX_STRAY_HEADER_PAGES = 1024;

export interface OggScan {
  /** The logical streams in order (several when streams are chained). */
  streams: OggStream[];
  /** The byte offset just after each stream's end-of-stream page. */
  streamEnds: number[];
  /** The byte offset just after each stream's beginning-of-stream page. */
  headerEnds: number[];
  /** Pages that repeat Vorbis header packets among the audio, in file order. */
  strays: StrayHeaderPage[];
}

/**
 * Walks every page, reading `source` through a window (a file of any length is walked in
 * constant memory), and checks each page's CRC and the streams' structure.
 */
export async function scanOgg(file: string, source: AsyncByteSource): Promise<OggScan> {
  const streams: OggStream[] = [];
  const streamEnds: number[] = [];
  const headerEnds: number[] = [];
  const strays: StrayHeaderPage[] = [];
  const open = new Map<number, OggStream>();
  const w = new ByteWindow(source, WALK_BYTES);
  const size = source.size;
  let pos = 0;
  while (pos < size) {
    const i = await w.at(pos, MAX_PAGE_BYTES);
    const bytes = w.bytes;
    const remaining = size - pos;
    const capture = ascii(bytes, i, Math.min(4, remaining));
    if (remaining < 27 || capture !== 'OggS') {
      // Bytes after the last complete stream (a tag, padding) are no concern of ours.
      if (streams.length > 0 && open.size === 0) break;
      if (remaining < 27 && 'OggS'.startsWith(capture)) {
        throw new AudioFileError(file, 'truncated: the file ends inside an Ogg page header');
      }
      throw new AudioFileError(file, `corrupt Ogg stream: no page at byte ${pos}`);
    }
    const headerType = bytes[i + 5]!;
    // 0xFFFFFFFFFFFFFFFF ("no packet ends on this page") reads as a negative high word: skipped.
    const granuleHigh = le32(bytes, i + 10);
    const granule = granuleHigh === 0xffffffff ? -1 : le32(bytes, i + 6) + granuleHigh * 2 ** 32;
    const negativeGranule = granuleHigh === 0xffffffff && le32(bytes, i + 6) !== 0xffffffff;
    const serial = le32(bytes, i + 14);
    const segments = bytes[i + 26]!;
    if (pos + 27 + segments > size) {
      throw new AudioFileError(file, 'truncated: the file ends inside an Ogg page header');
    }
    let bodyLength = 0;
    for (let k = 0; k < segments; k++) bodyLength += bytes[i + 27 + k]!;
    const body = pos + 27 + segments;
    if (body + bodyLength > size) {
      throw new AudioFileError(
        file,
        `truncated: the last Ogg page is cut off (${formatBytes(body + bodyLength - size)[0]} missing)`,
      );
    }
    const bodyAt = i + 27 + segments;

    if (oggCrc(bytes, i, bodyAt + bodyLength) !== le32(bytes, i + 22)) {
      throw new AudioFileError(file, `corrupt Ogg stream: the page at byte ${pos} fails its CRC check`);
    }

    if (headerType & 0x02) {
      if (open.size > 0) {
        throw new AudioFileError(file, 'unsupported Ogg file: several multiplexed streams (busmeter reads a single audio stream)');
      }
      const stream = identify(file, bytes.subarray(bodyAt, bodyAt + bodyLength));
      const first = streams[0];
      if (first && (stream.codec !== first.codec || stream.channels !== first.channels || stream.sampleRate !== first.sampleRate)) {
        throw new AudioFileError(file, 'unsupported Ogg file: chained streams change codec, channels or sample rate');
      }
      streams.push(stream);
      open.set(serial, stream);
      headerEnds.push(body + bodyLength);
    }
    const stream = open.get(serial);
    if (!stream) throw new AudioFileError(file, `corrupt Ogg stream: page of unknown stream at byte ${pos}`);
    if (granule >= 0) stream.lastGranule = granule;
    if (negativeGranule) stream.negativeGranule = true;
    if (stream.codec === 'vorbis') {
      const { next, removed } = followVorbisPage(bytes, i, stream.packets);
      if (removed > 0) {
        if (strays.length === MAX_STRAY_HEADER_PAGES) {
          throw new AudioFileError(file, `corrupt Ogg stream: Vorbis header packets repeated on more than ${MAX_STRAY_HEADER_PAGES} pages`);
        }
        strays.push({ start: pos, end: body + bodyLength, firstPacket: stream.packets, removed });
      }
      stream.packets = next;
    }
    pos = body + bodyLength;
    if (headerType & 0x04) {
      stream.ended = true;
      open.delete(serial);
      streamEnds.push(pos);
    }
  }
  if (streams.length === 0) throw new AudioFileError(file, 'corrupt Ogg stream: no pages');
  if (open.size > 0) throw new AudioFileError(file, 'truncated: the Ogg stream ends without its end-of-stream page');
  return { streams, streamEnds, headerEnds, strays };
}

/** What a scanned Ogg file holds, and how its decoded channels become what the meter reads. */
export interface OggPlan {
  first: OggStream;
  codec: 'Vorbis' | 'Opus';
  /**
   * Sample frames the granule positions declare; undefined when a stream's positions are broken
   * (negativeGranule), and then only the end-of-stream page and every page's CRC vouch for it.
   */
  frames: number | undefined;
  layout: ChannelLayout;
  format: string;
  /**
   * Where each chained stream ends, and where its first page ends (scanOgg), in the bytes the
   * decoder is handed: the file without its stray header packets.
   */
  streamEnds: number[];
  headerEnds: number[];
  /** Pages the decoder is handed without their stray header packets (ogg-stray-headers.ts). */
  strays: StrayHeaderPage[];
}

export function planOgg(file: string, { streams, streamEnds, headerEnds, strays }: OggScan): OggPlan {
  const first = streams[0]!;
  checkChannelCount(file, first.channels);
  checkSampleRate(file, first.sampleRate);
  const frames = streams.some((s) => s.negativeGranule) ? undefined : streams.reduce((n, s) => n + Math.max(0, s.lastGranule - s.preSkip), 0);
  // Opus family 0 is mono or stereo; families 2, 3 (ambisonics) and 255 define no speakers.
  const layout = vorbisOrder(first) ? definedLayoutForCount(first.channels) : resolveLayout(first.channels);
  const handedOn = (positions: number[]) => positions.map((p) => positionWithoutStrays(p, strays));
  return {
    first, codec: first.codec === 'vorbis' ? 'Vorbis' : 'Opus', frames, layout, format: `ogg ${first.codec}`,
    streamEnds: handedOn(streamEnds), headerEnds: handedOn(headerEnds), strays,
  };
}

function vorbisOrder(first: OggStream): boolean {
  return (first.codec === 'vorbis' || first.mappingFamily === 1) && first.channels <= 8;
}

/** Decoded channels as a player plays them, in WAV order (the decoders' own arrays, changed in place). */
function asPlayed(plan: OggPlan, channels: Float32Array[]): Float32Array[] {
  const { first } = plan;
  // The decoder leaves the header's output gain to the player; a meter must hear what a player plays.
  if (first.outputGainQ8 !== 0) {
    const gain = 10 ** (first.outputGainQ8 / 256 / 20);
    for (const channel of channels) for (let i = 0; i < channel.length; i++) channel[i]! *= gain;
  }
  return vorbisOrder(first) ? vorbisToWavOrder(channels) : channels;
}

/** What decodeOggPieces uses of either decoder. */
interface PieceDecoder {
  readonly ready: Promise<void>;
  // ogg-opus-decoder's types say its decode returns the audio; it returns a promise of it.
  decode(bytes: Uint8Array): Promise<DecoderOutput> | DecoderOutput;
  flush(): Promise<DecoderOutput>;
  free(): void;
}

export interface OggPiece {
  bytes: Uint8Array;
  /** True for the last piece of a logical stream (a piece ends where the stream does: at OggPlan.streamEnds). */
  streamEnd: boolean;
}

/**
 * Bytes handed to an Ogg decoder at a time: few, because what comes out grows with the
 * compression ratio (8 kB of a quiet Vorbis stream can be 10 s of audio).
 */
export const OGG_PIECE_BYTES = 1 << 13;

/**
 * Decodes an Ogg file handed over as consecutive pieces of the whole file (from its first byte,
 * each OGG_PIECE_BYTES long, but the last of each chained stream ends with it), yielding each
 * piece's audio as it is decoded: the same samples, and at the end the same checks and error
 * line, as decodeOgg on the whole file. `scanOgg` is the caller's, before.
 *
 * ogg-opus-decoder starts afresh at each end-of-stream page and drops the bytes its parser holds
 * past it, so each Opus stream is flushed where it ends; the Vorbis decoder keeps its state
 * across a chain, as it does over a whole file.
 */
export async function* decodeOggPieces(file: string, plan: OggPlan, pieces: AsyncIterable<OggPiece>): AsyncGenerator<Float32Array[], void, undefined> {
  const { first, codec } = plan;
  const run = new PiecewiseDecoder(file, { codec, channels: first.channels, sampleRate: first.sampleRate, frames: plan.frames });
  const decoder: PieceDecoder =
    first.codec === 'vorbis'
      ? new (await run.call(() => import('@wasm-audio-decoders/ogg-vorbis'))).OggVorbisDecoder()
      : new (await run.call(() => import('ogg-opus-decoder'))).OggOpusDecoder();
  try {
    await run.call(() => decoder.ready);
    for await (const { bytes, streamEnd } of pieces) {
      const audio = run.take(await run.call(() => decoder.decode(bytes)));
      if (audio.length > 0) yield asPlayed(plan, audio);
      if (streamEnd && first.codec === 'opus') {
        const rest = run.take(await run.call(() => decoder.flush()));
        if (rest.length > 0) yield asPlayed(plan, rest);
      }
    }
    const rest = run.take(await run.call(() => decoder.flush()));
    if (rest.length > 0) yield asPlayed(plan, rest);
    run.check();
  } finally {
    decoder.free();
  }
}

/**
 * The file as decodeOggPieces takes it: OGG_PIECE_BYTES at a time, each chained stream ending a
 * piece, and no piece ending inside (or right at the end of) a stream's first page. The parser in
 * both decoders hands on a page only once a byte after it has arrived, and the Vorbis decoder
 * trims its output to the granule position of the last page a call hands it when that is an
 * end-of-stream page, as it does once, at the end, over a whole file: so the last page of a call
 * must never be a chained stream's end-of-stream page. Pages that repeat Vorbis header packets
 * are handed on without them (ogg-stray-headers.ts).
 */
export async function* oggPieces(file: AsyncByteSource, plan: OggPlan): AsyncGenerator<OggPiece, void, undefined> {
  const { streamEnds, headerEnds } = plan;
  const source = plan.strays.length > 0 ? sourceWithoutStrays(file, plan.strays) : file;
  const bounds = streamEnds.at(-1) === source.size ? streamEnds : [...streamEnds, source.size];
  let start = 0;
  let header = 0;
  for (const end of bounds) {
    for (let offset = start; offset < end; ) {
      while (header < headerEnds.length && headerEnds[header]! <= offset) header++;
      let length = Math.min(OGG_PIECE_BYTES, end - offset);
      // A cut in a first page, or right after it, leaves the page before it, the previous stream's last, as the call's last.
      if (header < headerEnds.length && headerEnds[header]! <= end && offset + length <= headerEnds[header]!) length = Math.min(headerEnds[header]! + 1 - offset, end - offset);
      yield { bytes: await source.read(offset, length), streamEnd: offset + length === end && streamEnds.includes(end) };
      offset += length;
    }
    start = end;
  }
}

export async function decodeOgg(bytes: Uint8Array, file: string): Promise<DecodedAudio> {
  const source = bytesSource(bytes);
  const plan = planOgg(file, await scanOgg(file, source));
  const { channels, frames } = await collect(decodeOggPieces(file, plan, oggPieces(source, plan)), plan.first.channels);
  return { sampleRate: plan.first.sampleRate, layout: plan.layout, format: plan.format, frames, channels };
}
