// The real-music evaluation sums its processed files up by kind of processing
// (tests/real-music/processors.ts, PROCESSOR_KINDS): every processor setting must have exactly
// one kind, and every id filed under a kind must be a setting of the set.

import { expect, it } from 'vitest';
import { PROCESSOR_KINDS, PROCESSORS, processorKind } from './real-music/processors.js';

it('files every processor setting of the set under exactly one kind', () => {
  const filed: string[] = Object.values(PROCESSOR_KINDS).flat();
  expect(filed.filter((id, k) => filed.indexOf(id) !== k), 'filed twice').toEqual([]);
  expect(filed.filter((id) => !PROCESSORS.some((p) => p.id === id)), 'not a setting of the set').toEqual([]);
  expect(PROCESSORS.map((p) => p.id).filter((id) => !filed.includes(id)), 'without a kind').toEqual([]);
  expect(processorKind('alimiter-typical')).toBe('limiters and maximisers');
  expect(() => processorKind('no-such-setting')).toThrow(/no-such-setting has no kind/);
});
