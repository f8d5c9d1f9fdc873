// `npm run eval:detector`: builds what is missing of the real-music set in the cache folder
// (BUSMETER_EVAL_CACHE, default .cache/real-music), then runs the mastering detector on every
// entry and prints the tables.
//
//   npm run eval:detector                      build, then evaluate
//   npm run eval:detector -- --build-only      build only
//   npm run eval:detector -- --eval-only       evaluate what the manifest lists
//   npm run eval:detector -- --cached          evaluate whatever the cache holds (a build under way)
//   npm run eval:detector -- --json out.json   also write the results as JSON
//   npm run eval:detector -- --fast-only       only the fast processors (ffmpeg, sox)
//   npm run eval:detector -- --no-slow         all but the slow LSP multiband files
//   npm run eval:detector -- --unprocessed-only
//                                              only the unprocessed excerpts: the false-alarm side,
//                                              every song's, in a fraction of the whole build's time
//   npm run eval:detector -- --jobs 1          build in one process (default: one per core, shards.ts)
//   npm run eval:detector -- --whole-songs     only the false-alarm check on whole songs (whole-songs.ts),
//                                              on the songs the build has made (renders each once)
//   npm run eval:detector -- --auditions       only the live audition: each processed file played
//                                              gain-matched after its plain excerpt, and switched
//                                              off again (audition.ts)
//   npm run eval:detector -- --auditions --loop-offset-ms 37
//                                              the same, the second part 37 ms off the kernel's
//                                              100 ms windows (a loop of no whole number of them)

import { rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { buildSet, cacheFolder, cachedManifest, readManifest, sourcesFolder } from './build-set.js';
import { listSongs, missingPackages, type Song } from './catalog.js';
import { checkAuditions, formatAuditions } from './audition.js';
import { evaluateManifest, formatProcessors, formatReport } from './evaluate.js';
import { type BuildScope, buildPhases } from './plan.js';
import { parseJobs, parseShard, shardManifestName, shardSongs, startOtherShards } from './shards.js';
import { checkWholeSongs, formatWholeSongs } from './whole-songs.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const value = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
/** The flag that asks for each part of a build's scope; the other shards are given the same ones. */
const SCOPE_FLAGS: Record<keyof BuildScope, string> = { fastOnly: '--fast-only', noSlow: '--no-slow', unprocessedOnly: '--unprocessed-only' };

const cacheDir = cacheFolder();
const started = Date.now();
const missing = missingPackages(sourcesFolder(cacheDir));
// A shard (a process the build started: shards.ts) leaves that to the build that started it.
const shardArg = value('--shard');
if (missing.length > 0 && !shardArg) {
  console.error(`Not installed, so not in the set (its figures will differ from the README's): ${missing.join(', ')}.\nInstall them with: sudo apt-get install ${missing.join(' ')}`);
}
if (flag('--whole-songs')) {
  const results = await checkWholeSongs(cacheDir, (mine, k, of) => {
    console.error(`[${k + 1}/${of}] ${mine[0].song}: ${mine.map((r) => `${r.variant} ${r.state}${r.atSeconds === null ? '' : ` at ${r.atSeconds} s`}`).join(', ')}`);
  });
  console.log(formatWholeSongs(results));
  const json = value('--json');
  if (json) writeFileSync(json, JSON.stringify(results, null, 1));
  process.exit(0);
}
if (flag('--auditions')) {
  const offsetMs = Number(value('--loop-offset-ms') ?? 0);
  if (!(offsetMs >= 0 && offsetMs < 20000)) throw new Error(`--loop-offset-ms must be a number of milliseconds from 0 to 20000, not ${value('--loop-offset-ms')}`);
  const results = await checkAuditions(await cachedManifest(cacheDir), cacheDir, (r, k, of) => {
    if (k % 100 === 0) console.error(`[${k + 1}/${of}] ${r.id}`);
  }, offsetMs);
  console.log(`${offsetMs > 0 ? `The second part ${offsetMs} ms off the kernel's 100 ms windows.
` : ''}${formatAuditions(results)}`);
  const json = value('--json');
  if (json) writeFileSync(json, JSON.stringify(results, null, 1));
  process.exit(0);
}
if (!flag('--eval-only') && !flag('--cached')) {
  const log = (line: string) => console.error(line);
  const jobs = shardArg ? 1 : parseJobs(value('--jobs') ?? String(availableParallelism()));
  const shard = shardArg ? parseShard(shardArg) : { index: 0, count: jobs };
  const others = jobs > 1 ? startOtherShards(jobs, ['--build-only', ...Object.values(SCOPE_FLAGS).filter(flag)]) : null;
  const mine = shard.count > 1 ? shardSongs(listSongs(sourcesFolder(cacheDir)), shard) : null;
  const part = mine ? { cacheDir, log, songs: (song: Song) => mine.has(song.id), manifestName: shardManifestName(shard.index) } : { cacheDir, log };
  const phases = buildPhases(Object.fromEntries(Object.entries(SCOPE_FLAGS).map(([key, name]) => [key, flag(name)])));
  try {
    for (const processorsFor of phases) await buildSet({ ...part, processorsFor });
    await others?.done;
  } finally {
    others?.stop();
  }
  if (shardArg) process.exit(0);
  // The shards' files together: every one is made, and this pass lists them in manifest.json.
  if (mine) {
    await buildSet({ cacheDir, processorsFor: phases[phases.length - 1] });
    for (let k = 0; k < jobs; k++) rmSync(join(cacheDir, shardManifestName(k)), { force: true });
  }
  console.error(`built in ${((Date.now() - started) / 1000).toFixed(0)} s into ${cacheDir}${jobs > 1 ? ` by ${jobs} processes` : ''}`);
}
if (!flag('--build-only')) {
  const manifest = flag('--cached') ? await cachedManifest(cacheDir) : readManifest(cacheDir);
  const results = await evaluateManifest(manifest, cacheDir);
  const songs = manifest.songs;
  console.log(formatReport(results));
  console.log(`\nThe set: ${songs.length} songs (${songs.filter((s) => s.excluded).length} left off the unprocessed side: ${songs.filter((s) => s.excluded).map((s) => `${s.id}: ${s.excluded}`).join('; ') || 'none'}), ${manifest.entries.length} files`);
  console.log(`Processors, with the gain reduction measured on their files:\n${formatProcessors(manifest)}`);
  const json = value('--json');
  if (json) writeFileSync(json, JSON.stringify(results, null, 1));
}
