// The slice of the set that `npm test` runs (tests/detector-real-music.test.ts): one held-out
// song of each style, each unprocessed at two plain gains and as a 16-bit file at a fader's
// float gain, and through two of twelve processors that cover every kind (limiters, a clipper,
// compressors, loudness normalisers, multiband, a chain). 30 files of 20 s, 10 minutes of audio,
// built into the same cache with the same file names as the whole set, so each builds the
// other's files once.

import { buildSet, sourcesFolder } from './build-set.js';
import { listSongs, type Song } from './catalog.js';
import type { Manifest } from './manifest.js';
import { plainPlan } from './plan.js';
import { processorById } from './processors.js';
import { splitSongs } from './split.js';

export const SLICE_STYLES = ['band', 'drum kit', 'electronic', 'orchestral', 'rock', 'tracker'] as const;

export const SLICE_PROCESSORS = [
  'alimiter-typical', 'lsp-limiter-typical', 'acompressor-typical', 'chromium-buscomp-typical', 'loudnorm-typical',
  'asoftclip-typical', 'mcompand-typical', 'dynaudnorm-typical', 'compand-typical', 'chain-acompressor-alimiter',
  'lsp-compressor-typical', 'chromium-limiter-typical',
] as const;

export const SLICE_MANIFEST = 'manifest-slice.json';

/** Builds (what is missing of) the slice and returns its manifest. */
export async function buildSlice(cacheDir: string, log: (line: string) => void = () => {}): Promise<Manifest> {
  const all = listSongs(sourcesFolder(cacheDir));
  const splits = splitSongs(all);
  const chosen: Song[] = [];
  for (const style of SLICE_STYLES) {
    // The first held-out song of the style whose excerpt is usable (long enough, no limiter found).
    for (const song of all.filter((s) => s.style === style && splits.get(s.id) === 'holdout')) {
      const probe = await buildSet({ cacheDir, songs: (s) => s.id === song.id, plainFor: () => [], processorsFor: () => [], manifestName: 'manifest-slice-probe.json', log });
      if (!probe.songs[0].excluded) { chosen.push(song); break; }
    }
  }
  const index = new Map(chosen.map((song, k) => [song.id, k]));
  return buildSet({
    cacheDir, log,
    songs: (s) => index.has(s.id),
    plainFor: (song) => plainPlan(song).filter((plan, j) => j < 2 || plan.faderDb !== undefined),
    processorsFor: (song) => [0, 1].map((j) => processorById(SLICE_PROCESSORS[2 * index.get(song.id)! + j])),
    manifestName: SLICE_MANIFEST,
  });
}
