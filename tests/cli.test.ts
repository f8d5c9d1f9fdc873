// The CLI as a user runs it: `busmeter analyze FILE… [--json]` on the official EBU files (the
// standard's expected values), on bad files (one clear line each, the other files still
// analysed, exit code 1) and with bad usage (exit code 2).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeOfficial, ebuFile } from './support/ebu-test-set.js';
import { floatWav } from './support/wav.js';
import { sine } from './support/signals.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'busmeter.mjs');

function busmeter(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const ebu = ebuFile;

describeOfficial('busmeter analyze on the official EBU files', () => {
  it('prints the values EBU Tech 3341 expects: test 1 → I −23.0 LUFS, test 2 → −33.0, test 16 → TP −6.0 dBTP, test 19 → +3.0 dBTP', () => {
    const { code, stdout, stderr } = busmeter('analyze', ebu('seq-3341-1-16bit.wav'), ebu('seq-3341-2-16bit.wav'), ebu('seq-3341-16-24bit.wav.wav'), ebu('seq-3341-19-24bit.wav.wav'), '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const reports = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(reports).toHaveLength(4);
    expect(Math.abs(reports[0].integratedLufs + 23)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(reports[1].integratedLufs + 33)).toBeLessThanOrEqual(0.1);
    expect(reports[2].truePeakMaxDbtp).toBeGreaterThanOrEqual(-6.4);
    expect(reports[2].truePeakMaxDbtp).toBeLessThanOrEqual(-5.8);
    expect(reports[3].truePeakMaxDbtp).toBeGreaterThanOrEqual(2.6);
    expect(reports[3].truePeakMaxDbtp).toBeLessThanOrEqual(3.2);
    expect(reports[0]).toMatchObject({ sampleRate: 48000, channels: ['L', 'R'], layout: 'stereo', badSamples: 0 });
    expect(Object.keys(reports[0].truePeakDbtp)).toEqual(['L', 'R']);
  });

  it('every official test-10 and test-13 file prints max S / max M = −23.0 ±0.1 LUFS', () => {
    const files = [...Array.from({ length: 20 }, (_, i) => ebu(`seq-3341-10-${i + 1}-24bit.wav`)), ...Array.from({ length: 20 }, (_, i) => ebu(`seq-3341-13-${i + 1}-24bit.wav`))];
    const { code, stdout } = busmeter('analyze', '--json', ...files);
    expect(code).toBe(0);
    const reports = stdout.trim().split('\n').map((line) => JSON.parse(line));
    reports.slice(0, 20).forEach((r) => expect(Math.abs(r.shortTermMaxLufs + 23), r.file).toBeLessThanOrEqual(0.1));
    reports.slice(20).forEach((r) => expect(Math.abs(r.momentaryMaxLufs + 23), r.file).toBeLessThanOrEqual(0.1));
  });

  it('the text report names every quantity with its unit', () => {
    const { code, stdout } = busmeter('analyze', ebu('1kHz Sine -20 LUFS-16bit.wav'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/Integrated\s+-20\.0 LUFS/);
    expect(stdout).toMatch(/Loudness range\s+0\.0 LU/);
    expect(stdout).toMatch(/True peak max\s+-?\d+\.\d dBTP/);
    expect(stdout).toMatch(/Sample peak\s+L -?\d+\.\d dBFS\s+R -?\d+\.\d dBFS/);
    expect(stdout).toMatch(/Clips \(3\+ samples\)\s+L 0\s+R 0/);
  });
});

describe('bad files and bad usage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'busmeter-cli-'));
  const notAudio = join(dir, 'notes.wav');
  writeFileSync(notAudio, 'these are my mix notes, not audio\n');
  const empty = join(dir, 'empty.wav');
  writeFileSync(empty, '');
  const missing = join(dir, 'missing.wav');
  // A good file: a 1 kHz sine at −23 dBFS in both channels reads −23 LUFS (EBU Tech 3341 test 1's signal).
  const good = join(dir, 'tone.wav');
  writeFileSync(good, floatWav(48000, sine({ sampleRate: 48000, frequencyHz: 1000, amplitude: 10 ** (-23 / 20), seconds: 5 })));

  it('each bad file gets one line naming it and the problem; the good file between them is still analysed; exit code 1', () => {
    const { code, stdout, stderr } = busmeter('analyze', notAudio, good, empty, missing, '--json');
    expect(code).toBe(1);
    const errors = stderr.trim().split('\n');
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^busmeter: .*notes\.wav: .*not a recognised audio file/);
    expect(errors[1]).toMatch(/^busmeter: .*empty\.wav: .*empty/);
    expect(errors[2]).toMatch(/^busmeter: .*missing\.wav: .*(not found|no such file)/i);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => ('error' in l ? 'error' : 'report'))).toEqual(['error', 'report', 'error', 'error']);
    expect(Math.abs(lines[1].integratedLufs + 23)).toBeLessThanOrEqual(0.1);
  });

  it('usage errors exit with 2 and say what is wrong', () => {
    expect(busmeter()).toMatchObject({ code: 2 });
    expect(busmeter().stderr).toContain('busmeter: no command');
    expect(busmeter('measure', 'x.wav').stderr).toContain('busmeter: unknown command "measure"');
    expect(busmeter('analyze').stderr).toContain('busmeter: analyze needs at least one FILE');
    expect(busmeter('analyze', '--csv', 'x.wav').stderr).toContain('busmeter: unknown option --csv');
    expect(busmeter('--help')).toMatchObject({ code: 0 });
  });
});

describe('float input far beyond full scale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'busmeter-cli-'));
  // +55 dBFS and 3e38 (+769.5 dBFS) float sines: loudness and true peak read their level, and
  // the report says the values are far beyond full scale; a +20 dBFS one is not flagged.
  const write = (name: string, amplitude: number) => {
    const path = join(dir, name);
    writeFileSync(path, floatWav(48000, sine({ sampleRate: 48000, frequencyHz: 997, amplitude, seconds: 3 })));
    return path;
  };
  const hot = write('hot.wav', 10 ** (20 / 20));
  const plus55 = write('plus55.wav', 10 ** (55 / 20));
  const huge = write('huge.wav', 3e38);

  it('analyze --json reads them right and sets farOverFullScale beyond +24 dBFS only', () => {
    const { code, stdout, stderr } = busmeter('analyze', hot, plus55, huge, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [r20, r55, rHuge] = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(r20.farOverFullScale).toBe(false);
    expect(r55.farOverFullScale).toBe(true);
    expect(rHuge.farOverFullScale).toBe(true);
    // A sine's integrated loudness is its peak level (stereo, −3.01 + 3.01 dB) within K-weighting's gain at 997 Hz.
    expect(Math.abs(r55.integratedLufs - 55)).toBeLessThan(0.1);
    expect(Math.abs(r55.truePeakMaxDbtp - 55)).toBeLessThan(0.05);
    const level = 20 * Math.log10(3e38);
    expect(Math.abs(rHuge.integratedLufs - level)).toBeLessThan(0.1);
    expect(Math.abs(rHuge.truePeakMaxDbtp - level)).toBeLessThan(0.05);
  });

  it('the text report says it in one line', () => {
    const { code, stdout } = busmeter('analyze', hot, huge);
    expect(code).toBe(0);
    const [textHot, textHuge] = stdout.split(/\n(?=\S)/);
    expect(textHot).not.toContain('Far over full scale');
    expect(textHuge).toMatch(/Far over full scale\s+samples beyond \+24 dBFS: the audio is probably in the wrong scale \(measured as it is\)/);
    expect(textHuge).toMatch(/True peak max\s+769\.5 dBTP/);
  });
});
