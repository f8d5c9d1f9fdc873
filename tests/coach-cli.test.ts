// `busmeter compare BEFORE AFTER` and the coach's section of `busmeter report`, as a user runs
// them, on files synthesised here: stereo pink noise with mono lows, and a second bounce of it
// 3 dB louder with a 300 Hz tone at the low-mid band's level (the low-mids rise about 3 dB against
// the rest) and the lows made wide.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measurePlanarForCoach } from '../src/offline/coach-file.js';
import { mulberry32, pinkingFilter } from '../src/signals/noise.js';
import { floatWav } from './support/wav.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'busmeter.mjs');
const RATE = 48000;
const dir = mkdtempSync(join(tmpdir(), 'busmeter-coach-'));

function busmeter(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const n = RATE * 8;
const random = mulberry32(11);
const pink = pinkingFilter();
const pinkSide = pinkingFilter();
const mid = new Float32Array(n);
const side = new Float32Array(n);
for (let i = 0; i < n; i++) { mid[i] = 0.15 * pink(random() * 2 - 1); side[i] = 0.15 * pinkSide(random() * 2 - 1); }
// Before: the highs get a little side (pink noise high-passed by a first difference), the lows none.
const beforeL = new Float32Array(n);
const beforeR = new Float32Array(n);
for (let i = 1; i < n; i++) { const s = 0.3 * (side[i] - side[i - 1]); beforeL[i] = mid[i] + s; beforeR[i] = mid[i] - s; }
const lowMidDb = measurePlanarForCoach([beforeL, beforeR], RATE).bandsDb[1];
const amplitude = 10 ** (lowMidDb / 20);
// After: +3 dB, a 300 Hz tone as loud as the whole low-mid band, and the lows given a side of their own (the pink side noise, low-passed).
const afterL = new Float32Array(n);
const afterR = new Float32Array(n);
let low = 0;
for (let i = 0; i < n; i++) {
  low += 0.01 * (side[i] * 4 - low);
  const t = amplitude * Math.sin((2 * Math.PI * 300 * i) / RATE);
  afterL[i] = 1.413 * (beforeL[i] + t) + low;
  afterR[i] = 1.413 * (beforeR[i] + t) - low;
}
const before = join(dir, 'before.wav');
const after = join(dir, 'after.wav');
writeFileSync(before, floatWav(RATE, [beforeL, beforeR]));
writeFileSync(after, floatWav(RATE, [afterL, afterR]));

describe('busmeter compare', () => {
  it('says what changed between two bounces, in words and numbers', () => {
    const { code, stdout, stderr } = busmeter('compare', before, after);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`${before} -> ${after}`);
    expect(stdout).toMatch(/Louder by [345]\.\d LU/);
    expect(stdout).toMatch(/The low-mids rose [23]\.\d dB against the rest\./);
    expect(stdout).toMatch(/The low end is wider: side\/mid below 90 Hz -[2-6]\d\.\d -> -?\d+\.\d dB\./);
    expect(stdout).toContain('Mastering plugins\n  not detected -> not detected');
    expect(stdout).toMatch(/Coach \(the new bounce against the earlier one\)\n {2}1\. /);
  });

  it('gives the comparison as JSON, with the coach naming the low-mids and the wide lows against the earlier bounce', () => {
    const { code, stdout } = busmeter('compare', '--json', before, after);
    expect(code).toBe(0);
    const c = JSON.parse(stdout) as { rows: { quantity: string; change: number | null }[]; findings: { id: string; title: string }[] };
    const change = (q: string) => c.rows.find((r) => r.quantity === q)!.change!;
    // +3 dB of gain, and the tone and the low side add their own loudness.
    expect(change('Integrated')).toBeGreaterThan(3);
    expect(change('Integrated')).toBeLessThan(6);
    expect(change('Balance, low-mids')).toBeGreaterThan(2);
    expect(Math.abs(change('Balance, high-mids'))).toBeLessThan(1.5);
    const ids = c.findings.map((f) => f.id);
    expect(ids).toContain('balance:low-mid:above');
    expect(ids).toContain('low-width');
    expect(c.findings.find((f) => f.id === 'balance:low-mid:above')!.title).toMatch(/^The low-mids sit \d\.\d dB above the earlier bounce\.$/);
  });

  it('compares a file with itself as unchanged', () => {
    const { code, stdout } = busmeter('compare', before, before);
    expect(code).toBe(0);
    expect(stdout).toContain('No change worth naming');
    expect(stdout).toContain('Coach (the new bounce against the earlier one)\n  No finding.');
  });

  it('needs exactly two files, and names a file it cannot read', () => {
    const one = busmeter('compare', before);
    expect(one.code).toBe(2);
    expect(one.stderr.split('\n')[0]).toBe('busmeter: compare needs two FILEs (BEFORE AFTER), not 1');
    const missing = busmeter('compare', before, join(dir, 'nope.wav'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.wav');
  });
});

describe('busmeter report: the coach section', () => {
  it('prints the balance per broad band against the style range, the low end, dynamics, findings and the streaming preview', () => {
    const { code, stdout } = busmeter('report', after);
    expect(code).toBe(0);
    const section = stdout.slice(stdout.indexOf('Mix coach (against All released soundtracks'));
    expect(section).toMatch(/Balance, dB re the mean +lows -?\d+\.\d \(-?\d+\.\d\.\.\.-?\d+\.\d\)( above| below)? {3}low-mids -?\d+\.\d \(/);
    expect(section).toMatch(/Low end +side\/mid below 90 Hz/);
    expect(section).toMatch(/Dynamics +PSR \d+\.\d dB, momentary spread \d+\.\d LU, LRA \d+\.\d LU/);
    expect(section).toContain('The bass below 120 Hz is not mono');
    expect(section).toMatch(/Streaming gain +Spotify \(normal\) [+-]?\d+\.\d dB/);
    for (const service of ['YouTube', 'Apple Music', 'Tidal', 'Amazon Music', 'Deezer', 'Spotify (loud)']) expect(section).toContain(service);
  });

  it('puts the coach in the JSON report', () => {
    const { stdout } = busmeter('report', '--json', before);
    const report = JSON.parse(stdout) as { coach: { style: { id: string }; bands: unknown[]; findings: { id: string }[]; streaming: unknown[] } };
    expect(report.coach.style.id).toBe('all');
    expect(report.coach.bands).toHaveLength(4);
    expect(report.coach.streaming).toHaveLength(7);
    expect(report.coach.findings.map((f) => f.id)).not.toContain('low-width');
  });
});
