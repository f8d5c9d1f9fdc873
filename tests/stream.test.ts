// Files read from disk in bounded chunks (src/offline/decode/stream.ts): the same samples and the
// same numbers as decoding the whole file, a stalled read is an error within its timeout, a file
// with no audio is an error, and the memory of `analyze` and `report` stays flat over long files.

import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePlanarWithMastering, analyzeFile } from '../src/offline/analyze-file.js';
import { AudioFileError, decodeAudioFile } from '../src/offline/decode/index.js';
import { FileReader } from '../src/offline/decode/file-reader.js';
import { openAudioStream } from '../src/offline/decode/stream.js';
import { bytesSource } from '../src/offline/decode/byte-source.js';
import { oggPieces, type OggPlan } from '../src/offline/decode/ogg.js';
import { floatWav, pcm16Wav } from './support/wav.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'busmeter.mjs');
const dir = mkdtempSync(join(tmpdir(), 'busmeter-stream-'));

/** Seeded noise with a slow level ramp: every chunk boundary falls in audio that differs. */
function noise(frames: number, seed: number): Float32Array {
  const out = new Float32Array(frames);
  let s = seed >>> 0;
  for (let i = 0; i < frames; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * (0.05 + 0.4 * (i / frames));
  }
  return out;
}

describe('streamed decoding equals whole-file decoding', () => {
  const rate = 44100;
  // 7.3 s: several 1 MB reads, a last partial read, a last partial 100 ms piece.
  const frames = Math.round(7.3 * rate) + 17;
  const channels = [noise(frames, 1), noise(frames, 2)];
  const wavPath = join(dir, 'noise.wav');
  writeFileSync(wavPath, pcm16Wav(rate, channels));
  const flacPath = join(dir, 'noise.flac');
  const floatPath = join(dir, 'noise-float.wav');
  writeFileSync(floatPath, floatWav(rate, channels));

  it('WAV (PCM and float) and FLAC: the streamed chunks concatenate to decodeAudioFile\'s samples, and analyzeFile equals the whole-file analysis', async () => {
    const encode = spawnSync('flac', ['--silent', '--force', '-o', flacPath, wavPath]);
    expect(encode.status, encode.stderr?.toString()).toBe(0);
    for (const path of [wavPath, floatPath, flacPath]) {
      const whole = await decodeAudioFile(path);
      const stream = await openAudioStream(path);
      expect(stream.frames).toBe(frames);
      const parts: Float32Array[][] = [];
      for await (const chunk of stream.chunks()) parts.push(chunk);
      expect(parts.length, path).toBeGreaterThan(1);
      for (let c = 0; c < 2; c++) {
        const joined = new Float32Array(frames);
        let at = 0;
        for (const part of parts) {
          joined.set(part[c]!, at);
          at += part[c]!.length;
        }
        expect(at).toBe(frames);
        // Bit for bit (a deep toEqual over 300,000 floats takes seconds).
        expect(Buffer.compare(Buffer.from(joined.buffer), Buffer.from(whole.channels[c]!.buffer, whole.channels[c]!.byteOffset, whole.channels[c]!.byteLength)), path).toBe(0);
      }
      const streamed = await analyzeFile(path);
      const reference = analyzePlanarWithMastering(whole);
      expect(streamed.readings).toEqual(reference.readings);
      expect(streamed.mastering).toEqual(reference.mastering);
    }
  });
});

describe('MP3 and Ogg stream too', () => {
  const rate = 48000;
  // 9 s: several 64 kB pieces to the decoders, several 65536-frame chunks out, a last partial one.
  const wavPath = join(dir, 'coded.wav');
  writeFileSync(wavPath, pcm16Wav(rate, [noise(9 * rate, 7), noise(9 * rate, 8)]));
  const coded = {
    mp3: encode('lame', ['--quiet', '-b', '192', wavPath, join(dir, 'coded.mp3')], 'coded.mp3'),
    ogg: encode('oggenc', ['--quiet', '-o', join(dir, 'coded.ogg'), wavPath], 'coded.ogg'),
    opus: encode('opusenc', ['--quiet', wavPath, join(dir, 'coded.opus')], 'coded.opus'),
  };

  it('MP3, Ogg Vorbis and Ogg Opus: the streamed chunks concatenate to decodeAudioFile\'s samples, and analyzeFile equals the whole-file analysis', async () => {
    for (const path of Object.values(coded)) {
      const whole = await decodeAudioFile(path);
      const stream = await openAudioStream(path);
      expect(stream.format).toBe(whole.format);
      const parts: Float32Array[][] = [];
      for await (const chunk of stream.chunks()) parts.push(chunk);
      expect(parts.length, path).toBeGreaterThan(2);
      expect(parts.slice(0, -1).every((p) => p[0]!.length === 65536), path).toBe(true);
      for (let c = 0; c < 2; c++) {
        const joined = Buffer.concat(parts.map((p) => Buffer.from(p[c]!.buffer, p[c]!.byteOffset, p[c]!.byteLength)));
        const reference = whole.channels[c]!;
        expect(Buffer.compare(joined, Buffer.from(reference.buffer, reference.byteOffset, reference.byteLength)), path).toBe(0);
      }
      const streamed = await analyzeFile(path);
      const reference = analyzePlanarWithMastering(whole);
      expect(streamed.readings).toEqual(reference.readings);
      expect(streamed.mastering).toEqual(reference.mastering);
    }
  });

  it('a chained Ogg (two streams one after the other) streams as the sum of both, for Vorbis and for Opus', async () => {
    for (const [name, path] of [['chained.ogg', coded.ogg], ['chained.opus', coded.opus]] as const) {
      const single = await decodeAudioFile(path);
      const chained = join(dir, name);
      writeFileSync(chained, Buffer.concat([readFileSync(path), readFileSync(path)]));
      const stream = await openAudioStream(chained);
      expect(stream.frames, name).toBe(2 * single.frames);
      let frames = 0;
      for await (const chunk of stream.chunks()) frames += chunk[0]!.length;
      expect(frames, name).toBe(2 * single.frames);
    }
  });
});

describe('Ogg pieces', () => {
  it('cover the file in order, end at each chained stream\'s end (marked), and never end inside or right after a stream\'s first page', async () => {
    const bytes = new Uint8Array(300_000).map((_, i) => i & 0xff);
    // A second stream from byte 100,000 whose first page is 20,000 bytes long.
    const plan = { streamEnds: [100_000, 290_000], headerEnds: [58, 120_000], strays: [] } as unknown as OggPlan;
    const cuts: number[] = [];
    const marked: number[] = [];
    const joined: Uint8Array[] = [];
    let at = 0;
    for await (const piece of oggPieces(bytesSource(bytes), plan)) {
      joined.push(piece.bytes);
      at += piece.bytes.length;
      cuts.push(at);
      if (piece.streamEnd) marked.push(at);
      expect(piece.bytes.length).toBeGreaterThan(0);
    }
    expect(Buffer.compare(Buffer.concat(joined), Buffer.from(bytes))).toBe(0);
    expect(marked).toEqual([100_000, 290_000]);
    expect(cuts).toContain(300_000);
    expect(cuts.filter((x) => x > 100_000 && x <= 120_000)).toEqual([]);
    expect(cuts.filter((x) => x > 0 && x <= 58)).toEqual([]);
    expect(Math.max(...cuts.map((x, i) => x - (cuts[i - 1] ?? 0)))).toBe(120_001 - 100_000);
  });
});

function encode(tool: string, args: string[], name: string): string {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${tool} failed (is it installed? .ci/run installs it): ${result.stderr || result.error?.message}`);
  return join(dir, name);
}

describe('analyzeFile: progress and stopping', () => {
  const rate = 48000;
  const frames = Math.round(9.5 * rate);
  const path = join(dir, 'progress.wav');
  writeFileSync(path, floatWav(rate, [noise(frames, 3), noise(frames, 4)]));
  /** Open descriptors of this process that point at `file` (Linux). */
  const openOn = (file: string) => readdirSync('/proc/self/fd').filter((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`) === file; } catch { return false; } }).length;

  it('reports the seconds measured and the share of the file after each chunk, ending at the file\'s length, and the result is that of no progress asked', async () => {
    const seen: { seconds: number; fraction: number | null }[] = [];
    const result = await analyzeFile(path, { onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(2);
    for (let k = 1; k < seen.length; k++) {
      expect(seen[k].seconds).toBeGreaterThan(seen[k - 1].seconds);
      expect(seen[k].fraction!).toBeGreaterThan(seen[k - 1].fraction!);
    }
    expect(seen.at(-1)).toEqual({ seconds: frames / rate, fraction: 1 });
    expect(result.readings).toEqual((await analyzeFile(path)).readings);
  });

  it('stops when its AbortSignal fires: rejects with the signal\'s reason, reads no further, and closes the file', async () => {
    const controller = new AbortController();
    let calls = 0;
    const stopped = analyzeFile(path, { signal: controller.signal, onProgress: () => { calls++; controller.abort(); } });
    await expect(stopped).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toBe(1);
    expect(openOn(path)).toBe(0);
    // Already aborted: nothing is opened.
    await expect(analyzeFile(path, { signal: AbortSignal.abort(new Error('user left')) })).rejects.toThrow('user left');
    expect(openOn(path)).toBe(0);
  });
});

describe('reads that fail', () => {
  it('bad arguments to analyzeFile and decodeAudioFile (the Node API) are a TypeError or RangeError saying what was given, before any file is touched', async () => {
    const bad: [unknown[], string][] = [
      [[undefined], 'a file path (a non-empty string) is needed, got undefined'],
      [[42], 'a file path (a non-empty string) is needed, got number'],
      [[''], 'a file path (a non-empty string) is needed, got an empty string'],
      [['/music/mix.wav', null], 'options must be an object, got null'],
      [['/music/mix.wav', { readTimeoutMs: 0 }], 'readTimeoutMs must be a positive number of milliseconds, got 0'],
      [['/music/mix.wav', { readTimeoutMs: Number.NaN }], 'readTimeoutMs must be a positive number of milliseconds, got NaN'],
      [['/music/mix.wav', { readTimeoutMs: '5000' }], 'readTimeoutMs must be a positive number of milliseconds, got 5000'],
      [['/music/mix.wav', { signal: 'stop' }], 'signal must be an AbortSignal, got string'],
      [['/music/mix.wav', { onProgress: 1 }], 'onProgress must be a function, got number'],
    ];
    for (const [args, message] of bad) {
      const call = (analyzeFile as (...a: unknown[]) => Promise<unknown>)(...args);
      await expect(call, message).rejects.toThrow(message);
      await expect(call).rejects.not.toBeInstanceOf(AudioFileError);
    }
    // decodeAudioFile, the whole-file reader busmeter/node also exports, checks its path the same way.
    for (const [args, message] of bad.filter(([args]) => args.length === 1)) {
      await expect((decodeAudioFile as (...a: unknown[]) => Promise<unknown>)(...args), message).rejects.toThrow(new TypeError(message));
    }
  });

  it('a read that never completes is "the read stalled" naming the file, within the timeout', async () => {
    const never = new Promise<never>(() => {});
    const handle = { read: () => never, stat: () => never, close: async () => {} } as unknown as Parameters<typeof FileReader.over>[1];
    const reader = FileReader.over('/music/on-a-dead-share.wav', handle, 1000, 200);
    const started = Date.now();
    await expect(reader.read(0, 100)).rejects.toThrow('/music/on-a-dead-share.wav: the read stalled: no data for 0.2 s');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('a WAV, FLAC, MP3 or Ogg that shrinks or grows while it is streamed is an error naming it, not a shorter stream', async () => {
    const rate = 48000;
    const channels = [noise(4 * rate, 5), noise(4 * rate, 6)];
    const wav = join(dir, 'changing.wav');
    writeFileSync(wav, pcm16Wav(rate, channels));
    const flac = join(dir, 'changing.flac');
    expect(spawnSync('flac', ['--silent', '--force', '-o', flac, wav]).status).toBe(0);
    const mp3 = encode('lame', ['--quiet', '-b', '128', wav, join(dir, 'changing.mp3')], 'changing.mp3');
    const ogg = encode('oggenc', ['--quiet', '-o', join(dir, 'changing.ogg'), wav], 'changing.ogg');
    const opus = encode('opusenc', ['--quiet', wav, join(dir, 'changing.opus')], 'changing.opus');
    for (const path of [wav, flac, mp3, ogg, opus]) {
      for (const change of ['shrink', 'grow'] as const) {
        const copy = `${path}.${change}${path.slice(path.lastIndexOf('.'))}`;
        writeFileSync(copy, readFileSync(path));
        const size = statSync(copy).size;
        const stream = await openAudioStream(copy);
        const chunks = stream.chunks();
        await chunks.next();
        if (change === 'shrink') truncateSync(copy, Math.floor(size / 2));
        else writeFileSync(copy, new Uint8Array(100), { flag: 'a' });
        const drain = async () => {
          for await (const _ of chunks) void _;
        };
        await expect(drain(), `${change} ${copy}`).rejects.toThrow(`${copy}: the file changed size while it was being read`);
      }
    }
  });

  it('a WAV whose data chunk is empty is "no audio", in analyze and in report, not "0 Hz … NaN s"', () => {
    const path = join(dir, 'empty-data.wav');
    writeFileSync(path, floatWav(48000, [new Float32Array(0), new Float32Array(0)]));
    for (const command of ['analyze', 'report']) {
      const result = spawnSync(process.execPath, [CLI, command, path], { encoding: 'utf8' });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`busmeter: ${path}: no audio: the file holds 0 sample frames\n`);
    }
  });
});

/** Max RSS in MB of `busmeter ARGS` (GNU time's %M is in kB). */
function maxRssMb(args: string[]): { mb: number; code: number | null; stderr: string } {
  const result = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const match = /maxrss_kb=(\d+)/.exec(result.stderr);
  return { mb: match ? Number(match[1]) / 1024 : NaN, code: result.status, stderr: result.stderr };
}

describe('memory', () => {
  // Reading 2 × 2.76 GB takes 30 s on an idle machine and minutes under load: a generous bound.
  it('analyze and report on a 2-hour stereo 48 kHz float WAV stay under 200 MB (max RSS, printed)', { timeout: 1_200_000 }, () => {
    // Written sparse: a header and a run of zeros the filesystem does not store, then a tone at
    // the end so the analysis has something to find.
    const rate = 48000;
    const frames = 2 * 3600 * rate;
    const path = join(dir, 'two-hours.wav');
    const header = floatWav(rate, [new Float32Array(1), new Float32Array(1)]).subarray(0, 44);
    header.writeUInt32LE(36 + frames * 8, 4);
    header.writeUInt32LE(frames * 8, 40);
    const fd = openSync(path, 'w');
    writeSync(fd, header, 0, 44, 0);
    const tail = floatWav(rate, [noise(rate, 3), noise(rate, 4)]).subarray(44);
    writeSync(fd, tail, 0, tail.length, 44 + (frames - rate) * 8);
    closeSync(fd);
    for (const command of ['analyze', 'report']) {
      const { mb, code, stderr } = maxRssMb([command, path, '--json']);
      console.log(`memory: busmeter ${command} on a 2-hour stereo 48 kHz float WAV (2.76 GB): max RSS ${mb.toFixed(0)} MB`);
      expect(code, stderr).toBe(0);
      expect(mb).toBeLessThan(200);
    }
  });
});

describe('memory over MP3 and Ogg', () => {
  // Decoded whole, every minute of stereo 48 kHz adds 23 MB of float samples (and the decoders'
  // pieces of it besides: 190–220 MB more for 5 minutes than for 1, measured): streamed, the long
  // file's max RSS is the short one's within a margin that is a fraction of that.
  it('analyze and report on 5-minute MP3, Ogg Vorbis and Ogg Opus files take no more memory than on 1-minute ones, within 60 MB, and stay under 200 MB (max RSS, printed)', { timeout: 600_000 }, () => {
    const rate = 48000;
    const files: Record<string, Record<'short' | 'long', string>> = { mp3: { short: '', long: '' }, ogg: { short: '', long: '' }, opus: { short: '', long: '' } };
    for (const [length, minutes] of [['short', 1], ['long', 5]] as const) {
      const wav = join(dir, `${length}.wav`);
      writeFileSync(wav, pcm16Wav(rate, [noise(minutes * 60 * rate, 9), noise(minutes * 60 * rate, 10)]));
      files.mp3![length] = encode('lame', ['--quiet', '-f', '-b', '128', wav, join(dir, `${length}.mp3`)], `${length}.mp3`);
      files.ogg![length] = encode('oggenc', ['--quiet', '-q', '0', '-o', join(dir, `${length}.ogg`), wav], `${length}.ogg`);
      files.opus![length] = encode('opusenc', ['--quiet', '--comp', '0', wav, join(dir, `${length}.opus`)], `${length}.opus`);
    }
    for (const [format, { short, long }] of Object.entries(files)) {
      for (const command of ['analyze', 'report']) {
        const a = maxRssMb([command, short, '--json']);
        const b = maxRssMb([command, long, '--json']);
        console.log(`memory: busmeter ${command} on stereo 48 kHz ${format}: 1 minute ${a.mb.toFixed(0)} MB, 5 minutes ${b.mb.toFixed(0)} MB max RSS (the 5 minutes decoded whole are 115 MB of samples)`);
        expect(a.code, a.stderr).toBe(0);
        expect(b.code, b.stderr).toBe(0);
        expect(b.mb - a.mb, `${command} ${format}`).toBeLessThan(60);
        expect(b.mb, `${command} ${format}`).toBeLessThan(200);
      }
    }
  });
});
