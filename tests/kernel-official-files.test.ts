// The official EBU loudness test set (48 kHz), read in place from where tests/support/ebu-test-set.ts
// finds it (EBU_TEST_SET, else ../shared/ebu-test-set/); skipped, and said so, where it is not
// found. A file missing from a set that is found fails the test.

import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { decodeAudioFile } from '../src/offline/decode/index.js';
import { analyzePlanar } from '../src/offline/analyze-file.js';
import type { Readings } from '../src/engine/readings.js';

import { describeOfficial, ebuFile } from './support/ebu-test-set.js';

async function analyze(name: string): Promise<Readings> {
  const path = ebuFile(name);
  expect(existsSync(path), `${path} must exist`).toBe(true);
  return analyzePlanar(await decodeAudioFile(path));
}

function expectWithin(actual: number, expected: number, below: number, above: number, what: string): void {
  const message = `${what}: ${actual.toFixed(3)}, expected ${expected} +${above}/−${below}`;
  expect(actual, message).toBeGreaterThanOrEqual(expected - below);
  expect(actual, message).toBeLessThanOrEqual(expected + above);
}

describeOfficial('EBU Tech 3341 official files', () => {
  it('test 1 (seq-3341-1-16bit.wav): M, S, I = −23.0 ±0.1 LUFS', async () => {
    const r = await analyze('seq-3341-1-16bit.wav');
    expectWithin(r.momentaryLufs, -23, 0.1, 0.1, 'M');
    expectWithin(r.shortTermLufs, -23, 0.1, 0.1, 'S');
    expectWithin(r.integratedLufs, -23, 0.1, 0.1, 'I');
  });

  it('test 2 (seq-3341-2-16bit.wav): M, S, I = −33.0 ±0.1 LUFS', async () => {
    const r = await analyze('seq-3341-2-16bit.wav');
    expectWithin(r.momentaryLufs, -33, 0.1, 0.1, 'M');
    expectWithin(r.shortTermLufs, -33, 0.1, 0.1, 'S');
    expectWithin(r.integratedLufs, -33, 0.1, 0.1, 'I');
  });

  it.each(Array.from({ length: 20 }, (_, i) => i + 1))('test 10, file %i: max S = −23.0 ±0.1 LUFS', async (i) => {
    const r = await analyze(`seq-3341-10-${i}-24bit.wav`);
    expectWithin(r.shortTermMaxLufs, -23, 0.1, 0.1, 'max S');
  });

  it('test 12 (seq-3341-12-24bit.wav): M = −23.0 ±0.1 LUFS', async () => {
    const r = await analyze('seq-3341-12-24bit.wav');
    expectWithin(r.momentaryLufs, -23, 0.1, 0.1, 'M at the end');
    expectWithin(r.momentaryMaxLufs, -23, 0.1, 0.1, 'max M');
  });

  it.each(Array.from({ length: 20 }, (_, i) => i + 1))('test 13, file %i: max M = −23.0 ±0.1 LUFS', async (i) => {
    const r = await analyze(`seq-3341-13-${i}-24bit.wav`);
    expectWithin(r.momentaryMaxLufs, -23, 0.1, 0.1, 'max M');
  });

  it.each([
    [15, -6], [16, -6], [17, -6], [18, -6], [19, 3], [20, 0], [21, 0], [22, 0], [23, 0],
  ])('test %i: max true peak = %d dBTP +0.2/−0.4', async (n, expected) => {
    const r = await analyze(`seq-3341-${n}-24bit.wav.wav`);
    expectWithin(r.truePeakMaxDbtp, expected, 0.4, 0.2, 'true peak');
  });

  it.each([-20, -26, -40])('calibrated tone "1kHz Sine %d LUFS": I equals the name ±0.1', async (level) => {
    const r = await analyze(`1kHz Sine ${level} LUFS-16bit.wav`);
    expectWithin(r.integratedLufs, level, 0.1, 0.1, 'I');
  });
});
