// WAV, RF64 and BW64 (EBU Tech 3306 / ITU-R BS.2088), read by hand: the format is small, and a
// meter must know exactly which integer became which float. Integer samples scale by
// 1 / 2^(bits−1) (so −32768 is exactly −1.0 and full-scale positive is just below 1.0), 8-bit
// samples are unsigned with 128 as zero, and float samples pass through untouched.

import { bytesSource, type ByteSource } from './byte-source.js';
import { layoutFromChannelMask } from './channel-order.js';
import { AudioFileError, formatBytes, formatSeconds } from './errors.js';
import { checkChannelCount, checkSampleRate } from './limits.js';
import type { AudioInfo, DecodedAudio } from './types.js';

export interface WavHeader extends AudioInfo {
  container: 'RIFF' | 'RF64' | 'BW64';
  encoding: 'pcm' | 'float';
  /** Container bits per sample: 8, 16, 24, 32 (PCM) or 32, 64 (float). */
  bitsPerSample: number;
  /** Bytes per frame. */
  blockAlign: number;
  /** Byte offset of the first sample frame in the file. */
  dataOffset: number;
}

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

// Named so that the error tells the user what the file actually holds (and which tool made it).
const CODEC_NAMES: Readonly<Record<number, string>> = {
  0x0002: 'MS ADPCM',
  0x0006: 'A-law',
  0x0007: 'µ-law',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG audio in WAV',
  0x0055: 'MP3 in WAV',
  0x00ff: 'AAC in WAV',
  0x0161: 'WMA',
  0x2000: 'AC-3 in WAV',
  0x2001: 'DTS in WAV',
};

// KSDATAFORMAT_SUBTYPE_xxx GUIDs are {tag}-0000-0010-8000-00aa00389b71: bytes 4…15 fixed.
const GUID_TAIL = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
// 64-bit sizes as numbers: exact up to 2^53 bytes, far beyond any file.
const u64 = (b: Uint8Array, o: number) => u32(b, o) + u32(b, o + 4) * 2 ** 32;
const fourCC = (b: Uint8Array, o: number) => String.fromCharCode(b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!);

function hex4(tag: number): string {
  return `0x${tag.toString(16).toUpperCase().padStart(4, '0')}`;
}

function guidString(b: Uint8Array): string {
  const h = (o: number, n: number) =>
    Array.from(b.subarray(o, o + n), (x) => x.toString(16).padStart(2, '0')).join('');
  const le = (o: number, n: number) =>
    Array.from(b.subarray(o, o + n))
      .reverse()
      .map((x) => x.toString(16).padStart(2, '0'))
      .join('');
  return `${le(0, 4)}-${le(4, 2)}-${le(6, 2)}-${h(8, 2)}-${h(10, 6)}`;
}

function unsupportedCodec(file: string, tag: number): AudioFileError {
  const name = CODEC_NAMES[tag];
  return new AudioFileError(file, `unsupported WAV codec ${hex4(tag)}${name ? ` (${name})` : ''}`);
}

interface FmtChunk {
  encoding: 'pcm' | 'float';
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
  channelMask: number;
}

function parseFmt(file: string, body: Uint8Array): FmtChunk {
  if (body.length < 16) {
    throw new AudioFileError(file, `malformed fmt chunk: ${body.length} bytes (at least 16 expected)`);
  }
  let tag = u16(body, 0);
  const channels = u16(body, 2);
  const sampleRate = u32(body, 4);
  const blockAlign = u16(body, 12);
  const bitsPerSample = u16(body, 14);
  let channelMask = 0;

  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    if (body.length < 40) {
      throw new AudioFileError(
        file,
        `malformed fmt chunk: WAVE_FORMAT_EXTENSIBLE needs 40 bytes, the chunk has ${body.length}`,
      );
    }
    channelMask = u32(body, 20);
    const guid = body.subarray(24, 40);
    if (!GUID_TAIL.every((x, i) => guid[4 + i] === x)) {
      throw new AudioFileError(file, `unsupported WAV codec: sub-format ${guidString(guid)}`);
    }
    tag = u32(guid, 0);
    // wValidBitsPerSample (offset 18) is deliberately unused: samples are left-justified in their
    // container, so scaling by the container size is right whatever the valid bits.
  }

  if (tag !== WAVE_FORMAT_PCM && tag !== WAVE_FORMAT_IEEE_FLOAT) throw unsupportedCodec(file, tag);
  const encoding = tag === WAVE_FORMAT_PCM ? 'pcm' : 'float';

  checkChannelCount(file, channels);
  checkSampleRate(file, sampleRate);

  if (encoding === 'pcm' && ![8, 16, 24, 32].includes(bitsPerSample)) {
    throw new AudioFileError(
      file,
      `unsupported bit depth: ${bitsPerSample}-bit PCM (expected 8, 16, 24 or 32)`,
    );
  }
  if (encoding === 'float' && bitsPerSample !== 32 && bitsPerSample !== 64) {
    throw new AudioFileError(file, `unsupported bit depth: ${bitsPerSample}-bit float (expected 32 or 64)`);
  }
  // Guessing the frame size when the header contradicts itself would scramble every sample.
  const expectedAlign = (channels * bitsPerSample) / 8;
  if (blockAlign !== expectedAlign) {
    throw new AudioFileError(
      file,
      `inconsistent fmt chunk: block align ${blockAlign} for ${channels} channels of ${bitsPerSample}-bit samples (expected ${expectedAlign})`,
    );
  }
  return { encoding, channels, sampleRate, blockAlign, bitsPerSample, channelMask };
}

/** True when the first bytes are a RIFF/RF64/BW64 WAVE header (or too few bytes to tell). */
export function looksLikeWav(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  const id = fourCC(head, 0);
  if (id !== 'RIFF' && id !== 'RF64' && id !== 'BW64') return false;
  return head.length < 12 || fourCC(head, 8) === 'WAVE';
}

/** A chunk id: four printable ASCII characters. */
function isChunkId(b: Uint8Array): boolean {
  return b.length === 4 && b.every((x) => x >= 0x20 && x <= 0x7e);
}

/**
 * The pad byte after an odd-sized chunk (RIFF requires it). Some writers leave it out: when the
 * byte after the chunk starts a chunk id and the byte after that does not, the pad is missing.
 */
function padAfter(src: ByteSource, end: number, size: number): number {
  if ((size & 1) === 0) return 0;
  if (end + 9 > src.size) return 1;
  const withPad = src.read(end + 1, 4);
  const withoutPad = src.read(end, 4);
  return !isChunkId(withPad) && isChunkId(withoutPad) ? 0 : 1;
}

/**
 * Walks the chunks of a WAV file and validates everything needed to decode it. Unknown chunks
 * (bext, LIST, iXML, JUNK, …) are skipped, honouring the pad byte after odd-sized chunks.
 */
export function parseWavHeader(src: ByteSource, file: string): WavHeader {
  if (src.size === 0) throw new AudioFileError(file, 'empty file');
  const head = src.read(0, 12);
  if (!looksLikeWav(head)) {
    throw new AudioFileError(file, 'not a recognised audio file (expected WAV, FLAC, MP3 or Ogg)');
  }
  if (head.length < 12) throw new AudioFileError(file, 'truncated: the file ends inside the WAV header');
  const container = fourCC(head, 0) as WavHeader['container'];
  const isRf64 = container !== 'RIFF';

  let fmt: FmtChunk | undefined;
  let data: { offset: number; declared: number } | undefined;
  // RF64: sizes that do not fit 32 bits are 0xFFFFFFFF in the chunk header and live in ds64.
  let ds64DataSize: number | undefined;
  const ds64Table = new Map<string, number>();

  let offset = 12;
  while (!(fmt && data)) {
    if (offset + 8 > src.size) {
      if (offset >= src.size) break;
      throw new AudioFileError(file, 'truncated: the file ends inside a chunk header');
    }
    const header = src.read(offset, 8);
    const id = fourCC(header, 0);
    const size32 = u32(header, 4);
    const bodyOffset = offset + 8;
    let size = size32;

    if (id === 'data') {
      if (size32 === 0xffffffff && isRf64) {
        if (ds64DataSize === undefined) {
          throw new AudioFileError(file, `malformed ${container} file: data size is in a ds64 chunk, which is missing`);
        }
        size = ds64DataSize;
      } else if (size32 === 0xffffffff) {
        // A writer that streamed the file and never came back to fill in the size: the data
        // runs to the end of the file.
        size = src.size - bodyOffset;
      }
      data = { offset: bodyOffset, declared: size };
    } else if (size32 === 0xffffffff && isRf64 && ds64Table.has(id)) {
      size = ds64Table.get(id)!;
    }

    if (id === 'ds64' || id === 'fmt ') {
      const body = src.read(bodyOffset, size);
      if (body.length < size) {
        const [declared, present] = formatBytes(size, body.length);
        throw new AudioFileError(file, `truncated: the '${id}' chunk declares ${declared} but only ${present} present`);
      }
      if (id === 'fmt ') {
        fmt = parseFmt(file, body);
      } else if (isRf64) {
        if (size < 28) throw new AudioFileError(file, `malformed ds64 chunk: ${size} bytes (at least 28 expected)`);
        ds64DataSize = u64(body, 8);
        const entries = u32(body, 24);
        for (let i = 0, o = 28; i < entries && o + 12 <= size; i++, o += 12) {
          ds64Table.set(fourCC(body, o), u64(body, o + 4));
        }
      }
    }
    offset = bodyOffset + size + padAfter(src, bodyOffset + size, size);
  }

  if (!fmt) throw new AudioFileError(file, "not a valid WAV file: no 'fmt ' chunk");
  if (!data) throw new AudioFileError(file, "not a valid WAV file: no 'data' chunk");

  const present = Math.max(0, Math.min(data.declared, src.size - data.offset));
  if (present < data.declared) {
    const missing = data.declared - present;
    const [declared, got, lost] = formatBytes(data.declared, present, missing);
    const seconds = formatSeconds(missing / (fmt.blockAlign * fmt.sampleRate));
    throw new AudioFileError(
      file,
      `truncated: data chunk declares ${declared} but only ${got} present (${lost} missing: ${seconds} of audio)`,
    );
  }

  const bits = fmt.bitsPerSample;
  return {
    container,
    encoding: fmt.encoding,
    bitsPerSample: bits,
    blockAlign: fmt.blockAlign,
    dataOffset: data.offset,
    sampleRate: fmt.sampleRate,
    layout: layoutFromChannelMask(fmt.channelMask, fmt.channels),
    format: `${container === 'RIFF' ? 'wav' : container.toLowerCase()} ${fmt.encoding} ${bits}-bit`,
    // A partial frame at the end is writer sloppiness, not missing audio: it is left out.
    frames: Math.floor(data.declared / fmt.blockAlign),
  };
}

/**
 * Decodes `frames` whole frames from `bytes` (which starts at a frame boundary) into
 * `out[c][outOffset …]`. One specialised loop per sample format keeps this fast for hour-long
 * files.
 */
export function decodeWavFrames(
  bytes: Uint8Array,
  header: WavHeader,
  out: Float32Array[],
  outOffset: number,
  frames: number,
): void {
  const channels = out.length;
  const stride = header.blockAlign;
  const width = header.bitsPerSample / 8;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let c = 0; c < channels; c++) {
    const dst = out[c]!;
    let p = c * width;
    let o = outOffset;
    const end = outOffset + frames;
    if (header.encoding === 'float') {
      if (width === 4) for (; o < end; o++, p += stride) dst[o] = view.getFloat32(p, true);
      else for (; o < end; o++, p += stride) dst[o] = view.getFloat64(p, true);
      continue;
    }
    switch (width) {
      case 1:
        for (; o < end; o++, p += stride) dst[o] = (bytes[p]! - 128) / 128;
        break;
      case 2:
        for (; o < end; o++, p += stride) dst[o] = (((bytes[p]! | (bytes[p + 1]! << 8)) << 16) >> 16) / 32768;
        break;
      case 3:
        for (; o < end; o++, p += stride) {
          dst[o] = (((bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16)) << 8) >> 8) / 8388608;
        }
        break;
      default:
        for (; o < end; o++, p += stride) {
          dst[o] = (bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24)) / 2147483648;
        }
    }
  }
}

/** Planar chunks of at most `chunkFrames` frames, read from `src` as they are needed. */
function* wavChunksFrom(
  src: ByteSource,
  header: WavHeader,
  chunkFrames: number,
  file = 'input',
): Generator<Float32Array[], void, undefined> {
  const channels = header.layout.labels.length;
  for (let start = 0; start < header.frames; start += chunkFrames) {
    const frames = Math.min(chunkFrames, header.frames - start);
    const bytes = src.read(header.dataOffset + start * header.blockAlign, frames * header.blockAlign);
    if (bytes.length < frames * header.blockAlign) {
      throw new AudioFileError(file, 'truncated: the file shrank while it was being read');
    }
    const out = Array.from({ length: channels }, () => new Float32Array(frames));
    decodeWavFrames(bytes, header, out, 0, frames);
    yield out;
  }
}

function checkChunkFrames(chunkFrames: number): void {
  if (!Number.isInteger(chunkFrames) || chunkFrames < 1) {
    throw new RangeError(`chunkFrames must be a positive integer, got ${chunkFrames}`);
  }
}

/** Decodes a whole WAV file held in memory. */
export function decodeWav(bytes: Uint8Array, file: string): DecodedAudio {
  const header = parseWavHeader(bytesSource(bytes), file);
  const channels = Array.from({ length: header.layout.labels.length }, () => new Float32Array(header.frames));
  decodeWavFrames(bytes.subarray(header.dataOffset), header, channels, 0, header.frames);
  return {
    sampleRate: header.sampleRate,
    layout: header.layout,
    format: header.format,
    frames: header.frames,
    channels,
  };
}

/**
 * Decodes a WAV file held in memory in planar chunks of at most `chunkFrames` frames, so that
 * a long file is never held as float all at once. The header is checked at the call, not at the
 * first iteration, so a bad file throws where the caller expects it.
 */
export function decodeWavChunks(
  bytes: Uint8Array,
  chunkFrames: number,
  nameForErrors = 'input',
): Generator<Float32Array[], void, undefined> {
  checkChunkFrames(chunkFrames);
  return wavChunksFrom(bytesSource(bytes), parseWavHeader(bytesSource(bytes), nameForErrors), chunkFrames, nameForErrors);
}

/** The header of a WAV file held in memory, validated, without decoding any samples. */
export function readWavInfo(bytes: Uint8Array, nameForErrors = 'input'): WavHeader {
  return parseWavHeader(bytesSource(bytes), nameForErrors);
}
