// Files read from disk in bounded chunks (src/offline/decode/stream.ts): the same samples and the
// same numbers as decoding the whole file, a stalled read is an error within its timeout, a file
// with no audio is an error, and the memory of `analyze` and `report` stays flat over long files.

import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePlanarWithMastering, measureFile } from '../src/offline/analyze-file.js';
import { decodeAudioFile } from '../src/offline/decode/index.js';
import { FileReader } from '../src/offline/decode/file-reader.js';
import { openAudioStream } from '../src/offline/decode/stream.js';
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

  it('WAV (PCM and float) and FLAC: the streamed chunks concatenate to decodeAudioFile\'s samples, and measureFile equals the whole-file analysis', async () => {
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
      const streamed = await measureFile(path);
      const reference = analyzePlanarWithMastering(whole);
      expect(streamed.readings).toEqual(reference.readings);
      expect(streamed.mastering).toEqual(reference.mastering);
    }
  });
});

describe('reads that fail', () => {
  it('a read that never completes is "the read stalled" naming the file, within the timeout', async () => {
    const never = new Promise<never>(() => {});
    const handle = { read: () => never, stat: () => never, close: async () => {} } as unknown as Parameters<typeof FileReader.over>[1];
    const reader = FileReader.over('/music/on-a-dead-share.wav', handle, 1000, 200);
    const started = Date.now();
    await expect(reader.read(0, 100)).rejects.toThrow('/music/on-a-dead-share.wav: the read stalled: no data for 0.2 s');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('a WAV or FLAC that shrinks or grows while it is streamed is an error naming it, not a shorter stream', async () => {
    const rate = 48000;
    const channels = [noise(4 * rate, 5), noise(4 * rate, 6)];
    const wav = join(dir, 'changing.wav');
    writeFileSync(wav, pcm16Wav(rate, channels));
    const flac = join(dir, 'changing.flac');
    expect(spawnSync('flac', ['--silent', '--force', '-o', flac, wav]).status).toBe(0);
    for (const path of [wav, flac]) {
      for (const change of ['shrink', 'grow'] as const) {
        const copy = `${path}.${change}${path.endsWith('.flac') ? '.flac' : '.wav'}`;
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
