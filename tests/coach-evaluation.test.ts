// The coach on real recordings changed by third-party processors (tests/coach/evaluation.ts):
// 7 excerpts of 8 s from released soundtracks, each through 29 ffmpeg cases, measured against a
// target built from the excerpt itself. Prints every case and the figures per class against the
// targets; asserts each class meets its target.

import { expect, it } from 'vitest';
import { CASES, SONGS, evaluate, formatResults, summarise } from './coach/evaluation.js';

it('names EQ changes in the right band and direction, widened lows and heavy compression, and nothing on the unchanged recordings', async () => {
  const results = await evaluate();
  console.log(`\nMix coach on real recordings (${SONGS.length} excerpts × ${CASES.length} cases)\n${formatResults(results)}\n`);
  expect(results).toHaveLength(SONGS.length * CASES.length);
  const missed = summarise(results).filter((s) => !s.met).map((s) => `${s.cls}: ${s.passed}/${s.total}`);
  expect(missed).toEqual([]);
}, 900_000);
