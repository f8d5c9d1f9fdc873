// FLAC through @wasm-audio-decoders/flac (libFLAC in WebAssembly), loaded only when a FLAC file
// is met. The STREAMINFO header is read here first, so rate and channel errors come before any
// decoding and the decoder's output can be checked against the declared length.

import { layoutFromChannelMask, definedLayoutForCount } from './channel-order.js';
import { checkDecoded, runDecoder } from './decoded-check.js';
import { AudioFileError } from './errors.js';
import { checkChannelCount, checkSampleRate } from './limits.js';
import { Md5 } from './md5.js';
import type { DecodedAudio } from './types.js';

export interface StreamInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** 0 when the encoder did not know (a streamed encode). */
  totalSamples: number;
  /** STREAMINFO's MD5 of the audio, or undefined when the encoder left it zero. */
  md5?: string;
  /** From the WAVEFORMATEXTENSIBLE_CHANNEL_MASK tag that `flac` writes for non-default WAV masks. */
  channelMask?: number;
}

const be24 = (b: Uint8Array, o: number) => (b[o]! << 16) | (b[o + 1]! << 8) | b[o + 2]!;
const le32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

/** `bytes` starts at "fLaC". */
export function readStreamInfo(file: string, bytes: Uint8Array): StreamInfo {
  // "fLaC", a 4-byte block header, then the 34-byte STREAMINFO (RFC 9639 §8.2).
  if (bytes.length < 42) throw new AudioFileError(file, 'truncated: the file ends inside the FLAC header');
  if ((bytes[4]! & 0x7f) !== 0) throw new AudioFileError(file, 'malformed FLAC file: STREAMINFO is not the first metadata block');
  const s = 8;
  const sampleRate = (bytes[s + 10]! << 12) | (bytes[s + 11]! << 4) | (bytes[s + 12]! >> 4);
  const channels = ((bytes[s + 12]! >> 1) & 0x7) + 1;
  const bitsPerSample = (((bytes[s + 12]! & 1) << 4) | (bytes[s + 13]! >> 4)) + 1;
  const totalLow = ((bytes[s + 14]! << 24) | (bytes[s + 15]! << 16) | (bytes[s + 16]! << 8) | bytes[s + 17]!) >>> 0;
  const totalSamples = (bytes[s + 13]! & 0x0f) * 2 ** 32 + totalLow;
  const md5Bytes = bytes.subarray(s + 18, s + 34);
  const md5 = md5Bytes.some((x) => x !== 0) ? Array.from(md5Bytes, (x) => x.toString(16).padStart(2, '0')).join('') : undefined;
  const info: StreamInfo = { sampleRate, channels, bitsPerSample, totalSamples, md5 };

  // Walk the remaining metadata blocks for a channel-mask tag in VORBIS_COMMENT.
  let o = 4;
  for (;;) {
    if (o + 4 > bytes.length) break;
    const last = (bytes[o]! & 0x80) !== 0;
    const type = bytes[o]! & 0x7f;
    const length = be24(bytes, o + 1);
    const body = o + 4;
    if (body + length > bytes.length) break;
    if (type === 4) info.channelMask = channelMaskTag(bytes.subarray(body, body + length));
    if (last || info.channelMask !== undefined) break;
    o = body + length;
  }
  return info;
}

function channelMaskTag(block: Uint8Array): number | undefined {
  const text = new TextDecoder();
  let o = 4 + le32(block, 0); // vendor string
  const count = le32(block, o);
  o += 4;
  for (let i = 0; i < count && o + 4 <= block.length; i++) {
    const length = le32(block, o);
    const comment = text.decode(block.subarray(o + 4, o + 4 + length));
    o += 4 + length;
    const match = /^WAVEFORMATEXTENSIBLE_CHANNEL_MASK=(0x[0-9a-f]+|\d+)$/i.exec(comment);
    if (match) return Number(match[1]);
  }
  return undefined;
}

export async function decodeFlac(bytes: Uint8Array, file: string): Promise<DecodedAudio> {
  const info = readStreamInfo(file, bytes);
  checkChannelCount(file, info.channels);
  checkSampleRate(file, info.sampleRate);

  const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
  const decoder = new FLACDecoder();
  try {
    const out = await runDecoder(file, 'FLAC', async () => {
      await decoder.ready;
      return decoder.decodeFile(bytes);
    });
    // Worded as the streaming decoder (stream.ts) words it, which stops at the first frame too many.
    if (info.totalSamples > 0 && out.errors.length === 0 && out.channelData.length === info.channels && out.sampleRate === info.sampleRate && out.samplesDecoded > info.totalSamples) {
      throw new AudioFileError(file, `corrupt: more than the ${info.totalSamples} frames STREAMINFO declares`);
    }
    const channels = checkDecoded(file, out, {
      codec: 'FLAC',
      channels: info.channels,
      sampleRate: info.sampleRate,
      frames: info.totalSamples > 0 ? info.totalSamples : undefined,
    });
    rescaleToFullScale(channels, info.bitsPerSample);
    const md5 = new FlacMd5(info.bitsPerSample);
    md5.update(channels);
    md5.check(file, info);
    return {
      sampleRate: info.sampleRate,
      // FLAC stores channels in WAV order already: only the labels need deciding.
      layout:
        info.channelMask !== undefined && info.channelMask !== 0
          ? layoutFromChannelMask(info.channelMask, info.channels)
          : definedLayoutForCount(info.channels),
      format: `flac ${info.bitsPerSample}-bit`,
      frames: out.samplesDecoded,
      channels,
    };
  } finally {
    decoder.free();
  }
}

/**
 * The decoder divides by 2^(bits−1) − 1 (32767 for 16-bit), so −32768 comes out as −1.00003 and
 * no value matches a WAV of the same samples. Up to 24 bits the float32 it returns is within a
 * quarter of an integer step of the original, so rounding recovers the integer exactly and it is
 * rescaled the way WAV is, by 1/2^(bits−1). (The lossless-round-trip test guards this against a
 * decoder update that changes its divisor.) Beyond 24 bits float32 cannot hold every integer
 * anyway: the scale alone is corrected.
 */
export function rescaleToFullScale(channels: Float32Array[], bits: number): void {
  const decoderScale = 2 ** (bits - 1) - 1;
  const fullScale = 2 ** (bits - 1);
  for (const channel of channels) {
    if (bits <= 24) {
      for (let i = 0; i < channel.length; i++) channel[i] = Math.round(channel[i]! * decoderScale) / fullScale;
    } else {
      const k = decoderScale / fullScale;
      for (let i = 0; i < channel.length; i++) channel[i]! *= k;
    }
  }
}

/**
 * STREAMINFO's MD5 signature of the audio (RFC 9639 §8.2: the samples interleaved, signed
 * little-endian, in whole bytes), recomputed from the decoded samples: a FLAC whose header or
 * frames were damaged in a way the frame CRCs do not catch still fails here. Samples must already
 * be rescaled to full scale (integer / 2^(bits−1)); above 24 bits float32 cannot hold them and the
 * check is skipped.
 */
export class FlacMd5 {
  private readonly hash = new Md5();
  private readonly width: number;
  private readonly scale: number;

  constructor(private readonly bits: number) {
    this.width = (bits + 7) >> 3;
    this.scale = 2 ** (bits - 1);
  }

  update(channels: readonly Float32Array[]): void {
    if (this.bits > 24) return;
    const frames = channels[0]?.length ?? 0;
    const n = channels.length;
    const out = new Uint8Array(frames * n * this.width);
    let p = 0;
    for (let i = 0; i < frames; i++) {
      for (let c = 0; c < n; c++) {
        let v = Math.round(channels[c]![i]! * this.scale);
        for (let k = 0; k < this.width; k++, v >>= 8) out[p++] = v & 0xff;
      }
    }
    this.hash.update(out);
  }

  check(file: string, info: StreamInfo): void {
    if (info.md5 === undefined || this.bits > 24) return;
    if (this.hash.hex() !== info.md5) {
      throw new AudioFileError(file, 'corrupt: the decoded audio does not match the MD5 signature in STREAMINFO');
    }
  }
}
