// The build shared among processes: rendering a song and running its processors is one core's
// work (fluidsynth, libopenmpt, ffmpeg and sox each run on one), so on a machine of N cores N
// processes each build every Nth song of the catalogue's order. Each song's files are its own
// (its excerpt, its folder of the set), so the shards write nothing in common but their own
// manifests; the parent then writes `manifest.json` from what they made.

import { spawn } from 'node:child_process';
import type { Song } from './catalog.js';

export interface Shard {
  /** This process builds the songs whose place in the catalogue's order is `index` modulo `count`. */
  index: number;
  count: number;
}

/** The manifest a shard writes of the files it made (the parent removes it once manifest.json lists them). */
export const shardManifestName = (index: number): string => `manifest-shard-${index}.json`;

/** Reads `--shard K/N` (the form startOtherShards passes to its children). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const shard = match ? { index: Number(match[1]), count: Number(match[2]) } : null;
  if (!shard || shard.count < 1 || shard.index >= shard.count) throw new Error(`--shard must be K/N with 0 ≤ K < N, not ${text}`);
  return shard;
}

/** Reads `--jobs N`: how many processes build at once, a whole number from 1. */
export function parseJobs(text: string): number {
  const jobs = Number(text);
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs must be a whole number of processes from 1, not ${text}`);
  return jobs;
}

/** The ids of the songs of `songs` (in the catalogue's order) that `shard` builds. */
export function shardSongs(songs: readonly Song[], shard: Shard): Set<string> {
  return new Set(songs.filter((_, k) => k % shard.count === shard.index).map((song) => song.id));
}

/** Shards started by startOtherShards: `done` settles when all have ended; `stop` ends them. */
export interface OtherShards {
  done: Promise<void>;
  stop(): void;
}

/**
 * Starts this script again for shards 1 … jobs − 1 with `args` (the parent builds shard 0), their
 * output passed through. `done` rejects naming any that failed.
 */
export function startOtherShards(jobs: number, args: readonly string[]): OtherShards {
  const children = Array.from({ length: jobs - 1 }, (_, k) => {
    const shard = `${k + 1}/${jobs}`;
    // process.execArgv carries the TypeScript loader the parent runs under (tsx).
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...args, '--shard', shard], { stdio: 'inherit' });
    const ended = new Promise<string | null>((resolve) => {
      child.on('error', (error) => resolve(`shard ${shard} did not start: ${error.message}`));
      child.on('exit', (code, signal) => resolve(code === 0 ? null : `shard ${shard} ended with ${signal ?? `exit code ${code}`}`));
    });
    return { child, ended };
  });
  const done = Promise.all(children.map((c) => c.ended)).then((results) => {
    const failures = results.filter((f) => f !== null);
    if (failures.length > 0) throw new Error(`the build failed in another process (its error is above): ${failures.join('; ')}`);
  });
  return { done, stop: () => children.forEach(({ child }) => child.exitCode === null && child.kill()) };
}
