// The CLI and the filesystem: outputs never written over an input or over each other (compared by
// inode, not by spelling), written whole or not at all; a FIFO, a directory, an unreadable file
// or a file that changes size while it is read is one line naming it, and the next file still
// runs; a closed stdout ends the CLI quietly; a control character in a name cannot split a line.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAudioStream } from '../src/offline/decode/stream.js';
import { outputConflict, writeFileAtomic } from '../src/offline/outputs.js';
import { floatWav } from './support/wav.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'busmeter.mjs');
const RATE = 48000;
const dir = mkdtempSync(join(tmpdir(), 'busmeter-files-'));
chmodSync(dir, 0o755);

/** Every run ends within this bound or the test fails (spawnSync kills it). */
const BOUND_MS = 60_000;

function busmeter(args: string[], options: { uid?: number } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: BOUND_MS, ...options });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

function tone(seconds: number, peak = 0.25): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  for (let i = 0; i < out.length; i++) out[i] = peak * Math.sin((2 * Math.PI * 1000 * i) / RATE);
  return out;
}

function wav(name: string, seconds = 2): string {
  const path = join(dir, name);
  writeFileSync(path, floatWav(RATE, [tone(seconds), tone(seconds)]), { mode: 0o644 });
  return path;
}

const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('outputs never overwrite an input or each other', () => {
  it('report mix.wav --csv mix.wav (and --png, and through a symlink, a hard link or ./x/../) is refused with exit 2; the audio is untouched', () => {
    const mix = wav('mix.wav');
    const before = hash(mix);
    mkdirSync(join(dir, 'sub'), { recursive: true });
    const symlink = join(dir, 'link-to-mix.wav');
    symlinkSync(mix, symlink);
    const hardLink = join(dir, 'hard-link-to-mix.wav');
    linkSync(mix, hardLink);
    for (const [option, path] of [
      ['--csv', mix],
      ['--png', mix],
      ['--csv', symlink],
      ['--png', hardLink],
      ['--csv', join(dir, 'sub', '..', 'mix.wav')],
    ] as const) {
      const { code, stdout, stderr } = busmeter(['report', mix, option, path]);
      expect(code, `${option} ${path}`).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.split('\n')[0]).toBe(`busmeter: ${option} ${path} is the input file ${mix}: refusing to write over it`);
      expect(hash(mix)).toBe(before);
    }
  });

  it('--csv and --png on the same path (spelt the same or not, existing or not) are refused', () => {
    const mix = wav('same-out.wav');
    const out = join(dir, 'plots.out');
    for (const [csv, png] of [
      [out, out],
      [out, join(dir, 'sub', '..', 'plots.out')],
    ]) {
      const { code, stderr } = busmeter(['report', mix, '--csv', csv!, '--png', png!]);
      expect(code).toBe(2);
      expect(stderr.split('\n')[0]).toBe(`busmeter: --csv and --png name the same file (${png}): give each its own`);
    }
    writeFileSync(out, 'an older output');
    const { code, stderr } = busmeter(['report', mix, '--csv', out, '--png', out]);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(`busmeter: --csv and --png name the same file (${out}): give each its own`);
    expect(readFileSync(out, 'utf8')).toBe('an older output');
  });

  it('outputConflict tells new paths apart by folder and name, and existing ones by inode', async () => {
    const a = wav('conflict-a.wav', 0.1);
    expect(await outputConflict([a], [{ option: '--csv', path: join(dir, 'new-a.csv') }, { option: '--png', path: join(dir, 'new-a.png') }])).toBeUndefined();
    expect(await outputConflict([a], [{ option: '--csv', path: join(dir, 'sub', '..', 'conflict-a.wav') }])).toContain('is the input file');
  });

  it('an output is written through a temporary file and renamed: no partial file, no temporary left, the old output kept when the write fails', async () => {
    const target = join(dir, 'atomic.csv');
    writeFileSync(target, 'old');
    await writeFileAtomic(target, 'new content');
    expect(readFileSync(target, 'utf8')).toBe('new content');
    // A folder where the target should be: the rename fails, the temporary is removed.
    const blocked = join(dir, 'blocked.csv');
    mkdirSync(blocked);
    await expect(writeFileAtomic(blocked, 'x')).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('a CLI output that cannot be written leaves nothing behind and names the path on one line', () => {
    const mix = wav('unwritable-out.wav');
    const csv = join(dir, 'no-such-folder', 'out.csv');
    const { code, stderr } = busmeter(['report', mix, '--csv', csv]);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`^busmeter: ${csv.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: cannot write \\(ENOENT\\)`));
  });
});

describe('inputs that are not regular files, unreadable, or change while read', () => {
  it('a FIFO, a directory and an unreadable file each get one line; the good files around them are analysed; every run ends within the bound', () => {
    const fifo = join(dir, 'never.wav');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const folder = join(dir, 'folder.wav');
    mkdirSync(folder);
    const secret = wav('secret.wav', 0.5);
    chmodSync(secret, 0o600);
    const good = wav('good.wav', 1);
    for (const command of ['analyze', 'report']) {
      // As "nobody", so the permission bits count even when the tests run as root.
      const { code, signal, stdout, stderr } = busmeter([command, fifo, good, folder, secret, good, '--json'], { uid: 65534, gid: 65534 } as { uid: number });
      expect(signal, command).toBeNull();
      expect(code, command).toBe(1);
      expect(stderr.trim().split('\n'), command).toEqual([
        `busmeter: ${fifo}: a FIFO (named pipe), not an audio file: busmeter reads regular files, whose length is known`,
        `busmeter: ${folder}: is a directory, not an audio file`,
        `busmeter: ${secret}: cannot read file: permission denied`,
      ]);
      const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
      expect(lines.map((l) => ('error' in l ? 'error' : 'report'))).toEqual(['error', 'report', 'error', 'error', 'report']);
    }
  });

  it('a WAV file that shrinks or grows while its chunks are read is an error naming it, not a shorter analysis', async () => {
    for (const change of ['shrink', 'grow'] as const) {
      const path = wav(`changing-${change}.wav`, 4);
      const stream = await openAudioStream(path);
      const chunks = stream.chunks();
      await chunks.next();
      if (change === 'shrink') truncateSync(path, 200_000);
      else writeFileSync(path, new Uint8Array(1000), { flag: 'a' });
      const size = 44 + 4 * 2 * 4 * RATE;
      const after = change === 'shrink' ? '1.5 MB → 0.2 MB' : `${size.toLocaleString('en-US')} bytes → ${(size + 1000).toLocaleString('en-US')} bytes`;
      const drain = async () => {
        for await (const _ of chunks) void _;
      };
      await expect(drain()).rejects.toThrow(`${path}: the file changed size while it was being read (${after})`);
    }
  });
});

describe('stdout and names', () => {
  it('analyze --json | head -1 prints one line and no trace', () => {
    const good = wav('piped.wav', 0.5);
    const files = Array.from({ length: 40 }, () => good);
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" analyze --json "$@" | head -1`, 'sh', ...files], { encoding: 'utf8', timeout: BOUND_MS });
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(result.stdout).file).toBe(good);
    expect(result.stderr).toBe('');
  });

  it('a newline or an escape character in a file name is printed escaped: one error line per file', () => {
    const odd = join(dir, 'two\nlines\u001b[31m.wav');
    writeFileSync(odd, 'not audio at all');
    const { code, stderr } = busmeter(['analyze', odd]);
    expect(code).toBe(1);
    expect(stderr).toBe(`busmeter: ${join(dir, 'two\\nlines\\x1b[31m.wav')}: not a recognised audio file (expected WAV, FLAC, MP3 or Ogg)\n`);
  });
});
