// The mastering detector on real music: a slice of the real-music evaluation set
// (tests/real-music/, `npm run eval:detector` runs all of it), held-out songs only. Songs from
// Debian packages rendered by their own tools, unprocessed at plain gains and through
// third-party processors (ffmpeg, sox, LSP through lv2apply, Chromium's DynamicsCompressorNode).
// The first run renders the slice into the cache (BUSMETER_EVAL_CACHE, default
// .cache/real-music); later runs reuse it. Prints the per-entry table and asserts the targets:
// no unprocessed excerpt reaches `on`, at most 3 % reach `suspected`; at least 95 % of the
// processed ones are warned within 10 s and 85 % reach `on`.

import { expect, it } from 'vitest';
import { cacheFolder } from './real-music/build-set.js';
import { evaluateManifest, formatSummary, formatTable, summarise, TARGETS } from './real-music/evaluate.js';
import { SLICE_PROCESSORS, SLICE_STYLES, buildSlice } from './real-music/slice.js';

it('holds the targets on the held-out real-music slice', async () => {
  const cacheDir = cacheFolder();
  const manifest = await buildSlice(cacheDir);
  const styles = new Set(manifest.songs.map((s) => s.style));
  expect([...styles].sort(), 'a style of the slice has no usable song: are freedoom, planetblupi-music-midi, tecnoballz-data and hydrogen installed?').toEqual([...SLICE_STYLES]);
  expect(manifest.entries.filter((e) => e.processing).map((e) => e.processing!.name).sort()).toEqual([...SLICE_PROCESSORS].sort());

  const results = await evaluateManifest(manifest, cacheDir);
  const holdout = summarise(results.entries, 'holdout');
  console.log(`\nMastering detector on the real-music slice (held-out songs)\n${formatTable(results.entries)}\n${formatSummary(holdout)}\n`);

  expect(holdout.unprocessed).toBe(2 * SLICE_STYLES.length);
  expect(holdout.processed).toBe(SLICE_PROCESSORS.length);
  const list = (state: (r: (typeof results.entries)[number]) => boolean) => results.entries.filter(state).map((r) => r.id).join(', ');
  expect(holdout.unprocessedOn, `unprocessed reaching on: ${list((r) => !r.processing && r.state === 'on')}`).toBe(0);
  expect(holdout.unprocessedSuspected, `unprocessed reaching suspected: ${list((r) => !r.processing && r.state !== 'off')}`)
    .toBeLessThanOrEqual(Math.floor(TARGETS.unprocessedSuspectedShare * holdout.unprocessed));
  expect(holdout.processedWarnedWithin10s, `processed not warned within 10 s: ${list((r) => !!r.processing && !(r.firstWarnedSeconds !== null && r.firstWarnedSeconds <= 10))}`)
    .toBeGreaterThanOrEqual(Math.ceil(TARGETS.processedWarnedShare * holdout.processed));
  expect(holdout.processedOn, `processed never on: ${list((r) => !!r.processing && r.state !== 'on')}`)
    .toBeGreaterThanOrEqual(Math.ceil(TARGETS.processedOnShare * holdout.processed));
}, 1_200_000);
