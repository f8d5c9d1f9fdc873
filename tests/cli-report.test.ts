// `busmeter report` as a user runs it, on files synthesised here with known answers: a −23 LUFS
// stereo 1 kHz tone (I −23.0, "quieter than needed", spectrum peak at 1 kHz), hot and ready
// tones (the headroom rule's words), clipped runs at known times (their positions), the CSV and
// PNG outputs, and bad files and options (one clear line, exit codes as `analyze`).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { PLOT_COLORS, PLOT_HEIGHT, PLOT_WIDTH } from '../src/offline/report/plots.js';
import { floatWav } from './support/wav.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'busmeter.mjs');
const RATE = 48000;
const dir = mkdtempSync(join(tmpdir(), 'busmeter-report-'));

function busmeter(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A 1 kHz sine of the given peak level, `seconds` long, the same in both channels. */
function tone(peakDbfs: number, seconds: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  const a = 10 ** (peakDbfs / 20);
  for (let i = 0; i < out.length; i++) out[i] = a * Math.sin((2 * Math.PI * 1000 * i) / RATE);
  return out;
}

function file(name: string, channels: Float32Array[], rate = RATE): string {
  const path = join(dir, name);
  writeFileSync(path, floatWav(rate, channels));
  return path;
}

const reportJson = (path: string) => {
  const { code, stdout, stderr } = busmeter('report', path, '--json');
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout);
};

describe('busmeter report on synthesised files', () => {
  const t23 = tone(-23, 10);
  const calibration = file('tone-23.wav', [t23, t23]);

  it('a −23 dBFS stereo 1 kHz tone (EBU calibration) reports I −23.0 LUFS, LRA 0, TP −23.0, "20.0 dB quieter than needed", spectrum peak at 1 kHz', () => {
    const r = reportJson(calibration);
    expect(Math.abs(r.loudness.integratedLufs + 23)).toBeLessThanOrEqual(0.05);
    expect(r.loudness.loudnessRangeLu).toBeLessThanOrEqual(0.1);
    expect(Math.abs(r.peaks.truePeakMaxDbtp + 23)).toBeLessThanOrEqual(0.05);
    expect(r.headroom).toMatchObject({ state: 'quiet', peakDbtp: -23, adjustDb: 20 });
    expect(r.headroom.message).toMatch(/^20\.0 dB quieter than needed: peaks at −23\.0 dBTP/);
    // Spectrum: the strongest bin within one bin (48000/8192 Hz) of 1 kHz; the loudest band is the
    // 1 kHz third-octave at the tone's level (a sine reads its peak level).
    expect(r.spectrum.fftSize).toBe(8192);
    expect(Math.abs(r.spectrum.peakHz - 1000)).toBeLessThanOrEqual(RATE / 8192);
    const levels: number[] = r.spectrum.bands.levelDb.map((v: number | null) => v ?? -Infinity);
    const loudest = levels.indexOf(Math.max(...levels));
    expect(r.spectrum.bands.centreHz[loudest]).toBeCloseTo(1000, 0);
    expect(Math.abs(levels[loudest] + 23)).toBeLessThanOrEqual(0.1);
    // Identical channels: correlation +1, no balance, no mono loss.
    expect(r.stereo).toMatchObject({ correlationProgramme: 1, balanceDb: 0, monoLossLu: 0 });
    expect(r.clips).toEqual({ clipRuns: 0, truePeakOvers: 0, events: [], eventsOmitted: 0 });
    expect(r.mastering.state).toBe('off');
    expect(r.file).toMatchObject({ sampleRate: 48000, layout: 'stereo', channels: ['L', 'R'], frames: 480000, durationSeconds: 10 });
  });

  it('the text report is one page with the verdict and every section', () => {
    const { code, stdout } = busmeter('report', calibration);
    expect(code).toBe(0);
    expect(stdout).toContain('Headroom: 20.0 dB quieter than needed');
    expect(stdout).toMatch(/Integrated\s+-23\.0 LUFS/);
    expect(stdout).toMatch(/True peak\s+L -23\.0 dBTP\s+R -23\.0 dBTP/);
    expect(stdout).toMatch(/Positions\s+none/);
    expect(stdout).toMatch(/Strongest frequency\s+(99\d|100\d)\.\d Hz/);
    expect(stdout).toMatch(/1 kHz\s+-23\.0/);
    expect(stdout).toMatch(/Correlation\s+1\.00 overall/);
    expect(stdout).toMatch(/Mastering plugins\n\s+Verdict\s+not detected/);
    expect(stdout.split('\n').length).toBeLessThan(60);
  });

  it('a tone peaking at −1 dBFS is "2.0 dB too hot: turn the mix down 2.0 dB before bouncing"; at −4.5 it is "ready for mastering"', () => {
    const hot = tone(-1, 5);
    const r = reportJson(file('hot.wav', [hot, hot]));
    expect(r.headroom.state).toBe('hot');
    expect(r.headroom.adjustDb).toBe(-2);
    expect(r.headroom.message).toMatch(/^2\.0 dB too hot: turn the mix down 2\.0 dB before bouncing/);
    const ok = tone(-4.5, 5);
    const ready = reportJson(file('ready.wav', [ok, ok]));
    expect(ready.headroom).toMatchObject({ state: 'ready', adjustDb: 0 });
    expect(ready.headroom.message).toBe('Ready for mastering: peaks at −4.5 dBTP, inside −6 … −3 dBFS.');
  });

  it('clipped runs at 3.217 s (L) and 5.5 s (R) are placed within 10 ms, with their channel', () => {
    const left = tone(-6, 8);
    const right = tone(-6, 8);
    const at = (s: number) => Math.round(s * RATE);
    for (let i = at(3.217); i < at(3.217) + 5; i++) left[i] = 1;
    for (let i = at(5.5); i < at(5.5) + 4; i++) right[i] = -1;
    const r = reportJson(file('clips.wav', [left, right]));
    expect(r.clips.clipRuns).toBe(2);
    const clips = r.clips.events.filter((e: { kind: string }) => e.kind === 'clip');
    expect(clips).toHaveLength(2);
    expect(clips[0].channels).toEqual(['L']);
    expect(clips[1].channels).toEqual(['R']);
    // The kernel counts a run at its third sample: within the 10 ms read that holds it.
    expect(Math.abs(clips[0].startSeconds - 3.217)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(clips[1].startSeconds - 5.5)).toBeLessThanOrEqual(0.01);
    expect(clips[0].endSeconds - clips[0].startSeconds).toBeLessThanOrEqual(0.0201);
    expect(r.peaks.channels.map((c: { clipRuns: number }) => c.clipRuns)).toEqual([1, 1]);
    expect(r.headroom.message).toContain('The file clips (2 clipped runs');
    const { stdout } = busmeter('report', join(dir, 'clips.wav'));
    expect(stdout).toMatch(/Positions\s+0:03\.2\d - 0:03\.2\d\s+1 clip run in L/);
  });

  it('--csv writes one row per 100 ms with the JSON series; --svg the plots with their labels as text; --png the same picture, 960×560, its spectrum trace peaking at 1 kHz and its labels drawn', () => {
    const csvPath = join(dir, 'tone.csv');
    const pngPath = join(dir, 'tone.png');
    const svgPath = join(dir, 'tone.svg');
    const { code, stderr } = busmeter('report', calibration, '--csv', csvPath, '--png', pngPath, '--svg=' + svgPath);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const r = reportJson(calibration);
    const rows = readFileSync(csvPath, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('time_s,momentary_lufs,short_term_lufs,correlation');
    expect(rows).toHaveLength(1 + 100);
    expect(rows[1]).toBe(`0.1,${r.series.momentaryLufs[0]},${r.series.shortTermLufs[0]},${r.series.correlation[0]}`);
    expect(rows[100].split(',').map(Number)).toEqual([10, r.series.momentaryLufs[99], r.series.shortTermLufs[99], r.series.correlation[99]]);
    expect(Math.abs(r.series.shortTermLufs[99] + 23)).toBeLessThanOrEqual(0.05);

    const svg = readFileSync(svgPath, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="960" height="560" viewBox="0 0 960 560"/);
    const texts = [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(texts).toEqual(expect.arrayContaining(['Loudness over time (LUFS): short-term, momentary, integrated \u221223.0', '1k', '10k', '0:00']));
    expect(texts.find((t) => t!.startsWith('Spectrum'))).toMatch(/^Spectrum \(dB, mid, mean\), 1\/3-octave bands, peak (999|1000|1001) Hz$/);

    const png = PNG.sync.read(readFileSync(pngPath));
    expect([png.width, png.height]).toEqual([PLOT_WIDTH, PLOT_HEIGHT]);
    /** Pixels of row y at least half covered by `color` over the background (the renderer smooths edges). */
    const rgb = (color: string) => [1, 3, 5].map((k) => parseInt(color.slice(k, k + 2), 16));
    const [background, spectrum, text] = [rgb(PLOT_COLORS.background), rgb(PLOT_COLORS.spectrum), rgb(PLOT_COLORS.text)];
    const covered = (y: number, x0: number, x1: number, color: number[]) => {
      const xs: number[] = [];
      for (let x = x0; x < x1; x++) {
        const i = (y * PLOT_WIDTH + x) * 4;
        if ([0, 1, 2].every((c) => Math.abs(png.data[i + c]! - color[c]!) <= Math.abs(color[c]! - background[c]!) / 2 + 2)) xs.push(x);
      }
      return xs;
    };
    // The spectrum plot's title (its top edge 20 px above the plot at y = 308) is drawn: text-coloured pixels.
    let titlePixels = 0;
    for (let y = 288; y < 304; y++) titlePixels += covered(y, 56, 500, text).length;
    expect(titlePixels).toBeGreaterThan(200);
    // The highest row of the spectrum trace colour in the lower plot (the 1/6-octave-smoothed
    // peak: a short plateau) is centred on 1 kHz of its log axis (20 Hz … 20 kHz over 888 px from x = 56).
    let topXs: number[] = [];
    // Inside the plot's frame only (the axis labels outside it are drawn in a colour not far from the trace's).
    let y0 = PLOT_HEIGHT / 2 + 28;
    while (y0 < PLOT_HEIGHT && covered(y0, 58, PLOT_WIDTH - 18, spectrum).length === 0) y0++;
    // The top of the trace: its rows down to 3 px below the first (the edges are smoothed, so one row can show one end only).
    for (let y = y0; y < y0 + 4; y++) topXs = topXs.concat(covered(y, 58, PLOT_WIDTH - 18, spectrum));
    const centre = (Math.min(...topXs) + Math.max(...topXs)) / 2;
    const x1k = 56 + (Math.log(1000 / 20) / Math.log(1000)) * (PLOT_WIDTH - 56 - 16);
    expect(topXs.length).toBeGreaterThan(0);
    expect(Math.abs(centre - x1k)).toBeLessThanOrEqual(3);
  });
});

describe('busmeter report: bad files and bad usage', () => {
  const notAudio = join(dir, 'notes.wav');
  writeFileSync(notAudio, 'these are my mix notes, not audio\n');
  const empty = join(dir, 'empty.wav');
  writeFileSync(empty, '');
  const missing = join(dir, 'missing.wav');

  it('each bad file gets one line naming it and the problem; the good file is still reported; exit code 1', () => {
    const t = tone(-20, 2);
    const good = file('good.wav', [t, t]);
    const { code, stdout, stderr } = busmeter('report', notAudio, good, empty, missing, '--json');
    expect(code).toBe(1);
    const errors = stderr.trim().split('\n');
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^busmeter: .*notes\.wav: .*not a recognised audio file/);
    expect(errors[1]).toMatch(/^busmeter: .*empty\.wav: .*empty/);
    expect(errors[2]).toMatch(/^busmeter: .*missing\.wav: .*(not found|no such file)/i);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => ('error' in l ? 'error' : 'report'))).toEqual(['error', 'report', 'error', 'error']);
    expect(Math.abs(lines[1].loudness.integratedLufs + 20)).toBeLessThanOrEqual(0.05);
  });

  it('an output that cannot be written is one line naming it, exit code 1, the report still printed', () => {
    const t = tone(-20, 1);
    const good = file('good-1s.wav', [t, t]);
    const target = join(dir, 'no-such-dir', 'plot.png');
    const { code, stdout, stderr } = busmeter('report', good, '--png', target);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`^busmeter: ${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot write \\(ENOENT\\)`));
    expect(stdout).toMatch(/Integrated\s+-20\.0 LUFS/);
    expect(existsSync(target)).toBe(false);
  });

  it('usage errors exit with 2 and say what is wrong', () => {
    expect(busmeter('report')).toMatchObject({ code: 2 });
    expect(busmeter('report').stderr).toContain('busmeter: report needs at least one FILE');
    expect(busmeter('report', 'x.wav', '--csv').stderr).toContain('busmeter: --csv needs an output FILE');
    expect(busmeter('report', 'x.wav', '--png', '--json').stderr).toContain('busmeter: --png needs an output FILE');
    expect(busmeter('report', 'a.wav', 'b.wav', '--csv', 'o.csv')).toMatchObject({ code: 2 });
    expect(busmeter('report', 'a.wav', 'b.wav', '--csv', 'o.csv').stderr).toContain('busmeter: --csv, --png and --svg take one input FILE');
    expect(busmeter('report', 'x.wav', '--bands', '3').stderr).toContain('busmeter: unknown option --bands');
  });
});
