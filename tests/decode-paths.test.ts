// The CLI streams WAV and FLAC from disk (src/offline/decode/stream.ts); the app decodes the
// whole file in its worker (src/offline/decode/bytes.ts, as decodeAudioBytes). For the app to
// show the CLI's error line, both paths must word every problem alike: seeded truncations and
// bit flips of a WAV and a FLAC (headers and audio) give the same line, or both succeed.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeAudioBytes } from '../src/offline/decode/bytes.js';
import { openAudioStream } from '../src/offline/decode/stream.js';
import { mulberry32 } from './support/signals.js';
import { pcm16Wav } from './support/wav.js';

const dir = mkdtempSync(join(tmpdir(), 'busmeter-decode-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function streamed(path: string): Promise<string> {
  try {
    const stream = await openAudioStream(path);
    for await (const chunk of stream.chunks()) void chunk;
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  }
}

async function whole(path: string): Promise<string> {
  try {
    await decodeAudioBytes(readFileSync(path), path);
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  }
}

/** Damages `source` by case number: a cut anywhere, flips in the header, flips anywhere. */
function damaged(source: Buffer, seed: number, headerBytes: number): Buffer {
  const random = mulberry32(seed);
  const bytes = Buffer.from(source);
  const pick = (limit: number) => Math.floor(random() * limit);
  switch (seed % 3) {
    case 0:
      return bytes.subarray(0, pick(bytes.length));
    case 1:
      for (let k = 0; k < 3; k++) bytes[pick(headerBytes)] ^= 1 << pick(8);
      return bytes;
    default:
      for (let k = 0; k < 1 + (seed % 7); k++) bytes[pick(bytes.length)] ^= 1 << pick(8);
      return bytes;
  }
}

describe('the streaming (CLI) and whole-file (app) decoders say the same', () => {
  const random = mulberry32(19);
  const x = Float32Array.from({ length: 44100 * 2 }, (_, i) => 0.3 * Math.sin(i / 7) + (random() - 0.5) * 0.1);
  const wav = pcm16Wav(44100, [x, x]);
  writeFileSync(join(dir, 'a.wav'), wav);
  execFileSync('flac', ['--silent', '--force', '-o', join(dir, 'a.flac'), join(dir, 'a.wav')]);
  const flac = readFileSync(join(dir, 'a.flac'));

  for (const [format, source, headerBytes] of [['wav', wav, 44], ['flac', flac, 42]] as const) {
    it(`${format}: 45 damaged files, seeds 0–44`, async () => {
      const outcomes: string[] = [];
      for (let seed = 0; seed < 45; seed++) {
        const path = join(dir, `${seed}.${format}`);
        writeFileSync(path, damaged(source, seed, headerBytes));
        const line = await streamed(path);
        expect(await whole(path), `seed ${seed}`).toBe(line);
        outcomes.push(line);
      }
      // Not vacuous: most cases are errors, of several kinds.
      expect(outcomes.filter((o) => o !== 'ok').length).toBeGreaterThan(20);
      expect(new Set(outcomes.map((o) => o.split(': ')[1])).size).toBeGreaterThan(2);
    });
  }
});
