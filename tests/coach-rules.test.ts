// The coach's DOM-free rules (src/rules/coach/): broad bands, low-end width, PSR, findings against
// a target range, and the live coach's hysteresis (no flicker at an edge). Measured through the
// kernel where the number comes from the kernel (src/offline/coach-run.ts).

import { describe, expect, it } from 'vitest';
import { measurePlanarForCoach } from '../src/offline/coach-file.js';
import {
  BROAD_BANDS, CoachAccumulator, DEFAULT_STYLE, LiveCoach, styleTarget, LoudnessSpread, PsrTracker, balanceOf, broadBandLevels, coachFindings, lowWidth, targetFromReferences,
  type CoachMeasurement, type CoachTarget,
} from '../src/rules/coach/index.js';
import { mulberry32, pinkingFilter } from '../src/signals/noise.js';

const flatTarget = (halfDb = 2): CoachTarget => ({
  id: 'test', label: 'the test style', source: 'test', fromReference: false,
  balanceDb: BROAD_BANDS.map(() => ({ low: -halfDb, high: halfDb })),
  subToLowMaxDb: -10, lowSideToMidMaxDb: -10, psrDb: { low: 8, high: 16 }, movementLu: { low: 2, high: 20 }, loudnessRangeLu: { low: 2, high: 12 },
});

const measurement = (bandsDb: number[], extra: Partial<CoachMeasurement> = {}): CoachMeasurement => ({
  bandsDb, subToLowDb: -20, lowSideToMidDb: -20, lowCorrelation: 0.98, psrDb: 12, movementLu: 6, loudnessRangeLu: 6, integratedLufs: -16, truePeakMaxDbtp: -3, ...extra,
});

describe('broad bands', () => {
  it('sums the 1/3-octave powers inside each band and leaves the sub out', () => {
    const centres = [20, 25, 31.6, 63, 125, 160, 500, 630, 4000, 5000, 16000];
    const levels = centres.map(() => -20);
    const bands = broadBandLevels(centres, levels, centres.length);
    // low: 31.6, 63, 125 (three bands) → −20 + 10·log10(3); low-mid: 160, 500; high-mid: 630, 4000; high: 5000, 16000.
    expect(bands[0]).toBeCloseTo(-20 + 10 * Math.log10(3), 9);
    expect(bands[1]).toBeCloseTo(-20 + 10 * Math.log10(2), 9);
    expect(bands[2]).toBeCloseTo(-20 + 10 * Math.log10(2), 9);
    expect(bands[3]).toBeCloseTo(-20 + 10 * Math.log10(2), 9);
    expect(balanceOf([-10, -12, -14, -16])).toEqual([3, 1, -1, -3]);
  });

  it('reads the low-end width from the band correlation: mono −60 dB, uncorrelated 0 dB, the 125 Hz band ignored', () => {
    expect(lowWidth([31.6, 63, 125], [1, 1, -1], 3)).toEqual({ sideToMidDb: -60, correlation: 1 });
    expect(lowWidth([31.6, 63, 125], [0, 0, 1], 3)!.sideToMidDb).toBeCloseTo(0, 9);
    expect(lowWidth([31.6, 63], [0.8, 0.8], 2)!.sideToMidDb).toBeCloseTo(10 * Math.log10(0.2 / 1.8), 9);
    expect(lowWidth([125], [0], 1)).toBeNull();
  });

  it('measures mono and decorrelated lows, and a boosted band, through the kernel', () => {
    const fs = 48000;
    const n = fs * 6;
    const random = mulberry32(7);
    const pinkA = pinkingFilter();
    const pinkB = pinkingFilter();
    const mono = new Float32Array(n);
    const other = new Float32Array(n);
    // The noise steps by 6 dB every second: steady noise is a test signal, about which the coach says nothing.
    const envelope = (i: number) => (Math.floor(i / fs) % 2 === 0 ? 0.2 : 0.1);
    for (let i = 0; i < n; i++) { mono[i] = envelope(i) * pinkA(random() * 2 - 1); other[i] = envelope(i) * pinkB(random() * 2 - 1); }
    const narrow = measurePlanarForCoach([mono, mono], fs);
    const wide = measurePlanarForCoach([mono, other], fs);
    expect(narrow.lowSideToMidDb).toBeLessThan(-40);
    expect(wide.lowSideToMidDb!).toBeGreaterThan(-3);
    expect(wide.lowSideToMidDb!).toBeLessThan(3);
    // A 1 kHz tone at the level of the pink noise's high-mid band lifts that band by about 3 dB.
    const toneDb = narrow.bandsDb[2];
    // (The tone steps with the noise; its level is re a full-scale sine, its mean square envelope (0.2² + 0.1²) / 2.)
    const amplitude = 10 ** (toneDb / 20) / Math.sqrt((0.2 ** 2 + 0.1 ** 2) / 2);
    const lifted = mono.map((x, i) => x + envelope(i) * amplitude * Math.sin((2 * Math.PI * 1000 * i) / fs));
    const m = measurePlanarForCoach([lifted, lifted], fs);
    expect(m.bandsDb[2] - narrow.bandsDb[2]).toBeCloseTo(3.01, 0);
    expect(Math.abs(m.bandsDb[0] - narrow.bandsDb[0])).toBeLessThan(0.05);
    const findings = coachFindings(m, targetFromReferences([narrow]));
    expect(findings.map((f) => f.id)).toEqual(['balance:high-mid:above']);
    expect(coachFindings(narrow, targetFromReferences([narrow]))).toEqual([]);
  });
});

describe('PSR', () => {
  it('is the median of (true peak of the last 3 s − short-term loudness) while the programme plays', () => {
    const psr = new PsrTracker();
    for (let t = 0; t < 10; t += 0.1) psr.push(t, t < 5 ? -1 : -6, -14);
    // Five seconds at 13 dB; then the 3 s peak holds −1 until 8 s; 2 s at 8 dB: median 13.
    expect(psr.psrDb()).toBe(13);
    for (let t = 10; t < 20; t += 0.1) psr.push(t, -6, -14);
    expect(psr.psrDb()).toBe(8);
    psr.push(20, -1, -60); // silence does not count
    expect(psr.psrDb()).toBe(8);
  });

  it('measures how much the momentary loudness moves (10th–90th percentile spread)', () => {
    const spread = new LoudnessSpread();
    expect(spread.spreadLu()).toBeNull();
    for (let i = 0; i < 100; i++) spread.push(-20 + (i % 10)); // −20 … −11, evenly
    spread.push(-80); // silence does not count
    expect(spread.spreadLu()).toBe(8);
  });
});

describe('findings', () => {
  it('names the band that moved, in its direction, with the number, why and what to do', () => {
    const [f, ...rest] = coachFindings(measurement([-20, -20 + 5.1, -20, -20]), flatTarget());
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ id: 'balance:low-mid:above', band: 'low-mid', direction: 'above' });
    expect(f.value).toBeCloseTo(3.1, 9);
    expect(f.title).toBe('The low-mids sit 3.1 dB above the range for the test style.');
    expect(f.action).toMatch(/250–400 Hz/);
    expect(f.why.length).toBeGreaterThan(20);
    const [down] = coachFindings(measurement([-20, -20, -20, -25]), flatTarget());
    expect(down).toMatchObject({ id: 'balance:high:below', direction: 'below' });
  });

  it('ignores the overall level and a band inside its range', () => {
    expect(coachFindings(measurement([-40, -40, -40, -40]), flatTarget())).toEqual([]);
    expect(coachFindings(measurement([-20, -18.5, -20, -21]), flatTarget())).toEqual([]);
  });

  it('flags a wide low end, sub energy, squashed and very open dynamics, and orders by how far out', () => {
    const ids = coachFindings(measurement([-20, -20, -20, -20], { lowSideToMidDb: -4, subToLowDb: -8, psrDb: 5, loudnessRangeLu: 15 }), flatTarget()).map((f) => f.id);
    expect(ids).toEqual(['low-width', 'squashed', 'wide-ranging', 'sub']);
    expect(coachFindings(measurement([-20, -20, -20, -20], { psrDb: 18 }), flatTarget()).map((f) => f.id)).toEqual(['spiky']);
    // The movement is judged against references only (a style's arrangements differ too much).
    expect(coachFindings(measurement([-20, -20, -20, -20], { movementLu: 0.8 }), flatTarget())).toEqual([]);
    const flat = coachFindings(measurement([-20, -20, -20, -20], { movementLu: 0.8 }), targetFromReferences([measurement([-20, -20, -20, -20])], 'the mix'));
    expect(flat.map((f) => f.id)).toEqual(['squashed']);
    expect(flat[0].title).toBe('The dynamics are squashed: the loudness hardly moves (momentary spread 0.8 LU, at least 3.0 LU in the mix).');
  });

  it('says nothing about a steady tone or test signal (its loudness does not move), and does about the same tone when it moves', () => {
    const fs = 48000;
    const tone = new Float32Array(fs * 8).map((_, i) => 0.1 * Math.sin((2 * Math.PI * 1000 * i) / fs));
    const steady = measurePlanarForCoach([tone, tone], fs);
    expect(steady.movementLu!).toBeLessThan(0.3);
    expect(coachFindings(steady, styleTarget(DEFAULT_STYLE))).toEqual([]);
    // The same tone stepping by 6 dB every second is no longer steady: its one loud band is named.
    const stepping = tone.map((x, i) => (Math.floor(i / fs) % 2 === 0 ? x : x / 2));
    const moving = measurePlanarForCoach([stepping, stepping], fs);
    expect(moving.movementLu!).toBeGreaterThan(3);
    expect(coachFindings(moving, styleTarget(DEFAULT_STYLE)).map((f) => f.id)).toContain('balance:high-mid:above');
  });

  it('keeps a shown finding until it is back inside by the hysteresis margin', () => {
    const target = flatTarget();
    const at = (lowMid: number, shown: Set<string>) => coachFindings(measurement([-20, -20 + lowMid, -20, -20]), target, shown).map((f) => f.id);
    // Outside: range half-width 2 + margin 0.25 → the position must exceed 2.25 dB (the median takes 1/4 of it).
    expect(at(3.2, new Set())).toEqual(['balance:low-mid:above']);
    expect(at(2.2, new Set())).toEqual([]);
    expect(at(2.2, new Set(['balance:low-mid:above']))).toEqual(['balance:low-mid:above']);
    expect(at(1.4, new Set(['balance:low-mid:above']))).toEqual([]);
  });

  it('builds a target from references that raises nothing on them', () => {
    const a = measurement([-20, -22, -25, -30]);
    const b = measurement([-21, -21, -26, -31], { psrDb: 14, movementLu: 9, loudnessRangeLu: 8, lowSideToMidDb: -25 });
    const target = targetFromReferences([a, b]);
    expect(coachFindings(a, target)).toEqual([]);
    expect(coachFindings(b, target)).toEqual([]);
    expect(target.lowSideToMidMaxDb).toBe(-17);
  });
});

describe('the live measurement', () => {
  const centres = [25, 31.6, 63, 125, 250, 1000, 2000, 8000];
  it('averages the broad bands over about 10 s (an exponential with a 5 s time constant)', () => {
    const acc = new CoachAccumulator();
    const levels = centres.map(() => -30);
    for (let t = 0; t <= 20; t += 0.05) acc.pushSpectrum(t, centres, levels, centres.length);
    const before = acc.measurement()!.bandsDb;
    const stepped = levels.map((v, b) => (centres[b] >= 4470 ? v + 6 : v));
    let t = 20;
    for (; t < 25; t += 0.05) acc.pushSpectrum(t + 0.05, centres, stepped, centres.length);
    const after = acc.measurement()!.bandsDb;
    // After one time constant the power has come 63 % of the way: 10·log10(1 + 0.632·(4 − 1)) dB.
    expect(after[3] - before[3]).toBeCloseTo(10 * Math.log10(1 + (1 - Math.exp(-1)) * (10 ** 0.6 - 1)), 1);
    expect(after[1] - before[1]).toBeCloseTo(0, 9);
  });

  it('weights the low-end correlation by the low band, so silence does not make the bass look wide', () => {
    const acc = new CoachAccumulator();
    const octaves = [31.6, 63, 125];
    // 2 s of silence (correlation reads 0), then 8 s of mono bass.
    for (let t = 0; t < 2; t += 0.05) {
      acc.pushSpectrum(t, centres, centres.map(() => -200), centres.length);
      acc.pushStereo(t, octaves, [0, 0, 0], 3);
    }
    for (let t = 2; t < 10; t += 0.05) {
      acc.pushSpectrum(t, centres, centres.map(() => -30), centres.length);
      acc.pushStereo(t, octaves, [1, 1, 1], 3);
    }
    expect(acc.measurement()!.lowSideToMidDb).toBe(-60);
  });
});

describe('the live coach', () => {
  it('shows a finding after it has held, does not flicker at the edge, and lets it go after it has gone', () => {
    const coach = new LiveCoach();
    const target = flatTarget();
    const changes: string[] = [];
    let previous = '';
    let firstShown: number | null = null;
    for (let step = 0; step < 400; step++) {
      const t = step * 0.1;
      // 0–2 s inside; 2–10 s well outside; 10–30 s hovering ±0.3 dB around the edge (2.25 dB,
      // where a new finding would appear); 30–40 s well inside.
      const lowMid = t < 2 ? 0 : t < 10 ? 3.5 : t < 30 ? 2.25 + (step % 2 ? 0.3 : -0.3) : 0;
      const ids = coach.update(t, measurement([-20, -20 + lowMid, -20, -20]), target).map((f) => f.id).join();
      if (ids && firstShown === null) firstShown = t;
      if (ids !== previous) changes.push(`${t.toFixed(1)}:${ids}`);
      previous = ids;
    }
    expect(firstShown).toBeCloseTo(4, 5);
    expect(changes).toEqual(['4.0:balance:low-mid:above', '33.0:']);
  });

  it('shows nothing without a measurement', () => {
    expect(new LiveCoach().update(0, null, flatTarget())).toEqual([]);
  });

  it('never shows a finding that only flickers across the edge', () => {
    const coach = new LiveCoach();
    let shown = 0;
    for (let step = 0; step < 300; step++) {
      const lowMid = 2.25 + (step % 2 ? 0.3 : -0.3);
      shown += coach.update(step * 0.1, measurement([-20, -20 + lowMid, -20, -20]), flatTarget()).length;
    }
    expect(shown).toBe(0);
  });
});

