// Longer than 400 lines on purpose: every decoder's checks on fixtures made at test time by the same encoders.
// The decoder layer. WAV files are built in memory byte by byte, so every header field and every
// sample value is known exactly; FLAC, MP3 and Ogg fixtures are encoded at test time from
// synthesized WAVs by the Debian tools flac, lame, oggenc (vorbis-tools) and opusenc
// (opus-tools). A missing tool fails the test: a decoder that cannot be checked must not pass.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AudioFileError,
  decodeAudioBytes,
  decodeAudioFile,
  decodeWavChunks,
  detectAudioFormat,
  readWavInfo,
  type DecodedAudio,
} from '../src/offline/decode/index.js';
import { runDecoder } from '../src/offline/decode/decoded-check.js';
import { openAudioStream } from '../src/offline/decode/stream.js';
import { OGG_PIECE_BYTES } from '../src/offline/decode/ogg.js';
import { Md5 } from '../src/offline/decode/md5.js';
import { createHash } from 'node:crypto';
import { mulberry32 } from '../src/signals/noise.js';
import { accessError } from '../src/offline/decode/errors.js';

import { describeOfficial, ebuFile } from './support/ebu-test-set.js';
const NOT_AUDIO = 'not a recognised audio file (expected WAV, FLAC, MP3 or Ogg)';

// ---------------------------------------------------------------------------------------------
// A WAV writer for the tests: chunks are assembled by hand so that broken files can be too.

type Chunk = [id: string, body: Uint8Array];

function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function le(value: number, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let v = BigInt.asUintN(bytes * 8, BigInt(Math.trunc(value)));
  for (let i = 0; i < bytes; i++, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/** A chunk with its header and, after an odd-sized body, the pad byte. `size` overrides the declared size. */
function chunk(id: string, body: Uint8Array, size = body.length): Uint8Array {
  return concat(ascii(id), le(size, 4), body, body.length % 2 ? new Uint8Array(1) : new Uint8Array(0));
}

function riff(chunks: Uint8Array[], container = 'RIFF', riffSize?: number): Uint8Array {
  const body = concat(ascii('WAVE'), ...chunks);
  return concat(ascii(container), le(riffSize ?? body.length, 4), body);
}

interface FmtOptions {
  tag?: number;
  channels: number;
  sampleRate?: number;
  bits: number;
  blockAlign?: number;
  /** WAVE_FORMAT_EXTENSIBLE with this channel mask. */
  mask?: number;
  /** EXTENSIBLE sub-format tag (default: the PCM/float tag implied by `tag`). */
  subFormat?: number;
  guid?: Uint8Array;
}

function fmt(o: FmtOptions): Uint8Array {
  const sampleRate = o.sampleRate ?? 48000;
  const blockAlign = o.blockAlign ?? (o.channels * o.bits) / 8;
  const extensible = o.mask !== undefined || o.subFormat !== undefined || o.guid !== undefined;
  const tag = extensible ? 0xfffe : (o.tag ?? 1);
  const base = concat(
    le(tag, 2),
    le(o.channels, 2),
    le(sampleRate, 4),
    le(sampleRate * blockAlign, 4),
    le(blockAlign, 2),
    le(o.bits, 2),
  );
  if (!extensible) return base;
  const guid =
    o.guid ??
    concat(le(o.subFormat ?? o.tag ?? 1, 4), Uint8Array.of(0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71));
  return concat(base, le(22, 2), le(o.bits, 2), le(o.mask ?? 0, 4), guid);
}

type Encoding = 'pcm8' | 'pcm16' | 'pcm24' | 'pcm32' | 'float32' | 'float64';

const BITS: Record<Encoding, number> = { pcm8: 8, pcm16: 16, pcm24: 24, pcm32: 32, float32: 32, float64: 64 };

/** Interleaved sample bytes; PCM values are raw integers (8-bit unsigned), float values floats. */
function samples(encoding: Encoding, channels: readonly (readonly number[])[]): Uint8Array {
  const width = BITS[encoding] / 8;
  const frames = channels[0]!.length;
  const out = new Uint8Array(frames * channels.length * width);
  const view = new DataView(out.buffer);
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < channels.length; c++) {
      const at = (f * channels.length + c) * width;
      const v = channels[c]![f]!;
      if (encoding === 'float32') view.setFloat32(at, v, true);
      else if (encoding === 'float64') view.setFloat64(at, v, true);
      else out.set(le(v, width), at);
    }
  }
  return out;
}

/** Float → integer PCM code the way an encoder rounds it. */
function toPcm(v: number, bits: number): number {
  if (bits === 8) return Math.max(0, Math.min(255, Math.round(v * 128 + 128)));
  const scale = 2 ** (bits - 1);
  return Math.max(-scale, Math.min(scale - 1, Math.round(v * scale)));
}

interface WavOptions {
  encoding: Encoding;
  channels: readonly (readonly number[])[];
  sampleRate?: number;
  mask?: number;
  before?: Uint8Array[];
  between?: Uint8Array[];
  after?: Uint8Array[];
}

function wav(o: WavOptions): Uint8Array {
  const float = o.encoding.startsWith('float');
  const format = fmt({ tag: float ? 3 : 1, channels: o.channels.length, bits: BITS[o.encoding], sampleRate: o.sampleRate, mask: o.mask });
  return riff([
    ...(o.before ?? []),
    chunk('fmt ', format),
    ...(o.between ?? []),
    chunk('data', samples(o.encoding, o.channels)),
    ...(o.after ?? []),
  ]);
}

/** A synthesized programme: channel c is a sine of its own frequency and level. */
function tones(sampleRate: number, seconds: number, spec: readonly { hz: number; amplitude: number }[]): Float32Array[] {
  const frames = Math.round(sampleRate * seconds);
  return spec.map(({ hz, amplitude }) =>
    Float32Array.from({ length: frames }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate)),
  );
}

function pcmWav(channels: readonly Float32Array[], bits: 16 | 24, sampleRate: number, mask?: number): Uint8Array {
  return wav({
    encoding: bits === 16 ? 'pcm16' : 'pcm24',
    sampleRate,
    mask,
    channels: channels.map((c) => Array.from(c, (v) => toPcm(v, bits))),
  });
}

/** Sample-exact comparison (NaN equals NaN), reporting the first difference instead of whole arrays. */
function expectChannels(audio: DecodedAudio, expected: readonly (ArrayLike<number>)[]): void {
  expect(audio.channels.length).toBe(expected.length);
  expected.forEach((values, c) => {
    const got = audio.channels[c]!;
    expect(got.length, `channel ${c} length`).toBe(values.length);
    for (let i = 0; i < values.length; i++) {
      if (!Object.is(got[i], Math.fround(values[i]!))) {
        expect(got[i], `channel ${c}, frame ${i}`).toBe(Math.fround(values[i]!));
      }
    }
  });
}

async function expectProblem(promise: Promise<unknown> | (() => unknown), file: string, problem: string): Promise<void> {
  let caught: unknown;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AudioFileError);
  const error = caught as AudioFileError;
  expect(error.message).toBe(`${file}: ${problem}`);
  expect(error.file).toBe(file);
  expect(error.problem).toBe(problem);
}

/** RMS level in dB of the middle of a channel (away from codec start-up and end effects). */
function levelDb(channel: Float32Array): number {
  const from = Math.floor(channel.length * 0.25);
  const to = Math.floor(channel.length * 0.75);
  let sum = 0;
  for (let i = from; i < to; i++) sum += channel[i]! * channel[i]!;
  return 10 * Math.log10(sum / (to - from));
}

/** Frequency of a pure tone from its zero crossings over the middle half. */
function toneHz(channel: Float32Array, sampleRate: number): number {
  const from = Math.floor(channel.length * 0.25);
  const to = Math.floor(channel.length * 0.75);
  let crossings = 0;
  for (let i = from + 1; i < to; i++) if ((channel[i - 1]! < 0) !== (channel[i]! < 0)) crossings++;
  return (crossings / 2) * (sampleRate / (to - from));
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'busmeter-decode-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------

describe('WAV sample formats', () => {
  it('16-bit PCM scales by 1/32768: −32768 → −1.0, 32767 → 0.99997', async () => {
    const values = [-32768, -1, 0, 1, 32767, 12345];
    const audio = await decodeAudioBytes(wav({ encoding: 'pcm16', channels: [values] }), 'a.wav');
    expect(audio).toMatchObject({ sampleRate: 48000, frames: 6, format: 'wav pcm 16-bit' });
    expect(audio.layout.name).toBe('mono');
    expectChannels(audio, [values.map((v) => v / 32768)]);
    expect(audio.channels[0]![4]).toBe(Math.fround(32767 / 32768));
  });

  it('24-bit PCM: 0x7FFFFF → 8388607/8388608, −0x800000 → −1.0, sign extension of every byte pattern', async () => {
    const left = [0x7fffff, -0x800000, 1, -1, 0, 0x123456, -0x123456];
    const right = [-0x7fffff, 0x400000, -0x400000, 0x00ff00, -0x00ff00, 0x800, -0x800];
    const audio = await decodeAudioBytes(wav({ encoding: 'pcm24', channels: [left, right] }), 'a.wav');
    expect(audio.format).toBe('wav pcm 24-bit');
    expect(audio.layout.name).toBe('stereo');
    expectChannels(audio, [left.map((v) => v / 8388608), right.map((v) => v / 8388608)]);
    expect(audio.channels[0]![0]).toBe(8388607 / 8388608);
  });

  it('32-bit PCM scales by 1/2^31', async () => {
    const values = [2147483647, -2147483648, 1, -1, 0, 1 << 30, -(1 << 8)];
    const audio = await decodeAudioBytes(wav({ encoding: 'pcm32', channels: [values] }), 'a.wav');
    expect(audio.format).toBe('wav pcm 32-bit');
    expectChannels(audio, [values.map((v) => v / 2147483648)]);
    expect(audio.channels[0]![1]).toBe(-1);
  });

  it('8-bit PCM is unsigned around 128', async () => {
    const values = [0, 1, 127, 128, 129, 255];
    const audio = await decodeAudioBytes(wav({ encoding: 'pcm8', channels: [values] }), 'a.wav');
    expect(audio.format).toBe('wav pcm 8-bit');
    expectChannels(audio, [values.map((v) => (v - 128) / 128)]);
    expect(audio.channels[0]![0]).toBe(-1);
  });

  it('32-bit float passes through untouched: overs, NaN, ±Infinity, denormals', async () => {
    const values = [0.5, -1.5, 8, NaN, Infinity, -Infinity, 1e-40, -0];
    const audio = await decodeAudioBytes(wav({ encoding: 'float32', channels: [values, values.map((v) => -v)] }), 'a.wav');
    expect(audio.format).toBe('wav float 32-bit');
    expectChannels(audio, [values, values.map((v) => -v)]);
  });

  it('64-bit float is rounded to float32 and otherwise untouched', async () => {
    const values = [0.1, 2.5, NaN, -Infinity, 1e300, 1 / 3];
    const audio = await decodeAudioBytes(wav({ encoding: 'float64', channels: [values] }), 'a.wav');
    expect(audio.format).toBe('wav float 64-bit');
    expectChannels(audio, [values]);
    expect(audio.channels[0]![4]).toBe(Infinity);
  });

  it('WAVE_FORMAT_EXTENSIBLE with PCM and float sub-formats decodes channel by channel', async () => {
    const channels = Array.from({ length: 6 }, (_, c) => [c * 1000 + 1, -(c * 1000 + 2), c]);
    const pcm = riff([chunk('fmt ', fmt({ channels: 6, bits: 24, mask: 0x3f })), chunk('data', samples('pcm24', channels))]);
    const audio = await decodeAudioBytes(pcm, 'x.wav');
    expect(audio.format).toBe('wav pcm 24-bit');
    expect(audio.layout.name).toBe('5.1');
    expectChannels(audio, channels.map((c) => c.map((v) => v / 8388608)));

    const floats = [[0.25, NaN], [-0.5, 2]];
    const float = riff([chunk('fmt ', fmt({ tag: 3, channels: 2, bits: 32, mask: 0x3 })), chunk('data', samples('float32', floats))]);
    const audioF = await decodeAudioBytes(float, 'y.wav');
    expect(audioF.format).toBe('wav float 32-bit');
    expect(audioF.layout.name).toBe('stereo');
    expectChannels(audioF, floats);
  });

  it('EXTENSIBLE with fewer valid bits than the container scales by the container (samples are left-justified)', async () => {
    const body = fmt({ channels: 1, bits: 24, mask: 0x4 });
    body[18] = 20; // wValidBitsPerSample
    const audio = await decodeAudioBytes(riff([chunk('fmt ', body), chunk('data', samples('pcm24', [[0x7ffff0, -0x800000]]))]), 'v.wav');
    expectChannels(audio, [[0x7ffff0 / 8388608, -1]]);
  });

  it('an 18-byte fmt chunk (cbSize = 0) is read like a 16-byte one', async () => {
    const body = concat(fmt({ channels: 2, bits: 16 }), le(0, 2));
    const audio = await decodeAudioBytes(riff([chunk('fmt ', body), chunk('data', samples('pcm16', [[1, 2], [3, 4]]))]), 'b.wav');
    expectChannels(audio, [[1 / 32768, 2 / 32768], [3 / 32768, 4 / 32768]]);
  });

  it('a trailing partial frame is left out', async () => {
    const data = concat(samples('pcm16', [[100, 200], [300, 400]]), Uint8Array.of(1, 2));
    const audio = await decodeAudioBytes(riff([chunk('fmt ', fmt({ channels: 2, bits: 16 })), chunk('data', data)]), 'p.wav');
    expect(audio.frames).toBe(2);
    expectChannels(audio, [[100 / 32768, 200 / 32768], [300 / 32768, 400 / 32768]]);
  });

  it('an empty data chunk is zero frames, not an error', async () => {
    const audio = await decodeAudioBytes(riff([chunk('fmt ', fmt({ channels: 2, bits: 16 })), chunk('data', new Uint8Array(0))]), 'e.wav');
    expect(audio.frames).toBe(0);
    expect(audio.channels.map((c) => c.length)).toEqual([0, 0]);
  });
});

describe('WAV chunk walking', () => {
  const values = [[1000, -1000, 7], [-5, 5, 32767]];
  const expected = values.map((c) => c.map((v) => v / 32768));

  it('skips unknown chunks before, between and after, including odd-sized ones with their pad byte', async () => {
    const bytes = wav({
      encoding: 'pcm16',
      channels: values,
      before: [chunk('bext', new Uint8Array(602)), chunk('JUNK', new Uint8Array(27).fill(0xaa))],
      between: [chunk('LIST', ascii('INFOISFT\x05\x00\x00\x00test\x00')), chunk('odd ', Uint8Array.of(1, 2, 3))],
      after: [chunk('iXML', ascii('<x/>'))],
    });
    const audio = await decodeAudioBytes(bytes, 'c.wav');
    expectChannels(audio, expected);
  });

  it('an odd-sized chunk without its pad byte would misalign the walk: the pad byte is honoured, not guessed', async () => {
    // 'odd ' has 1 byte and its pad byte holds 'Z'; reading it as data would find no fmt.
    const odd = concat(ascii('odd '), le(1, 4), Uint8Array.of(9, 0x5a));
    const bytes = riff([odd, chunk('fmt ', fmt({ channels: 2, bits: 16 })), chunk('data', samples('pcm16', values))]);
    expectChannels(await decodeAudioBytes(bytes, 'd.wav'), expected);
  });

  it('takes the fmt chunk after the data chunk when a writer put it there', async () => {
    const bytes = riff([chunk('data', samples('pcm16', values)), chunk('fmt ', fmt({ channels: 2, bits: 16 }))]);
    expectChannels(await decodeAudioBytes(bytes, 'f.wav'), expected);
  });

  it('ignores a wrong RIFF size and trailing bytes after the chunks', async () => {
    const bytes = concat(riff([chunk('fmt ', fmt({ channels: 2, bits: 16 })), chunk('data', samples('pcm16', values))], 'RIFF', 4), Uint8Array.of(1, 2, 3));
    expectChannels(await decodeAudioBytes(bytes, 'g.wav'), expected);
  });

  it('a data size of 0xFFFFFFFF in plain RIFF (a streamed write) runs to the end of the file', async () => {
    const bytes = riff([chunk('fmt ', fmt({ channels: 2, bits: 16 })), concat(ascii('data'), le(0xffffffff, 4), samples('pcm16', values))]);
    expectChannels(await decodeAudioBytes(bytes, 'h.wav'), expected);
  });

  it.each(['RF64', 'BW64'])('%s takes the data size from ds64', async (container) => {
    const data = samples('pcm16', values);
    const ds64 = concat(le(0xffffffff, 8), le(data.length, 8), le(3, 8), le(0, 4));
    const bytes = riff(
      [chunk('ds64', ds64), chunk('fmt ', fmt({ channels: 2, bits: 16 })), concat(ascii('data'), le(0xffffffff, 4), data), chunk('LIST', new Uint8Array(8))],
      container,
      0xffffffff,
    );
    const audio = await decodeAudioBytes(bytes, 'r.wav');
    expect(audio.format).toBe(`${container.toLowerCase()} pcm 16-bit`);
    expectChannels(audio, expected);
  });
});

describe('WAV channel masks', () => {
  async function layoutOf(channels: number, mask: number | undefined) {
    const bytes = riff([chunk('fmt ', fmt({ channels, bits: 16, mask })), chunk('data', new Uint8Array(channels * 2))]);
    const { layout } = await decodeAudioBytes(bytes, 'm.wav');
    return { name: layout.name, labels: layout.labels.join(' '), weights: layout.weights };
  }

  it.each([
    ['0x3F', 6, '5.1', 'L R C LFE Ls Rs', [1, 1, 1, 0, 1.41, 1.41]],
    ['0x60F', 6, '5.1', 'L R C LFE Ls Rs', [1, 1, 1, 0, 1.41, 1.41]],
    ['0x63F', 8, '7.1', 'L R C LFE Lrs Rrs Lss Rss', [1, 1, 1, 0, 1, 1, 1.41, 1.41]],
    ['0x2D63F', 12, '7.1.4', 'L R C LFE Lrs Rrs Lss Rss Ltf Rtf Ltr Rtr', [1, 1, 1, 0, 1, 1, 1.41, 1.41, 1, 1, 1, 1]],
    ['0x2D03F', 10, '5.1.4', 'L R C LFE Ls Rs Ltf Rtf Ltr Rtr', [1, 1, 1, 0, 1.41, 1.41, 1, 1, 1, 1]],
    ['0x607', 5, '5.0', 'L R C Ls Rs', [1, 1, 1, 1.41, 1.41]],
    ['0x3', 2, 'stereo', 'L R', [1, 1]],
    ['0x4', 1, 'mono', 'M', [1]],
    ['0x7', 3, '3.0', 'L R C', [1, 1, 1]],
    ['0x33', 4, 'custom', 'L R Ls Rs', [1, 1, 1.41, 1.41]],
    ['0x70F', 7, 'custom', 'L R C LFE Cs Ls Rs', [1, 1, 1, 0, 1, 1.41, 1.41]],
    ['0xFF', 8, 'custom', 'L R C LFE Ls Rs Lc Rc', [1, 1, 1, 0, 1.41, 1.41, 1, 1]],
    ['0x3F', 2, 'stereo', 'L R', [1, 1]], // more bits than channels: the first ones count
    ['0x3', 4, 'custom', 'L R 3 4', [1, 1, 1, 1]], // fewer bits than channels: the rest weigh 1
    ['0x100000', 1, 'custom', '1', [1]], // a reserved bit names no speaker
    ['0x2800', 2, 'custom', 'T Ctf', [1, 1]],
  ])('mask %s with %i channels → %s (%s)', async (mask, channels, name, labels, weights) => {
    expect(await layoutOf(channels, Number(mask))).toEqual({ name, labels, weights });
  });

  it.each([
    [1, 'mono', 'M'],
    [2, 'stereo', 'L R'],
    [5, '5.0', 'L R C Ls Rs'],
    [6, '5.1', 'L R C LFE Ls Rs'],
    [8, '7.1', 'L R C LFE Lrs Rrs Lss Rss'],
    [12, '7.1.4', 'L R C LFE Lrs Rrs Lss Rss Ltf Rtf Ltr Rtr'],
    [3, '3 channels', '1 2 3'],
  ])('no mask (or mask 0), %i channels → %s', async (channels, name, labels) => {
    expect(await layoutOf(channels, undefined)).toMatchObject({ name, labels });
    expect(await layoutOf(channels, 0)).toMatchObject({ name, labels });
  });
});

describe('WAV in chunks', () => {
  const left = Array.from({ length: 10 }, (_, i) => i * 100 - 500);
  const right = left.map((v) => 0 - v * 3 || 0); // no −0: PCM has none
  const bytes = wav({ encoding: 'pcm16', channels: [left, right], before: [chunk('odd ', Uint8Array.of(1))] });

  it('decodeWavChunks yields chunkFrames-sized planar pieces that join to the whole', async () => {
    const whole = await decodeAudioBytes(bytes, 'w.wav');
    const pieces = [...decodeWavChunks(bytes, 3, 'w.wav')];
    expect(pieces.map((p) => p[0]!.length)).toEqual([3, 3, 3, 1]);
    for (let c = 0; c < 2; c++) {
      expect(Array.from(pieces.flatMap((p) => Array.from(p[c]!)))).toEqual(Array.from(whole.channels[c]!));
    }
    expect(readWavInfo(bytes, 'w.wav')).toMatchObject({ frames: 10, sampleRate: 48000, blockAlign: 4, format: 'wav pcm 16-bit' });
  });

  it('decodeWavChunks checks the header at the call, before any iteration', async () => {
    expect(() => decodeWavChunks(Uint8Array.of(1, 2, 3), 3, 'z.wav')).toThrow(new AudioFileError('z.wav', NOT_AUDIO));
    expect(() => decodeWavChunks(bytes, 0)).toThrow(new RangeError('chunkFrames must be a positive integer, got 0'));
  });
});

describe('format detection', () => {
  it.each([
    ['RIFF....WAVE', 'wav'],
    ['RF64....WAVE', 'wav'],
    ['fLaC....', 'flac'],
    ['OggS....', 'ogg'],
    ['RIFF....AVI ', undefined],
    ['hello, world', undefined],
  ])('%s → %s', (text, format) => {
    expect(detectAudioFormat(ascii(text))).toBe(format);
  });

  it('MPEG frame sync at the start, or after an ID3v2 tag; FLAC after an ID3v2 tag', () => {
    // MPEG-1 layer III, 128 kbit/s, 44.1 kHz, no padding: 417-byte frames.
    const frame = concat(Uint8Array.of(0xff, 0xfb, 0x90, 0x64), new Uint8Array(413));
    const id3 = concat(ascii('ID3'), Uint8Array.of(3, 0, 0, 0, 0, 0, 4), new Uint8Array(4));
    expect(detectAudioFormat(concat(frame, frame))).toBe('mpeg');
    expect(detectAudioFormat(concat(id3, frame, frame))).toBe('mpeg');
    // After a tag, one header-like pair of bytes alone is not taken for audio.
    expect(detectAudioFormat(concat(id3, frame.subarray(0, 4), new Uint8Array(600)))).toBe(undefined);
    expect(detectAudioFormat(concat(id3, ascii('fLaC')))).toBe('flac');
    expect(detectAudioFormat(Uint8Array.of(0xff, 0xf1, 0x50, 0x80))).toBe(undefined); // AAC ADTS, not MPEG audio
  });
});

describe('errors', () => {
  const ok = (o: Partial<FmtOptions> = {}) => fmt({ channels: 2, bits: 16, ...o });
  const file = (f: Uint8Array, data = new Uint8Array(8)) => riff([chunk('fmt ', f), chunk('data', data)]);

  it('file not found, directory, empty file', async () => {
    await expectProblem(decodeAudioFile(join(dir, 'missing.wav')), join(dir, 'missing.wav'), 'file not found');
    await expectProblem(openAudioStream(join(dir, 'missing.wav')), join(dir, 'missing.wav'), 'file not found');
    const sub = join(dir, 'folder.wav');
    mkdirSync(sub, { recursive: true });
    await expectProblem(decodeAudioFile(sub), sub, 'is a directory, not an audio file');
    const empty = join(dir, 'empty.wav');
    writeFileSync(empty, new Uint8Array(0));
    await expectProblem(decodeAudioFile(empty), empty, 'empty file');
    await expectProblem(decodeAudioBytes(new Uint8Array(0), 'mem'), 'mem', 'empty file');
  });

  it('unreadable file: the errno becomes a plain problem', () => {
    // Tests run as root in CI, where no file is unreadable: the mapping is checked directly.
    const errno = (code: string) => Object.assign(new Error(`${code}: x`), { code });
    expect(accessError('a.wav', errno('EACCES'))).toEqual(new AudioFileError('a.wav', 'cannot read file: permission denied'));
    expect(accessError('a.wav', errno('EPERM'))).toEqual(new AudioFileError('a.wav', 'cannot read file: permission denied'));
    expect(accessError('a.wav', errno('ENOENT'))).toEqual(new AudioFileError('a.wav', 'file not found'));
    expect(accessError('a.wav', errno('EIO'))).toEqual(new AudioFileError('a.wav', 'cannot read file: EIO: x'));
  });

  it('not audio', async () => {
    await expectProblem(decodeAudioBytes(ascii('Hello, this is a text file.\n'), 'notes.txt'), 'notes.txt', NOT_AUDIO);
    await expectProblem(decodeAudioBytes(concat(ascii('RIFF'), le(4, 4), ascii('AVI ')), 'v.avi'), 'v.avi', NOT_AUDIO);
    const path = join(dir, 'text.mp3');
    writeFileSync(path, 'not an mp3 at all');
    await expectProblem(decodeAudioFile(path), path, NOT_AUDIO);
  });

  it('truncated data chunk: names how much is missing', async () => {
    const declared = 1_200_000;
    const bytes = riff([chunk('fmt ', ok()), concat(ascii('data'), le(declared, 4), new Uint8Array(400_000))]);
    const problem = 'truncated: data chunk declares 1.2 MB but only 0.4 MB present (0.8 MB missing: 4.2 s of audio)';
    await expectProblem(decodeAudioBytes(bytes, 'cut.wav'), 'cut.wav', problem);
    const path = join(dir, 'cut.wav');
    writeFileSync(path, bytes);
    await expectProblem(decodeAudioFile(path), path, problem);

    const small = riff([chunk('fmt ', ok()), concat(ascii('data'), le(40, 4), new Uint8Array(10))]);
    await expectProblem(decodeAudioBytes(small, 's.wav'), 's.wav', 'truncated: data chunk declares 40 bytes but only 10 bytes present (30 bytes missing: 0.2 ms of audio)');
  });

  it('truncated header, fmt chunk or chunk header', async () => {
    await expectProblem(decodeAudioBytes(ascii('RIFF\x10\x00'), 't.wav'), 't.wav', 'truncated: the file ends inside the WAV header');
    const whole = file(ok());
    await expectProblem(decodeAudioBytes(whole.subarray(0, 20 + 10), 't.wav'), 't.wav', "truncated: the 'fmt ' chunk declares 16 bytes but only 10 bytes present");
    await expectProblem(decodeAudioBytes(whole.subarray(0, 12 + 8 + 16 + 5), 't.wav'), 't.wav', 'truncated: the file ends inside a chunk header');
  });

  it('missing chunks and malformed fmt', async () => {
    await expectProblem(decodeAudioBytes(riff([chunk('data', new Uint8Array(4))]), 'n.wav'), 'n.wav', "not a valid WAV file: no 'fmt ' chunk");
    await expectProblem(decodeAudioBytes(riff([chunk('fmt ', ok())]), 'n.wav'), 'n.wav', "not a valid WAV file: no 'data' chunk");
    await expectProblem(decodeAudioBytes(file(new Uint8Array(14)), 'n.wav'), 'n.wav', 'malformed fmt chunk: 14 bytes (at least 16 expected)');
    const shortExt = concat(ok().subarray(0, 16), le(0, 2));
    shortExt[0] = 0xfe;
    shortExt[1] = 0xff;
    await expectProblem(decodeAudioBytes(file(shortExt), 'n.wav'), 'n.wav', 'malformed fmt chunk: WAVE_FORMAT_EXTENSIBLE needs 40 bytes, the chunk has 18');
    await expectProblem(decodeAudioBytes(file(ok({ blockAlign: 6 })), 'n.wav'), 'n.wav', 'inconsistent fmt chunk: block align 6 for 2 channels of 16-bit samples (expected 4)');
    const rf64 = riff([chunk('fmt ', ok()), concat(ascii('data'), le(0xffffffff, 4), new Uint8Array(8))], 'RF64');
    await expectProblem(decodeAudioBytes(rf64, 'n.wav'), 'n.wav', 'malformed RF64 file: data size is in a ds64 chunk, which is missing');
  });

  it('channel counts: 0 and more than 16', async () => {
    await expectProblem(decodeAudioBytes(file(ok({ channels: 0, blockAlign: 0 })), 'c.wav'), 'c.wav', '0 channels: nothing to measure');
    await expectProblem(decodeAudioBytes(file(ok({ channels: 17 })), 'c.wav'), 'c.wav', '17 channels: busmeter measures at most 16');
    // 16 is the limit, not beyond it.
    const sixteen = await decodeAudioBytes(file(ok({ channels: 16 }), new Uint8Array(64)), 'c.wav');
    expect(sixteen.channels.length).toBe(16);
    expect(sixteen.layout.name).toBe('16 channels');
  });

  it.each([
    [2, 'unsupported WAV codec 0x0002 (MS ADPCM)'],
    [6, 'unsupported WAV codec 0x0006 (A-law)'],
    [7, 'unsupported WAV codec 0x0007 (µ-law)'],
    [0x11, 'unsupported WAV codec 0x0011 (IMA ADPCM)'],
    [0x55, 'unsupported WAV codec 0x0055 (MP3 in WAV)'],
    [0x1234, 'unsupported WAV codec 0x1234'],
  ])('codec %i', async (tag, problem) => {
    await expectProblem(decodeAudioBytes(file(ok({ tag, bits: 4, blockAlign: 1 })), 'k.wav'), 'k.wav', problem);
    // The same tag as an EXTENSIBLE sub-format reads the same.
    await expectProblem(decodeAudioBytes(file(ok({ subFormat: tag, mask: 3 })), 'k.wav'), 'k.wav', problem);
  });

  it('an EXTENSIBLE sub-format that is no format tag (ambisonic B-format) is named by its GUID', async () => {
    const guid = concat(le(1, 4), le(0x0721, 2), le(0x11d3, 2), Uint8Array.of(0x86, 0x44, 0xc8, 0xc1, 0xca, 0x00, 0x00, 0x00));
    await expectProblem(decodeAudioBytes(file(ok({ guid, mask: 0 })), 'b.wav'), 'b.wav', 'unsupported WAV codec: sub-format 00000001-0721-11d3-8644-c8c1ca000000');
  });

  it.each([
    [1, 12, 'unsupported bit depth: 12-bit PCM (expected 8, 16, 24 or 32)'],
    [1, 20, 'unsupported bit depth: 20-bit PCM (expected 8, 16, 24 or 32)'],
    [3, 16, 'unsupported bit depth: 16-bit float (expected 32 or 64)'],
    [3, 24, 'unsupported bit depth: 24-bit float (expected 32 or 64)'],
  ])('format %i, %i bits', async (tag, bits, problem) => {
    await expectProblem(decodeAudioBytes(file(ok({ tag, bits, blockAlign: 4 })), 'd.wav'), 'd.wav', problem);
  });

  it.each([0, 7999, 384001, 4294967295])('sample rate %i Hz', async (rate) => {
    await expectProblem(
      decodeAudioBytes(file(ok({ sampleRate: rate })), 'r.wav'),
      'r.wav',
      `sample rate ${rate} Hz is out of range (busmeter accepts 8000 to 384000 Hz)`,
    );
  });

  it('8000 and 384000 Hz are accepted', async () => {
    expect((await decodeAudioBytes(file(ok({ sampleRate: 8000 })), 'r.wav')).sampleRate).toBe(8000);
    expect((await decodeAudioBytes(file(ok({ sampleRate: 384000 })), 'r.wav')).sampleRate).toBe(384000);
  });

  it('a decoder package that throws is reported with the file name, the cause kept', async () => {
    const cause = new Error('Offset is outside the bounds of the DataView');
    let caught: unknown;
    try {
      await runDecoder('song.ogg', 'Vorbis', () => {
        throw cause;
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toEqual(new AudioFileError('song.ogg', 'Vorbis decoder failed: Offset is outside the bounds of the DataView'));
    expect((caught as AudioFileError).cause).toBe(cause);
  });

  it('messages are one line even when a cause has several', () => {
    expect(new AudioFileError('f', 'decoder failed: a\n  b').message).toBe('f: decoder failed: a b');
  });
});

describeOfficial('EBU test set, read in place', () => {
  async function ebu(name: string): Promise<DecodedAudio> {
    const path = ebuFile(name);
    expect(existsSync(path), `${path} must exist`).toBe(true);
    return decodeAudioFile(path);
  }

  function peak(audio: DecodedAudio): number {
    let p = 0;
    for (const c of audio.channels) for (const v of c) p = Math.max(p, Math.abs(v));
    return p;
  }

  it('seq-3341-1-16bit.wav: 48 kHz stereo, samples exactly as stored, a −23 LUFS sine peak', async () => {
    const audio = await ebu('seq-3341-1-16bit.wav');
    expect(audio).toMatchObject({ sampleRate: 48000, format: 'wav pcm 16-bit' });
    expect(audio.layout.name).toBe('stereo');
    expect(audio.frames).toBe(audio.channels[0]!.length);
    expect(audio.frames / 48000).toBeGreaterThan(10);
    // A 1 kHz sine in both channels at −23 LUFS: the K-weighting gain at 1 kHz (+0.69 dB) and the
    // −0.691 of BS.1770 cancel, the two channels add 3 dB and a sine's peak is 3 dB above its
    // mean square, so it peaks at −23 dBFS.
    expect(Math.abs(20 * Math.log10(peak(audio)) + 23)).toBeLessThan(0.1);
    // Check against an independent read of the 16-bit values.
    const raw = readFileSync(ebuFile('seq-3341-1-16bit.wav'));
    const dataAt = raw.indexOf('data') + 8;
    for (const f of [0, 1, 12345, audio.frames - 1]) {
      expect(audio.channels[0]![f]).toBe(raw.readInt16LE(dataAt + f * 4) / 32768);
      expect(audio.channels[1]![f]).toBe(raw.readInt16LE(dataAt + f * 4 + 2) / 32768);
    }
  });

  it.each(['seq-3341-12-24bit.wav', 'seq-3341-20-24bit.wav.wav'])('%s: 48 kHz stereo 24-bit, plausible peak', async (name) => {
    const audio = await ebu(name);
    expect(audio).toMatchObject({ sampleRate: 48000, format: 'wav pcm 24-bit' });
    expect(audio.layout.name).toBe('stereo');
    const p = peak(audio);
    expect(p).toBeGreaterThan(0.01);
    expect(p).toBeLessThanOrEqual(1);
    const raw = readFileSync(ebuFile(name));
    const dataAt = raw.indexOf('data') + 8;
    for (const f of [0, 4800, audio.frames - 1]) {
      expect(audio.channels[1]![f]).toBe(raw.readIntLE(dataAt + f * 6 + 3, 3) / 8388608);
    }
  });

  it('decodeAudioFile and decodeAudioBytes agree on an EBU file', async () => {
    const path = ebuFile('seq-3341-2-16bit.wav');
    const fromFile = await decodeAudioFile(path);
    const fromBytes = await decodeAudioBytes(readFileSync(path), path);
    expect(fromBytes.frames).toBe(fromFile.frames);
    expect(Buffer.from(fromBytes.channels[0]!.buffer).equals(Buffer.from(fromFile.channels[0]!.buffer))).toBe(true);
    expect(Buffer.from(fromBytes.channels[1]!.buffer).equals(Buffer.from(fromFile.channels[1]!.buffer))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Compressed formats, encoded at test time.

function encode(tool: string, args: string[]): void {
  try {
    execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === 'ENOENT') throw new Error(`${tool} is not installed (Debian packages: flac, lame, vorbis-tools, opus-tools)`);
    throw new Error(`${tool} ${args.join(' ')} failed: ${e.stderr?.toString() ?? e.message}`);
  }
}

/** Writes `wavBytes` to the temp dir, encodes it with `tool`, returns the encoded bytes and path. */
function encoded(name: string, wavBytes: Uint8Array, tool: 'flac' | 'lame' | 'oggenc' | 'opusenc', extra: string[] = []) {
  const source = join(dir, `${name}.wav`);
  const target = join(dir, name);
  writeFileSync(source, wavBytes);
  const args: Record<typeof tool, string[]> = {
    flac: ['--silent', '--force', ...extra, '-o', target, source],
    lame: ['--quiet', ...extra, source, target],
    oggenc: ['--quiet', ...extra, '-o', target, source],
    opusenc: ['--quiet', ...extra, source, target],
  };
  encode(tool, args[tool]);
  return { path: target, bytes: new Uint8Array(readFileSync(target)) };
}

/** Ogg page CRC (polynomial 0x04C11DB7, no reflection), for patching headers in a test: bit by bit, apart from src/offline/decode/ogg-crc.ts's table, so a fault there cannot pass unseen. */
function oggCrc(page: Uint8Array): number {
  let crc = 0;
  for (const byte of page) {
    crc ^= byte << 24;
    for (let k = 0; k < 8; k++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  return crc >>> 0;
}

interface OggTestPage {
  /** The page's first 26 bytes (capture pattern to CRC; the CRC is redone by oggPage). */
  header: Uint8Array;
  bytes: Uint8Array;
  /** The packets that start on the page; the last may go on to the next page (lastContinues). */
  packets: Uint8Array[];
  continued: boolean;
  lastContinues: boolean;
}

/** The pages of a single-stream Ogg file, each with its packets (RFC 3533 §6: lacing values). */
function oggPages(bytes: Uint8Array): OggTestPage[] {
  const pages: OggTestPage[] = [];
  for (let at = 0; at < bytes.length; ) {
    const segments = bytes[at + 26]!;
    const lacing = bytes.subarray(at + 27, at + 27 + segments);
    const body = at + 27 + segments;
    const packets: Uint8Array[] = [];
    let start = 0;
    let offset = 0;
    lacing.forEach((lace, k) => {
      offset += lace;
      if (lace < 255 || k === segments - 1) {
        packets.push(bytes.subarray(body + start, body + offset));
        start = offset;
      }
    });
    const end = body + offset;
    pages.push({ header: bytes.subarray(at, at + 26), bytes: bytes.subarray(at, end), packets, continued: (bytes[at + 5]! & 1) === 1, lastContinues: lacing[segments - 1] === 255 });
    at = end;
  }
  return pages;
}

/** A page with `header`'s fields and these packets, its CRC computed. */
function oggPage(header: Uint8Array, packets: Uint8Array[], lastContinues: boolean): Uint8Array {
  const lacing = packets.flatMap((p, k) => {
    const full = Array<number>(Math.floor(p.length / 255)).fill(255);
    return k === packets.length - 1 && lastContinues ? full : [...full, p.length % 255];
  });
  expect(lacing.length).toBeLessThanOrEqual(255);
  const page = Buffer.concat([header, Uint8Array.of(lacing.length), Uint8Array.from(lacing), ...packets]);
  page.set(le(0, 4), 22);
  page.set(le(oggCrc(page), 4), 22);
  return page;
}

function lastPageStart(bytes: Uint8Array): number {
  return Buffer.from(bytes).lastIndexOf('OggS');
}

// Distinct level and frequency per channel, in WAV order; the LFE tone is low enough to survive
// the encoders' LFE low-pass.
const SURROUND = [
  { hz: 440, amplitude: 0.5 },
  { hz: 550, amplitude: 0.25 },
  { hz: 660, amplitude: 0.125 },
  { hz: 50, amplitude: 0.35 },
  { hz: 770, amplitude: 0.177 },
  { hz: 880, amplitude: 0.088 },
];

describe('FLAC', () => {
  it('16-bit stereo decodes losslessly, identical to the source WAV', async () => {
    const source = pcmWav(tones(44100, 1, [{ hz: 1000, amplitude: 0.9 }, { hz: 300, amplitude: 0.3 }]), 16, 44100);
    const { path } = encoded('s16.flac', source, 'flac');
    const flac = await decodeAudioFile(path);
    const reference = await decodeAudioBytes(source, 'src.wav');
    expect(flac).toMatchObject({ sampleRate: 44100, frames: 44100, format: 'flac 16-bit' });
    expect(flac.layout.name).toBe('stereo');
    expectChannels(flac, reference.channels);
  });

  it('24-bit 5.1 decodes losslessly in WAV order with 5.1 labels', async () => {
    const source = pcmWav(tones(48000, 0.5, SURROUND), 24, 48000, 0x3f);
    const { bytes } = encoded('s51.flac', source, 'flac');
    const flac = await decodeAudioBytes(bytes, 's51.flac');
    const reference = await decodeAudioBytes(source, 'src.wav');
    expect(flac).toMatchObject({ sampleRate: 48000, frames: 24000, format: 'flac 24-bit' });
    expect(flac.layout).toEqual(reference.layout);
    expect(flac.layout.labels).toEqual(['L', 'R', 'C', 'LFE', 'Ls', 'Rs']);
    expectChannels(flac, reference.channels);
  });

  it.each([
    [16, 'pcm16', [-32768, 32767, -1, 1, -16384, 16384, 0, -32767]],
    [24, 'pcm24', [-8388608, 8388607, -1, 1, -4194304, 4194304, 0, -8388607, 8388606, -8388605]],
  ] as const)('%i-bit full-scale extremes come back scaled exactly as WAV scales them', async (bits, encoding, values) => {
    const repeated = Array.from({ length: 4000 }, (_, i) => values[i % values.length]!);
    const { bytes } = encoded(`ext${bits}.flac`, wav({ encoding, channels: [repeated] }), 'flac');
    const flac = await decodeAudioBytes(bytes, 'ext.flac');
    expect(flac.format).toBe(`flac ${bits}-bit`);
    expectChannels(flac, [repeated.map((v) => v / 2 ** (bits - 1))]);
    expect(flac.channels[0]![0]).toBe(-1);
  });

  it('a non-default WAV mask survives through the WAVEFORMATEXTENSIBLE_CHANNEL_MASK tag', async () => {
    // 4 channels default to quad (L R Ls Rs); 0x107 is L R C Cs, with no 1.41 surrounds.
    const source = pcmWav(tones(48000, 0.1, SURROUND.slice(0, 4)), 16, 48000, 0x107);
    const flac = await decodeAudioBytes(encoded('m107.flac', source, 'flac', ['--channel-map=none']).bytes, 'm107.flac');
    expect(flac.layout).toEqual({ name: 'custom', labels: ['L', 'R', 'C', 'Cs'], weights: [1, 1, 1, 1] });
    const quad = await decodeAudioBytes(encoded('quad.flac', pcmWav(tones(48000, 0.1, SURROUND.slice(0, 4)), 16, 48000), 'flac', ['--channel-map=none']).bytes, 'quad.flac');
    expect(quad.layout).toEqual({ name: 'custom', labels: ['L', 'R', 'Ls', 'Rs'], weights: [1, 1, 1.41, 1.41] });
  });

  it('a file cut short is an error, not a shorter programme', async () => {
    const source = pcmWav(tones(48000, 1, [{ hz: 1000, amplitude: 0.5 }]), 16, 48000);
    const { bytes } = encoded('cut.flac', source, 'flac', ['--blocksize=4096']);
    // Cut where frame 4 starts: its header is sync FF F8, 4096 frames at 48 kHz (CA), mono 16-bit
    // (08), frame number 4 — specific enough not to be found inside compressed data.
    const frame4 = Buffer.from(bytes).indexOf(Buffer.of(0xff, 0xf8, 0xca, 0x08, 0x04));
    expect(frame4).toBeGreaterThan(0);
    await expectProblem(decodeAudioBytes(bytes.subarray(0, frame4), 'cut.flac'), 'cut.flac', 'corrupt or truncated: decoded 16384 frames, the stream declares 48000');
    // Cut inside a frame: the partial frame is not decoded either.
    await expectProblem(decodeAudioBytes(bytes.subarray(0, frame4 + 100), 'cut.flac'), 'cut.flac', 'corrupt or truncated: decoded 16384 frames, the stream declares 48000');
  });

  it('frames replaced by zeros: no audio is an error', async () => {
    const source = pcmWav(tones(48000, 0.2, [{ hz: 1000, amplitude: 0.5 }]), 16, 48000);
    const { bytes } = encoded('zero.flac', source, 'flac', ['--no-padding', '--no-seektable']);
    const broken = bytes.slice();
    broken.fill(0, 42 + 40); // keep STREAMINFO (and a bit), zero the rest
    await expectProblem(decodeAudioBytes(broken, 'zero.flac'), 'zero.flac', 'FLAC decoder produced no audio (corrupt stream?)');
  });

  it('a header cut off', async () => {
    await expectProblem(decodeAudioBytes(concat(ascii('fLaC'), new Uint8Array(20)), 'h.flac'), 'h.flac', 'truncated: the file ends inside the FLAC header');
  });
});

describe('MP3', () => {
  it('stereo 44.1 kHz: rate, channels, gapless length and level within 0.5 dB', async () => {
    const pcm = tones(44100, 2, [{ hz: 1000, amplitude: 0.5 }, { hz: 440, amplitude: 0.25 }]);
    const { path } = encoded('st.mp3', pcmWav(pcm, 16, 44100), 'lame', ['-b', '192']);
    const mp3 = await decodeAudioFile(path);
    expect(mp3).toMatchObject({ sampleRate: 44100, frames: 88200, format: 'mp3' });
    expect(mp3.layout.name).toBe('stereo');
    expect(Math.abs(levelDb(mp3.channels[0]!) - levelDb(pcm[0]!))).toBeLessThan(0.5);
    expect(Math.abs(levelDb(mp3.channels[1]!) - levelDb(pcm[1]!))).toBeLessThan(0.5);
  });

  it('a mono file is one channel (the decoder duplicates it; two copies would read 3 dB loud)', async () => {
    const pcm = tones(48000, 1, [{ hz: 1000, amplitude: 0.5 }]);
    const { bytes } = encoded('mono.mp3', pcmWav(pcm, 16, 48000), 'lame', ['-m', 'm', '-b', '128', '--add-id3v2', '--tt', 'title']);
    const mp3 = await decodeAudioBytes(bytes, 'mono.mp3');
    expect(mp3).toMatchObject({ sampleRate: 48000, frames: 48000, format: 'mp3' });
    expect(mp3.layout.name).toBe('mono');
    expect(mp3.channels.length).toBe(1);
    expect(Math.abs(levelDb(mp3.channels[0]!) - levelDb(pcm[0]!))).toBeLessThan(0.5);
  });

  it('an ID3v1 tag at the end, or junk between frames, is not taken for truncation', async () => {
    const pcm = tones(44100, 1, [{ hz: 1000, amplitude: 0.5 }]);
    const { bytes } = encoded('v1.mp3', pcmWav(pcm, 16, 44100), 'lame', ['-b', '128', '--id3v1-only', '--tt', 'title']);
    expect(Buffer.from(bytes.subarray(bytes.length - 128, bytes.length - 125)).toString()).toBe('TAG');
    expect((await decodeAudioBytes(bytes, 'v1.mp3')).frames).toBe(44100);
    const at = 4 * 417; // past the Info frame, between two frames (±1 byte of padding is harmless)
    const glued = concat(bytes.subarray(0, at), new Uint8Array(100).fill(0x55), bytes.subarray(at));
    const audio = await decodeAudioBytes(glued, 'glued.mp3');
    expect(audio.frames).toBeGreaterThan(40000);
  });

  it('cut off mid-frame, or at a frame boundary', async () => {
    const pcm = tones(44100, 1, [{ hz: 1000, amplitude: 0.5 }, { hz: 1000, amplitude: 0.5 }]);
    const { bytes } = encoded('cut.mp3', pcmWav(pcm, 16, 44100), 'lame', ['-b', '128']);
    await expectProblem(decodeAudioBytes(bytes.subarray(0, bytes.length - 100), 'cut.mp3'), 'cut.mp3', 'truncated: the last MPEG audio frame is cut off');
    // 128 kbit/s at 44.1 kHz: 417 or 418 bytes a frame; cut after the Info frame and 10 audio frames.
    let end = 0;
    for (let i = 0; i < 11; i++) end += Math.floor((144 * 128000) / 44100) + ((bytes[end + 2]! >> 1) & 1);
    // The frame count LAME wrote into its Info header (big-endian, 8 bytes after the tag).
    const info = Buffer.from(bytes).indexOf('Info');
    const frames = Buffer.from(bytes).readUInt32BE(info + 8);
    expect(frames).toBeGreaterThan(38);
    const missing = ((frames - 10) * 1152) / 44100;
    await expectProblem(
      decodeAudioBytes(bytes.subarray(0, end), 'cut.mp3'),
      'cut.mp3',
      `truncated: 10 of the ${frames} MPEG audio frames the header declares are present (${missing.toFixed(1)} s of audio missing)`,
    );
  });
});

describe('Ogg Vorbis and Opus', () => {
  it('Vorbis stereo 44.1 kHz: exact length, level within 0.5 dB', async () => {
    const pcm = tones(44100, 1, [{ hz: 1000, amplitude: 0.5 }, { hz: 440, amplitude: 0.25 }]);
    const { path } = encoded('st.ogg', pcmWav(pcm, 16, 44100), 'oggenc');
    const ogg = await decodeAudioFile(path);
    expect(ogg).toMatchObject({ sampleRate: 44100, frames: 44100, format: 'ogg vorbis' });
    expect(ogg.layout.name).toBe('stereo');
    pcm.forEach((c, i) => expect(Math.abs(levelDb(ogg.channels[i]!) - levelDb(c))).toBeLessThan(0.5));
  });

  it.each(['oggenc', 'opusenc'] as const)('5.1 through %s comes back in WAV order with 5.1 labels', async (tool) => {
    const pcm = tones(48000, 1, SURROUND);
    const { bytes } = encoded(`s51-${tool}.ogg`, pcmWav(pcm, 16, 48000, 0x3f), tool);
    const ogg = await decodeAudioBytes(bytes, 's51.ogg');
    expect(ogg).toMatchObject({ sampleRate: 48000, frames: 48000, format: tool === 'oggenc' ? 'ogg vorbis' : 'ogg opus' });
    expect(ogg.layout.name).toBe('5.1');
    expect(ogg.layout.weights).toEqual([1, 1, 1, 0, 1.41, 1.41]);
    // Each channel carries its own tone: the frequency tells which source channel landed where.
    SURROUND.forEach(({ hz }, i) => expect(Math.abs(toneHz(ogg.channels[i]!, 48000) / hz - 1), `channel ${i}`).toBeLessThan(0.05));
    // Levels within 0.5 dB, except the LFE (weight 0), whose 50 Hz tone the Vorbis encoder lifts by ~1.5 dB.
    pcm.forEach((c, i) => {
      if (i !== 3) expect(Math.abs(levelDb(ogg.channels[i]!) - levelDb(c)), `channel ${i}`).toBeLessThan(0.5);
    });
  });

  it('Opus stereo from 44.1 kHz comes back at 48 kHz, level within 0.5 dB', async () => {
    const pcm = tones(44100, 1, [{ hz: 1000, amplitude: 0.5 }, { hz: 440, amplitude: 0.25 }]);
    const { path } = encoded('st.opus', pcmWav(pcm, 16, 44100), 'opusenc');
    const opus = await decodeAudioFile(path);
    expect(opus).toMatchObject({ sampleRate: 48000, frames: 48000, format: 'ogg opus' });
    expect(opus.layout.name).toBe('stereo');
    pcm.forEach((c, i) => expect(Math.abs(levelDb(opus.channels[i]!) - levelDb(c))).toBeLessThan(0.5));
  });

  it('the Opus header output gain is applied, as a player would', async () => {
    const pcm = tones(48000, 1, [{ hz: 1000, amplitude: 0.25 }]);
    const { bytes } = encoded('gain.opus', pcmWav(pcm, 16, 48000), 'opusenc');
    const plain = await decodeAudioBytes(bytes, 'gain.opus');
    // OpusHead is the only packet of the first page: set output gain to +6 dB (Q7.8) and re-CRC.
    const patched = bytes.slice();
    const body = 27 + patched[26]!;
    expect(Buffer.from(patched.subarray(body, body + 8)).toString()).toBe('OpusHead');
    patched.set(le(6 * 256, 2), body + 16);
    patched.set(le(0, 4), 22);
    patched.set(le(oggCrc(patched.subarray(0, body + patched[27]!)), 4), 22);
    const louder = await decodeAudioBytes(patched, 'gain.opus');
    expect(levelDb(louder.channels[0]!) - levelDb(plain.channels[0]!)).toBeCloseTo(6, 3);
  });

  it('truncation: cut at a page boundary, inside a page, inside a page header', async () => {
    const pcm = tones(48000, 1, [{ hz: 1000, amplitude: 0.5 }]);
    const { bytes } = encoded('cut.ogg', pcmWav(pcm, 16, 48000), 'oggenc');
    const last = lastPageStart(bytes);
    await expectProblem(decodeAudioBytes(bytes.subarray(0, last), 'cut.ogg'), 'cut.ogg', 'truncated: the Ogg stream ends without its end-of-stream page');
    await expectProblem(decodeAudioBytes(bytes.subarray(0, last + 10), 'cut.ogg'), 'cut.ogg', 'truncated: the file ends inside an Ogg page header');
    await expectProblem(decodeAudioBytes(bytes.subarray(0, bytes.length - 5), 'cut.ogg'), 'cut.ogg', 'truncated: the last Ogg page is cut off (5 bytes missing)');
  });

  it('a Vorbis stream whose encoder wrote a negative granule position plays whole, as libvorbisfile and ffmpeg play it', async () => {
    // A released Vorbis file (Debian's hyperrogue-music, "created by a buggy encoder" says
    // ogginfo) carries −104 on its first audio page, and its last position counts 5,888 samples
    // fewer than every decoder decodes. Its CRCs and end-of-stream page hold: the file is whole.
    // The same damage on a file of our own: positions patched, every page re-CRCed.
    const pcm = tones(44100, 3, [{ hz: 440, amplitude: 0.5 }]);
    const { bytes } = encoded('neg.ogg', pcmWav(pcm, 16, 44100), 'oggenc');
    const pages = oggPages(bytes);
    const granuleOf = (page: OggTestPage) => Buffer.from(page.header).readBigInt64LE(6);
    const withGranules = (change: (index: number, granule: bigint) => bigint) =>
      new Uint8Array(Buffer.concat(pages.map((page, index) => {
        const header = page.header.slice();
        header.set(new Uint8Array(new BigInt64Array([change(index, granuleOf(page))]).buffer), 6);
        return oggPage(header, page.packets, page.lastContinues);
      })));
    // Rebuilt unchanged, the file is the same bytes: only the positions differ below.
    expect(Buffer.compare(withGranules((_, g) => g), bytes)).toBe(0);
    const firstAudio = pages.findIndex((page) => granuleOf(page) > 0n);
    const last = pages.length - 1;
    const buggy = withGranules((index, g) => (index === firstAudio ? -104n : index === last ? g - 5888n : g));
    const audio = await decodeAudioBytes(buggy, 'neg.ogg');
    // Decoders disagree on such a file by a few hundred samples (libvorbisfile, ffmpeg and ours
    // on the released one: 2,879,397, 2,879,053 and 2,879,501); nothing is lost.
    expect(audio.frames).toBeGreaterThanOrEqual(3 * 44100);
    expect(audio.frames).toBeLessThan(3 * 44100 + 4096);
    expect(Math.abs(levelDb(audio.channels[0]!) - levelDb(pcm[0]!))).toBeLessThan(0.5);
    // Well-formed positions still rule: a last position 5,888 short is the encoder's end trim
    // (Vorbis I, A.2), which the decoder applies and the length check confirms.
    const trimmed = await decodeAudioBytes(withGranules((index, g) => (index === last ? g - 5888n : g)), 'trimmed.ogg');
    expect(trimmed.frames).toBe(3 * 44100 - 5888);
  });

  it('a Vorbis stream that repeats its header packets among the audio plays as libvorbisfile plays it: the repeats skipped, every sample kept', async () => {
    // Three released tracks of Debian's hyperrogue carry the identification, comment and setup
    // packets again on their third page, before the first audio packet. libvorbisfile skips a
    // packet that is not audio and plays them whole; our decoder took the repeat for a new stream
    // and failed (OV_EBADHEADER), as ffmpeg does. The same on a file of our own: the three header
    // packets copied to the front of the first audio page and of a page in the middle (so that
    // the decoder's pieces, 8 kB each, are cut around a shortened page), every page re-CRCed.
    const pcm = tones(44100, 6, [{ hz: 440, amplitude: 0.5 }, { hz: 3000, amplitude: 0.1 }]);
    const { bytes } = encoded('repeats.ogg', pcmWav(pcm, 16, 44100), 'oggenc');
    const pages = oggPages(bytes);
    const [identification, comment, setup] = [...pages[0]!.packets, ...pages[1]!.packets];
    expect(pages[1]!.packets).toHaveLength(2);
    const withHeaders = (page: OggTestPage) => {
      expect(page.continued).toBe(false);
      return oggPage(page.header, [identification!, comment!, setup!, ...page.packets], page.lastContinues);
    };
    const middle = pages.length >> 1;
    expect(pages.slice(0, middle).reduce((n, page) => n + page.bytes.length, 0)).toBeGreaterThan(OGG_PIECE_BYTES);
    const repeated = Buffer.concat(pages.map((page, k) => (k === 2 || k === middle ? withHeaders(page) : page.bytes)));
    expect(repeated.length).toBeGreaterThan(bytes.length + 2 * 3000);
    const plain = await decodeAudioBytes(bytes, 'repeats.ogg');
    const path = join(dir, 'repeated.ogg');
    writeFileSync(path, repeated);
    // Whole (the app's worker and decodeAudioFile) and streamed from disk in pieces (the CLI).
    const streamed: Float32Array[][] = [];
    for await (const chunk of (await openAudioStream(path)).chunks()) streamed.push(chunk.map((c) => c.slice()));
    const joined = plain.channels.map((_, c) => {
      const channel = new Float32Array(streamed.reduce((n, chunk) => n + chunk[c]!.length, 0));
      streamed.reduce((at, chunk) => (channel.set(chunk[c]!, at), at + chunk[c]!.length), 0);
      return channel;
    });
    for (const channels of [(await decodeAudioBytes(new Uint8Array(repeated), 'repeated.ogg')).channels, joined]) {
      plain.channels.forEach((channel, c) => {
        expect(channels[c]!.length, `channel ${c}`).toBe(plain.frames);
        expect(channels[c]!.every((x, i) => x === channel[i]), `channel ${c}`).toBe(true);
      });
    }
    // A file of little else is damaged, and each such page is noted while the file is walked:
    // more than 1,024 of them is an error, whatever the file's length.
    const headersOnly = oggPage(pages[2]!.header, [identification!, comment!, setup!], false);
    const flooded = Buffer.concat([pages[0]!.bytes, pages[1]!.bytes, ...Array<Uint8Array>(1025).fill(headersOnly), ...pages.slice(2).map((page) => page.bytes)]);
    await expectProblem(decodeAudioBytes(new Uint8Array(flooded), 'flooded.ogg'), 'flooded.ogg', 'corrupt Ogg stream: Vorbis header packets repeated on more than 1024 pages');
  });

  it('an Ogg stream of another codec', async () => {
    const source = pcmWav(tones(48000, 0.1, [{ hz: 1000, amplitude: 0.5 }]), 16, 48000);
    const { bytes } = encoded('x.oga', source, 'flac', ['--ogg']);
    await expectProblem(decodeAudioBytes(bytes, 'x.oga'), 'x.oga', 'unsupported Ogg stream: FLAC in Ogg (expected Vorbis or Opus)');
  });
});

describe('MD5 for the FLAC signature (pure, so it runs in the browser worker too)', () => {
  it('equals node:crypto for lengths around every block boundary, fed whole and in random pieces', () => {
    const random = mulberry32(1770);
    for (const length of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 100_003]) {
      const bytes = Uint8Array.from({ length }, () => Math.floor(random() * 256));
      const expected = createHash('md5').update(bytes).digest('hex');
      const whole = new Md5();
      whole.update(bytes);
      expect(whole.hex(), `length ${length}`).toBe(expected);
      const pieces = new Md5();
      for (let at = 0; at < length;) {
        const next = Math.min(length, at + 1 + Math.floor(random() * 150));
        pieces.update(bytes.subarray(at, next));
        at = next;
      }
      expect(pieces.hex(), `length ${length} in pieces`).toBe(expected);
    }
  });
});
