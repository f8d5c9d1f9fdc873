// The real-music set's build shared among processes (tests/real-music/shards.ts): every song of
// the catalogue is built by exactly one of them, and a bad --jobs or --shard is refused by name.

import { expect, it } from 'vitest';
import type { Song } from './real-music/catalog.js';
import { parseJobs, parseShard, shardSongs } from './real-music/shards.js';

const songs = Array.from({ length: 11 }, (_, k) => ({ id: `pkg/song${k}` }) as Song);

it('gives every song of the catalogue to exactly one shard, the shards a song apart in size at most', () => {
  for (const count of [1, 2, 3, 4]) {
    const shards = Array.from({ length: count }, (_, index) => shardSongs(songs, { index, count }));
    const ids = shards.flatMap((s) => [...s]);
    expect(ids.sort(), `${count} shards`).toEqual(songs.map((s) => s.id).sort());
    const sizes = shards.map((s) => s.size);
    expect(Math.max(...sizes) - Math.min(...sizes), `${count} shards: sizes ${sizes}`).toBeLessThanOrEqual(1);
  }
});

it('takes every Nth song of the catalogue\'s order, so that each shard gets every style the order interleaves', () => {
  expect([...shardSongs(songs, { index: 1, count: 3 })]).toEqual(['pkg/song1', 'pkg/song4', 'pkg/song7', 'pkg/song10']);
});

it('refuses a --jobs or --shard that is no whole count, naming the option and the value', () => {
  expect(parseJobs('2')).toBe(2);
  for (const bad of ['0', '-1', '1.5', 'two', '']) expect(() => parseJobs(bad), bad).toThrow(new RegExp(`--jobs must be .*, not ${bad}$`));
  expect(parseShard('1/3')).toEqual({ index: 1, count: 3 });
  for (const bad of ['3/3', '1/0', '1', 'a/b']) expect(() => parseShard(bad), bad).toThrow(new RegExp(`--shard must be .*, not ${bad}$`));
});
