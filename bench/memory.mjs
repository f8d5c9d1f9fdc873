#!/usr/bin/env node
// `npm run bench` (last part): the CLI's memory on long files. `busmeter analyze` and `busmeter
// report` run on a 2-hour stereo 48 kHz float WAV (2.76 GB, written sparse) and on 2-hour stereo
// 48 kHz 16-bit FLAC, MP3 (128 kbit/s), Ogg Vorbis (-q 0) and Ogg Opus files (encoded here by
// Debian's `flac`, `lame`, `oggenc` and `opusenc` from a tone piped into them); each run's max RSS
// (GNU time) and wall time are printed. Fails when a run fails or passes 200 MB. The test suite
// checks the WAV, and MP3/Ogg at 1 and 5 minutes (tests/stream.test.ts); the rest is here because
// encoding and decoding two hours of each takes minutes.
//
//   node bench/memory.mjs      (after npm run build:kernel && npm run build:node)
// Environment: BENCH_MEMORY_HOURS (default 2).

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'busmeter.mjs');
const RATE = 48000;
const HOURS = Number(process.env.BENCH_MEMORY_HOURS ?? 2);
const SECONDS = Math.round(HOURS * 3600);
const LIMIT_MB = 200;

function wavHeader(frames, channels, bits, format) {
  const b = Buffer.alloc(44);
  const bytes = frames * channels * (bits / 8);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + bytes, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(format, 20);
  b.writeUInt16LE(channels, 22);
  b.writeUInt32LE(RATE, 24);
  b.writeUInt32LE(RATE * channels * (bits / 8), 28);
  b.writeUInt16LE(channels * (bits / 8), 32);
  b.writeUInt16LE(bits, 34);
  b.write('data', 36);
  b.writeUInt32LE(bytes, 40);
  return b;
}

/** One second of a 997 Hz tone at −20 dBFS, L and R a little apart, as interleaved 16-bit. */
function toneSecond() {
  const b = Buffer.alloc(RATE * 4);
  for (let i = 0; i < RATE; i++) {
    const v = 0.1 * Math.sin((2 * Math.PI * 997 * i) / RATE);
    b.writeInt16LE(Math.round(v * 32767), i * 4);
    b.writeInt16LE(Math.round(v * 0.9 * 32767), i * 4 + 2);
  }
  return b;
}

function sparseFloatWav(path) {
  const frames = SECONDS * RATE;
  const fd = openSync(path, 'w');
  writeSync(fd, wavHeader(frames, 2, 32, 3), 0, 44, 0);
  const tail = Buffer.alloc(RATE * 8);
  for (let i = 0; i < RATE; i++) {
    tail.writeFloatLE(0.25 * Math.sin((2 * Math.PI * 1000 * i) / RATE), i * 8);
    tail.writeFloatLE(0.25 * Math.sin((2 * Math.PI * 1000 * i) / RATE), i * 8 + 4);
  }
  writeSync(fd, tail, 0, tail.length, 44 + (frames - RATE) * 8);
  closeSync(fd);
}

/** Each encoder reading interleaved 16-bit little-endian stereo at RATE from stdin. */
const ENCODERS = {
  flac: (path) => ['flac', ['--silent', '--force', '-1', '--force-raw-format', '--endian=little', '--sign=signed', '--channels=2', '--bps=16', `--sample-rate=${RATE}`, '-o', path, '-']],
  // lame reads its input through libsndfile, which may not honour -r: it is given a WAV header.
  mp3: (path) => ['lame', ['--quiet', '-m', 'j', '-f', '-b', '128', '-', path]],
  ogg: (path) => ['oggenc', ['--quiet', '-r', '-B', '16', '-C', '2', '-R', String(RATE), '-q', '0', '-o', path, '-']],
  opus: (path) => ['opusenc', ['--quiet', '--raw', '--raw-bits', '16', '--raw-rate', String(RATE), '--raw-chan', '2', '--raw-endianness', '0', '--comp', '0', '-', path]],
};

async function encode(format, path) {
  const [tool, args] = ENCODERS[format](path);
  const encoder = spawn(tool, args, { stdio: ['pipe', 'ignore', 'inherit'] });
  const done = new Promise((ok, fail) => {
    encoder.on('error', fail);
    encoder.on('close', (code) => (code === 0 ? ok() : fail(new Error(`${tool} exited ${code}`))));
  });
  if (format === 'mp3') encoder.stdin.write(wavHeader(SECONDS * RATE, 2, 16, 1));
  const second = toneSecond();
  for (let s = 0; s < SECONDS; s++) {
    if (!encoder.stdin.write(second)) await new Promise((ok) => encoder.stdin.once('drain', ok));
  }
  encoder.stdin.end();
  await done;
}

function measure(command, path) {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, CLI, command, path, '--json'], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = (performance.now() - started) / 1000;
  const match = /maxrss_kb=(\d+)/.exec(result.stderr);
  return { ok: result.status === 0, mb: match ? Number(match[1]) / 1024 : NaN, seconds, stderr: result.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'busmeter-memory-'));
let failed = false;
try {
  console.log(`busmeter CLI memory on ${HOURS}-hour stereo ${RATE / 1000} kHz files (max RSS, limit ${LIMIT_MB} MB)`);
  const wav = join(dir, 'long.wav');
  sparseFloatWav(wav);
  const files = [[`float WAV, ${(statSync(wav).size / 1e9).toFixed(2)} GB`, wav]];
  for (const [format, label] of [['flac', '16-bit FLAC'], ['mp3', 'MP3 128 kbit/s'], ['ogg', 'Ogg Vorbis -q 0'], ['opus', 'Ogg Opus']]) {
    const path = join(dir, `long.${format}`);
    const started = performance.now();
    await encode(format, path);
    console.log(`  ${label} encoded in ${((performance.now() - started) / 1000).toFixed(0)} s (${(statSync(path).size / 1e6).toFixed(0)} MB)`);
    files.push([label, path]);
  }
  for (const [label, path] of files) {
    for (const command of ['analyze', 'report']) {
      const r = measure(command, path);
      const over = !(r.mb < LIMIT_MB);
      if (!r.ok || over) failed = true;
      console.log(`  ${command.padEnd(7)} ${label.padEnd(22)} max RSS ${r.mb.toFixed(0).padStart(4)} MB   ${r.seconds.toFixed(1).padStart(6)} s${r.ok ? '' : `   FAILED: ${r.stderr.trim()}`}${over ? '   OVER THE LIMIT' : ''}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failed) process.exit(1);
