// Hostile input through the CLI: crafted headers, every format cut off at many offsets, and
// seeded mutation fuzzing of every format the CLI reads (WAV PCM and float, FLAC, MP3, Ogg Vorbis,
// Ogg Opus; fixtures encoded here with Debian's encoders). Every case must end within a bound
// with either an analysis or exactly one stderr line naming the file and the problem; the good
// file after the hostile ones is still analysed, with the numbers it gets alone; no input is
// written to. The seed is printed; BUSMETER_FUZZ_SEED replays a run, BUSMETER_FUZZ_CASES sets the
// cases per format (default 50: 300 per run).

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/signals/noise.js';
import { floatWav, pcm16Wav } from './support/wav.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'busmeter.mjs');
const dir = mkdtempSync(join(tmpdir(), 'busmeter-hostile-'));
const RATE = 48000;
/** One CLI run over a whole batch of cases must end within this (it is killed otherwise). */
const BATCH_BOUND_MS = 240_000;
const SEED = Number(process.env.BUSMETER_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CASES = Number(process.env.BUSMETER_FUZZ_CASES ?? 50);

function tone(seconds: number, hz: number, amplitude: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / RATE) * (0.6 + 0.4 * Math.sin((2 * Math.PI * 3 * i) / RATE));
  return out;
}

function run(tool: string, args: string[]): void {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${tool} failed (is it installed? .ci/run installs it): ${result.stderr || result.error?.message}`);
}

const fixtures: Record<string, Buffer> = {};
const goodLufs = { analyze: NaN, report: NaN };
const good = join(dir, 'good.wav');

beforeAll(() => {
  const source = join(dir, 'source.wav');
  const channels = [tone(1.2, 997, 0.4), tone(1.2, 440, 0.3)];
  writeFileSync(source, pcm16Wav(RATE, channels));
  fixtures['wav'] = readFileSync(source);
  fixtures['float.wav'] = floatWav(RATE, channels);
  run('flac', ['--silent', '--force', '-o', join(dir, 'f.flac'), source]);
  run('lame', ['--quiet', '-b', '128', source, join(dir, 'f.mp3')]);
  run('oggenc', ['--quiet', '-o', join(dir, 'f.ogg'), source]);
  run('opusenc', ['--quiet', source, join(dir, 'f.opus')]);
  fixtures['flac'] = readFileSync(join(dir, 'f.flac'));
  fixtures['mp3'] = readFileSync(join(dir, 'f.mp3'));
  fixtures['ogg'] = readFileSync(join(dir, 'f.ogg'));
  fixtures['opus'] = readFileSync(join(dir, 'f.opus'));
  writeFileSync(good, pcm16Wav(RATE, [tone(1, 1000, 0.25), tone(1, 1000, 0.25)]));
  for (const command of ['analyze', 'report'] as const) {
    const alone = JSON.parse(spawnSync(process.execPath, [CLI, command, '--json', good], { encoding: 'utf8' }).stdout);
    goodLufs[command] = command === 'analyze' ? alone.integratedLufs : alone.loudness.integratedLufs;
  }
  console.log(`hostile input: seed ${SEED} (BUSMETER_FUZZ_SEED=${SEED} replays it), ${CASES} mutations per format`);
});

const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

interface Outcome {
  path: string;
  error?: string;
  report?: Record<string, unknown>;
}

/**
 * Runs `busmeter COMMAND --json` over `paths` and the good file, and checks the rules every case
 * must keep: it ends within the bound; one JSON line per file; each error is exactly one stderr
 * line naming its file; the good file is analysed; no input changed.
 */
function runBatch(command: 'analyze' | 'report', paths: string[]): Outcome[] {
  const all = [...paths, good];
  const before = all.map(hash);
  const result = spawnSync(process.execPath, [CLI, command, '--json', ...all], { encoding: 'utf8', timeout: BATCH_BOUND_MS, maxBuffer: 1 << 28 });
  expect(result.signal, `the run did not end within ${BATCH_BOUND_MS / 1000} s (seed ${SEED})`).toBeNull();
  expect([0, 1]).toContain(result.status);
  const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines).toHaveLength(all.length);
  const errorLines = result.stderr === '' ? [] : result.stderr.replace(/\n$/, '').split('\n');
  const outcomes: Outcome[] = lines.map((line, i) => ('error' in line ? { path: all[i]!, error: String(line.error) } : { path: all[i]!, report: line }));
  const errors = outcomes.filter((o) => o.error !== undefined);
  expect(errorLines, `seed ${SEED}`).toEqual(errors.map((o) => `busmeter: ${o.error}`));
  for (const o of errors) expect(o.error!.startsWith(`${o.path}: `), o.error).toBe(true);
  const last = outcomes.at(-1)!;
  expect(last.error, `the good file after the hostile ones (seed ${SEED})`).toBeUndefined();
  const lufs = command === 'analyze' ? last.report!.integratedLufs : (last.report!.loudness as { integratedLufs: number }).integratedLufs;
  expect(lufs, 'the good file reads as it does alone').toBe(command === 'analyze' ? goodLufs.analyze : goodLufs.report);
  expect(all.map(hash)).toEqual(before);
  return outcomes.slice(0, -1);
}

/** Readings that are numbers must be finite (null stands for −∞). */
function expectSane(report: Record<string, unknown>, label: string): void {
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'number') expect(Number.isFinite(v), `${label}: ${key} = ${v}`).toBe(true);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${key}.${k}`);
  };
  walk(report, 'report');
}

describe('crafted headers', () => {
  it('each gets its one exact line, or (odd chunk without pad) the right analysis', () => {
    const wav = fixtures['wav']!;
    const cases: { name: string; bytes: Buffer; error?: string }[] = [];
    // An empty data chunk.
    const empty = Buffer.from(wav.subarray(0, 44));
    empty.writeUInt32LE(36, 4);
    empty.writeUInt32LE(0, 40);
    cases.push({ name: 'empty-data.wav', bytes: empty, error: 'no audio: the file holds 0 sample frames' });
    // A data chunk claiming 2.1 GB.
    const huge = Buffer.from(wav);
    huge.writeUInt32LE(0x7ffffff0, 40);
    cases.push({ name: 'huge.wav', bytes: huge, error: `truncated: data chunk declares 2.1 GB but only 230.4 kB present (2.1 GB missing: ${((0x7ffffff0 - (wav.length - 44)) / (4 * RATE) / 1).toFixed(1)} s of audio)` });
    // An odd-sized chunk before fmt without its pad byte: accepted, same audio.
    const junk = Buffer.concat([Buffer.from('JUNK'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc')]);
    const odd = Buffer.concat([wav.subarray(0, 12), junk, wav.subarray(12)]);
    odd.writeUInt32LE(odd.length - 8, 4);
    cases.push({ name: 'odd-chunk.wav', bytes: odd });
    // 4 kHz and 17 channels.
    const slow = Buffer.from(wav);
    slow.writeUInt32LE(4000, 24);
    cases.push({ name: 'slow.wav', bytes: slow, error: 'sample rate 4000 Hz is out of range (busmeter accepts 8000 to 384000 Hz)' });
    // FLAC with two STREAMINFO bytes changed (the total-samples field).
    const flac = Buffer.from(fixtures['flac']!);
    flac[8 + 16] ^= 0x21;
    flac[8 + 17] ^= 0x40;
    cases.push({ name: 'streaminfo.flac', bytes: flac });
    // FLAC with its MD5 changed.
    const md5 = Buffer.from(fixtures['flac']!);
    md5[8 + 20] ^= 0xff;
    cases.push({ name: 'md5.flac', bytes: md5, error: 'corrupt: the decoded audio does not match the MD5 signature in STREAMINFO' });
    // A Vorbis header whose rate was changed (113,536 Hz): the page CRC no longer holds.
    const ogg = Buffer.from(fixtures['ogg']!);
    ogg.writeUInt32LE(113536, 28 + 12);
    cases.push({ name: 'rate.ogg', bytes: ogg, error: 'corrupt Ogg stream: the page at byte 0 fails its CRC check' });
    // An MP3 frame sync followed by garbage.
    const random = mulberry32(7);
    const garbage = Buffer.alloc(40_000);
    for (let i = 0; i < garbage.length; i++) garbage[i] = Math.floor(random() * 256);
    garbage[0] = 0xff;
    garbage[1] = 0xfb;
    garbage[2] = 0x90;
    garbage[3] = 0x64;
    cases.push({ name: 'sync-then-garbage.mp3', bytes: garbage });

    const paths = cases.map((c) => {
      const path = join(dir, c.name);
      writeFileSync(path, c.bytes);
      return path;
    });
    const outcomes = runBatch('analyze', paths);
    const byName = Object.fromEntries(cases.map((c, i) => [c.name, outcomes[i]!]));
    for (const c of cases) if (c.error) expect(byName[c.name]!.error, c.name).toBe(`${join(dir, c.name)}: ${c.error}`);
    expect(byName['odd-chunk.wav']!.report).toMatchObject({ durationSeconds: 1.2, sampleRate: RATE });
    expect(byName['streaminfo.flac']!.error, 'a changed STREAMINFO').toMatch(/corrupt/);
    expect(byName['sync-then-garbage.mp3']!.error).toMatch(/: corrupt MPEG stream: .* are not MPEG audio frames of this stream$/);
  });
});

describe('truncation at many offsets', () => {
  for (const format of ['wav', 'float.wav', 'flac', 'mp3', 'ogg', 'opus']) {
    it(`${format}: cut at 24 offsets, each is one error line (analyze and report)`, () => {
      const bytes = fixtures[format]!;
      const random = mulberry32(SEED ^ format.length);
      const offsets = [1, 4, 11, 12, 40, 44, 100, ...Array.from({ length: 16 }, () => 100 + Math.floor(random() * (bytes.length - 200))), bytes.length - 1];
      const paths = offsets.map((at) => {
        const path = join(dir, `cut-${at}.${format}`);
        writeFileSync(path, bytes.subarray(0, at));
        return path;
      });
      for (const command of ['analyze', 'report'] as const) {
        const outcomes = runBatch(command, paths);
        for (const o of outcomes) expect(o.error, `${command} ${o.path} (seed ${SEED})`).toBeDefined();
      }
    });
  }
});

describe('seeded mutation fuzzing', () => {
  for (const format of ['wav', 'float.wav', 'flac', 'mp3', 'ogg', 'opus']) {
    it(`${format}: ${CASES} mutated files each end in an analysis or one line; the inputs are untouched`, () => {
      const original = fixtures[format]!;
      const random = mulberry32(SEED + format.charCodeAt(0) * 7919 + format.length);
      const paths: string[] = [];
      for (let i = 0; i < CASES; i++) {
        let bytes = Buffer.from(original);
        const kind = Math.floor(random() * 4);
        const at = Math.floor(random() * bytes.length);
        if (kind === 0) {
          // Flip one to eight bytes, favouring the headers.
          const n = 1 + Math.floor(random() * 8);
          for (let k = 0; k < n; k++) {
            const p = random() < 0.5 ? Math.floor(random() * Math.min(bytes.length, 200)) : Math.floor(random() * bytes.length);
            bytes[p] ^= 1 + Math.floor(random() * 255);
          }
        } else if (kind === 1) {
          // Overwrite a run with random bytes.
          const n = Math.min(bytes.length - at, 1 + Math.floor(random() * 512));
          for (let k = 0; k < n; k++) bytes[at + k] = Math.floor(random() * 256);
        } else if (kind === 2) {
          // Delete a run.
          const n = 1 + Math.floor(random() * 256);
          bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + n))]);
        } else {
          // Insert random bytes.
          const n = 1 + Math.floor(random() * 256);
          const insert = Buffer.alloc(n);
          for (let k = 0; k < n; k++) insert[k] = Math.floor(random() * 256);
          bytes = Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at)]);
        }
        const path = join(dir, `fuzz-${i}.${format}`);
        writeFileSync(path, bytes);
        paths.push(path);
      }
      const outcomes = runBatch('analyze', paths);
      for (const o of outcomes) if (o.report) expectSane(o.report, `${o.path} (seed ${SEED})`);
      const errors = outcomes.filter((o) => o.error).length;
      console.log(`fuzz ${format}: ${CASES} cases, ${errors} refused with one line, ${CASES - errors} analysed`);
    });
  }

  it('no case wrote a file beside its input', () => {
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
