// What a build of the real-music set makes (tests/real-music/plan.ts, buildPhases): the fast
// processors for every song first, then the costlier ones; --fast-only and --no-slow stop
// earlier, and --unprocessed-only makes only the plain excerpts the false-alarm targets are read
// on, which is all its evaluation is judged on.

import { expect, it } from 'vitest';
import type { Song } from './real-music/catalog.js';
import { type EntryResult, formatSummary, summarise } from './real-music/evaluate.js';
import { buildPhases, processorPlan } from './real-music/plan.js';

const songs = Array.from({ length: 40 }, (_, k) => ({ id: `pkg/song${k}` }) as Song);
/** Every processor id the phases plan for the songs, phase by phase. */
const planned = (phases: ReturnType<typeof buildPhases>) => phases.map((phase) => songs.flatMap((song) => phase(song).map((p) => `${song.id}+${p.id}`)));

it('builds the fast processors for every song first, then the medium ones, then the slow ones: the whole plan last', () => {
  const phases = planned(buildPhases());
  expect(phases).toHaveLength(3);
  expect(phases[2]).toEqual(songs.flatMap((song) => processorPlan(song).map((p) => `${song.id}+${p.id}`)));
  // Each phase plans what the one before it did and more.
  expect(phases[0].every((id) => phases[1].includes(id)) && phases[1].every((id) => phases[2].includes(id))).toBe(true);
  expect(phases[0].length).toBeLessThan(phases[1].length);
});

it('stops after the fast phase with --fast-only, after the medium one with --no-slow', () => {
  expect(planned(buildPhases({ fastOnly: true }))).toEqual(planned(buildPhases()).slice(0, 1));
  expect(planned(buildPhases({ noSlow: true }))).toEqual(planned(buildPhases()).slice(0, 2));
});

it('plans no processor at all with --unprocessed-only, whatever else is asked', () => {
  expect(planned(buildPhases({ unprocessedOnly: true }))).toEqual([[]]);
  expect(planned(buildPhases({ unprocessedOnly: true, fastOnly: true, noSlow: true }))).toEqual([[]]);
});

it('judges an evaluation of unprocessed files alone on the false-alarm targets: none `on`, at most 3 % asked about', () => {
  const plain = (k: number, state: EntryResult['state']): EntryResult => ({
    id: `a/song${k}@-1dB-float`, song: `a/song${k}`, style: 'band', split: 'holdout', processing: null,
    gainReductionDb: null, deepestGainReductionDb: null, plrReductionDb: null, gainDb: -1, bitDepth: 'float', faderDb: null,
    state, atSeconds: state === 'off' ? null : 8, firstWarnedSeconds: state === 'off' ? null : 8, firstOnSeconds: state === 'on' ? 8 : null, evidence: [], unwordedReads: 0,
  });
  const header = (states: EntryResult['state'][]) => formatSummary(summarise(states.map((state, k) => plain(k, state)), 'holdout')).split('\n')[0];
  const clean = Array<EntryResult['state']>(40).fill('off');
  expect(header(clean)).toBe('HOLDOUT half (unprocessed files only: meets the false-alarm targets)');
  // One question in 40 files is 2.5 %; two are 5 %, over the 3 % allowed; one `on` is one too many.
  expect(header(['suspected', ...clean.slice(1)])).toBe('HOLDOUT half (unprocessed files only: meets the false-alarm targets)');
  expect(header(['suspected', 'suspected', ...clean.slice(2)])).toBe('HOLDOUT half (unprocessed files only: misses the false-alarm targets)');
  expect(header(['on', ...clean.slice(1)])).toBe('HOLDOUT half (unprocessed files only: misses the false-alarm targets)');
});
