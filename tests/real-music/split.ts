// Splits the songs in two halves, deterministically and by song (every excerpt, gain and
// processing of a song lands in the same half): within each style, songs ordered by a hash of
// their id go alternately to `tune` and `holdout`. Each batch of the catalogue is split on its
// own, so songs added later leave every earlier song in its half.

import { createHash } from 'node:crypto';

export type Split = 'tune' | 'holdout';

/** A stable 32-bit number for an id (the first bytes of its SHA-1). */
export function idHash(id: string): number {
  return createHash('sha1').update(id).digest().readUInt32BE(0);
}

export function splitSongs<T extends { id: string; style: string; batch?: number }>(songs: readonly T[]): Map<string, Split> {
  const byStyle = new Map<string, T[]>();
  for (const song of songs) {
    const group = `${song.style}\u0000${song.batch ?? 1}`;
    byStyle.set(group, [...(byStyle.get(group) ?? []), song]);
  }
  const split = new Map<string, Split>();
  for (const group of byStyle.values()) {
    group.sort((a, b) => idHash(a.id) - idHash(b.id) || (a.id < b.id ? -1 : 1));
    group.forEach((song, k) => split.set(song.id, k % 2 === 0 ? 'tune' : 'holdout'));
  }
  return split;
}
