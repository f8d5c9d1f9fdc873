// Ogg Vorbis and Ogg Opus through @wasm-audio-decoders/ogg-vorbis and ogg-opus-decoder, loaded
// only when such a file is met. The Ogg pages are walked here first: a cut-off file is caught
// by its missing end-of-stream page (the decoders return garbage for one, without an error),
// and the last granule position gives the exact length to check the decoder's output against.

import { definedLayoutForCount, vorbisToWavOrder } from './channel-order.js';
import { checkDecoded, runDecoder } from './decoded-check.js';
import { AudioFileError, formatBytes } from './errors.js';
import { checkChannelCount, checkSampleRate } from './limits.js';
import { resolveLayout } from '../../engine/layouts.js';
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
  ended: boolean;
}

const le16s = (b: Uint8Array, o: number) => ((b[o]! | (b[o + 1]! << 8)) << 16) >> 16;
const le32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const ascii = (b: Uint8Array, o: number, n: number) => String.fromCharCode(...b.subarray(o, o + n));

// CRC-32 of an Ogg page (RFC 3533 §6: polynomial 0x04c11db7, not reflected, initial 0), computed
// with the page's own CRC field read as zero.
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

function oggCrc(b: Uint8Array, start: number, end: number): number {
  let crc = 0;
  for (let i = start; i < end; i++) {
    const byte = i >= start + 22 && i < start + 26 ? 0 : b[i]!;
    crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  }
  return crc;
}

function identify(file: string, packet: Uint8Array): OggStream {
  const base = { preSkip: 0, outputGainQ8: 0, mappingFamily: 0, lastGranule: 0, ended: false };
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

/** Walks every page; returns the logical streams in order (several when streams are chained). */
function scanOgg(file: string, bytes: Uint8Array): OggStream[] {
  const streams: OggStream[] = [];
  const open = new Map<number, OggStream>();
  let pos = 0;
  while (pos < bytes.length) {
    const remaining = bytes.length - pos;
    const capture = ascii(bytes, pos, Math.min(4, remaining));
    if (remaining < 27 || capture !== 'OggS') {
      // Bytes after the last complete stream (a tag, padding) are no concern of ours.
      if (streams.length > 0 && open.size === 0) break;
      if (remaining < 27 && 'OggS'.startsWith(capture)) {
        throw new AudioFileError(file, 'truncated: the file ends inside an Ogg page header');
      }
      throw new AudioFileError(file, `corrupt Ogg stream: no page at byte ${pos}`);
    }
    const headerType = bytes[pos + 5]!;
    // 0xFFFFFFFFFFFFFFFF ("no packet ends on this page") reads as a negative high word: skipped.
    const granuleHigh = le32(bytes, pos + 10);
    const granule = granuleHigh === 0xffffffff ? -1 : le32(bytes, pos + 6) + granuleHigh * 2 ** 32;
    const serial = le32(bytes, pos + 14);
    const segments = bytes[pos + 26]!;
    if (pos + 27 + segments > bytes.length) {
      throw new AudioFileError(file, 'truncated: the file ends inside an Ogg page header');
    }
    let bodyLength = 0;
    for (let i = 0; i < segments; i++) bodyLength += bytes[pos + 27 + i]!;
    const body = pos + 27 + segments;
    if (body + bodyLength > bytes.length) {
      throw new AudioFileError(
        file,
        `truncated: the last Ogg page is cut off (${formatBytes(body + bodyLength - bytes.length)[0]} missing)`,
      );
    }

    if (oggCrc(bytes, pos, body + bodyLength) !== le32(bytes, pos + 22)) {
      throw new AudioFileError(file, `corrupt Ogg stream: the page at byte ${pos} fails its CRC check`);
    }

    if (headerType & 0x02) {
      if (open.size > 0) {
        throw new AudioFileError(file, 'unsupported Ogg file: several multiplexed streams (busmeter reads a single audio stream)');
      }
      const stream = identify(file, bytes.subarray(body, body + bodyLength));
      const first = streams[0];
      if (first && (stream.codec !== first.codec || stream.channels !== first.channels || stream.sampleRate !== first.sampleRate)) {
        throw new AudioFileError(file, 'unsupported Ogg file: chained streams change codec, channels or sample rate');
      }
      streams.push(stream);
      open.set(serial, stream);
    }
    const stream = open.get(serial);
    if (!stream) throw new AudioFileError(file, `corrupt Ogg stream: page of unknown stream at byte ${pos}`);
    if (granule >= 0) stream.lastGranule = granule;
    if (headerType & 0x04) {
      stream.ended = true;
      open.delete(serial);
    }
    pos = body + bodyLength;
  }
  if (streams.length === 0) throw new AudioFileError(file, 'corrupt Ogg stream: no pages');
  if (open.size > 0) throw new AudioFileError(file, 'truncated: the Ogg stream ends without its end-of-stream page');
  return streams;
}

export async function decodeOgg(bytes: Uint8Array, file: string): Promise<DecodedAudio> {
  const streams = scanOgg(file, bytes);
  const first = streams[0]!;
  checkChannelCount(file, first.channels);
  checkSampleRate(file, first.sampleRate);
  const frames = streams.reduce((n, s) => n + Math.max(0, s.lastGranule - s.preSkip), 0);
  const codec = first.codec === 'vorbis' ? 'Vorbis' : 'Opus';

  const out = await runDecoder(file, codec, async () => {
    if (first.codec === 'vorbis') {
      const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
      const decoder = new OggVorbisDecoder();
      try {
        await decoder.ready;
        return await decoder.decodeFile(bytes);
      } finally {
        decoder.free();
      }
    }
    const { OggOpusDecoder } = await import('ogg-opus-decoder');
    const decoder = new OggOpusDecoder();
    try {
      await decoder.ready;
      return await decoder.decodeFile(bytes);
    } finally {
      decoder.free();
    }
  });
  let channels = checkDecoded(file, out, { codec, channels: first.channels, sampleRate: first.sampleRate, frames });

  // The decoder leaves the header's output gain to the player; a meter must hear what a player plays.
  if (first.outputGainQ8 !== 0) {
    const gain = 10 ** (first.outputGainQ8 / 256 / 20);
    for (const channel of channels) for (let i = 0; i < channel.length; i++) channel[i]! *= gain;
  }

  const vorbisOrder = first.codec === 'vorbis' || first.mappingFamily === 1;
  let layout;
  if (vorbisOrder && first.channels <= 8) {
    channels = vorbisToWavOrder(channels);
    layout = definedLayoutForCount(first.channels);
  } else {
    // Opus family 0 is mono or stereo; families 2, 3 (ambisonics) and 255 define no speakers.
    layout = resolveLayout(first.channels);
  }
  return {
    sampleRate: first.sampleRate,
    layout,
    format: `ogg ${first.codec}`,
    frames: out.samplesDecoded,
    channels,
  };
}
