// The real-music set's split (tests/real-music/split.ts): by song, half and half within each
// style, and stable when the catalogue grows: a package added in a later batch moves no earlier
// song from the tune half to the holdout half or back, so the holdout half stays unseen.

import { expect, it } from 'vitest';
import { splitSongs } from './real-music/split.js';

const songs = (prefix: string, count: number, style: string, batch?: number) =>
  Array.from({ length: count }, (_, k) => ({ id: `${prefix}/song-${k}`, style, ...(batch === undefined ? {} : { batch }) }));

it('splits each style in halves, and a later batch leaves every earlier song in its half', () => {
  const first = [...songs('midi', 9, 'band'), ...songs('tracker', 7, 'tracker')];
  const before = splitSongs(first);
  const halves = (ids: string[], split: Map<string, string>) => ids.filter((id) => split.get(id) === 'holdout').length;
  expect(halves(first.filter((s) => s.style === 'band').map((s) => s.id), before)).toBe(4);
  expect(halves(first.filter((s) => s.style === 'tracker').map((s) => s.id), before)).toBe(3);

  const later = [...songs('mma', 12, 'band', 2), ...songs('heroes', 5, 'tracker', 2)];
  const after = splitSongs([...first, ...later]);
  expect(first.filter((s) => after.get(s.id) !== before.get(s.id))).toEqual([]);
  expect(halves(later.map((s) => s.id), after)).toBe(6 + 2);
  // Without batches the same songs would be shuffled together, and earlier songs would move.
  const unbatched = splitSongs([...first, ...later.map(({ id, style }) => ({ id, style }))]);
  expect(first.filter((s) => unbatched.get(s.id) !== before.get(s.id)).length).toBeGreaterThan(0);
});
