// The real-music evaluation sums its processed files up by kind of processing
// (tests/real-music/processors.ts, Processor.kind): every processor setting's kind must be one of
// PROCESSOR_KINDS, and every kind there must have a setting of the set. It also sums them up by
// how far the processing lowered the peak-to-loudness ratio (tests/real-music/evaluate.ts).

import { expect, it } from 'vitest';
import { type EntryResult, plrReductionBand, summarise } from './real-music/evaluate.js';
import { PROCESSOR_KINDS, PROCESSORS, processorKind } from './real-music/processors.js';

it('files every processor setting of the set under one of the listed kinds, and every kind has one', () => {
  const kinds: readonly string[] = PROCESSOR_KINDS;
  expect(kinds.filter((kind, k) => kinds.indexOf(kind) !== k), 'listed twice').toEqual([]);
  expect(PROCESSORS.filter((p) => !kinds.includes(p.kind)).map((p) => `${p.id}: ${p.kind}`), 'not a listed kind').toEqual([]);
  expect(kinds.filter((kind) => !PROCESSORS.some((p) => p.kind === kind)), 'without a setting').toEqual([]);
  expect(processorKind('alimiter-typical')).toBe('limiters and maximisers');
  expect(processorKind('apsyclip-typical')).toBe('hard clippers');
  expect(processorKind('chromium-buscomp-typical')).toBe('compressors');
  expect(() => processorKind('no-such-setting')).toThrow(/no-such-setting/);
});

// A processor that leaves the peak-to-loudness ratio where it was leaves nothing for the peaks to
// show: the evaluation also sums its files up by how far the processing lowered that ratio.
it('sums processed files up by how far the processing lowered the peak-to-loudness ratio', () => {
  expect([-1, 0.49, 0.5, 2.99, 3, 6].map(plrReductionBand)).toEqual(['under 0.5 dB', 'under 0.5 dB', '0.5 to 1 dB', '2 to 3 dB', '3 to 6 dB', '6 dB or more']);
  const file = (processing: string | null, plrReductionDb: number | null, firstWarnedSeconds: number | null, state: EntryResult['state']): EntryResult => ({
    id: `${processing}-${plrReductionDb}`, song: 'a/b', style: 'band', split: 'holdout', processing,
    gainReductionDb: null, deepestGainReductionDb: null, plrReductionDb, gainDb: -3, bitDepth: 'float', faderDb: null,
    state, atSeconds: firstWarnedSeconds, firstWarnedSeconds, firstOnSeconds: state === 'on' ? firstWarnedSeconds : null, evidence: [], unwordedReads: 0,
  });
  const half = summarise([
    file('alimiter-heavy', 4.2, 3, 'on'),
    file('acompressor-typical', 0.2, 12, 'suspected'), // warned, but not within 10 s
    file('asoftclip-light', 0.7, 8, 'suspected'),
    file(null, null, null, 'off'),
  ], 'holdout');
  expect(half.byPlrReduction).toEqual({
    'under 0.5 dB': [0, 0, 1], '0.5 to 1 dB': [1, 0, 1], '1 to 2 dB': [0, 0, 0], '2 to 3 dB': [0, 0, 0], '3 to 6 dB': [1, 1, 1], '6 dB or more': [0, 0, 0],
  });
});
