// The false-alarm check on whole songs: the set's excerpts are each song's loudest 20 s, and a
// producer plays the whole song. Every unprocessed song the build has made (not left off the
// unprocessed side) is rendered whole once into the cache (whole/<id>.wav, as rendered) and run
// through the detector exactly as `busmeter analyze` runs a file: in floating point at −1 dBFS
// peak, and as a 16-bit file played at the song's fader gain (plan.ts), where a tracker's or a
// sampler's replayed hits share sample values. Reports every song that reaches `suspected` or
// `on`, when, and why.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { decodeAudioFile } from '../../src/offline/decode/index.js';
import { analyzeMastering } from '../../src/offline/analyze-mastering.js';
import type { MasteringState } from '../../src/rules/detector/mastering-detector.js';
import { exclusionOf, plainAudio, sourcesFolder } from './build-set.js';
import { listSongs, type Song } from './catalog.js';
import { samplePeak } from './excerpt.js';
import { plainPlan, type PlainPlan } from './plan.js';
import { renderSong } from './render-source.js';
import { splitSongs, type Split } from './split.js';
import { writeWav } from './wav-io.js';

export interface WholeSongResult {
  song: string;
  style: string;
  split: Split;
  /** `f32 −1 dBFS`, or the fader variant's plan. */
  variant: string;
  seconds: number;
  state: MasteringState;
  /** Seconds into the song when that state was first reached (null for `off`). */
  atSeconds: number | null;
  evidence: string[];
}

const FLOAT_PLAN: PlainPlan = { peakDbfs: -1, bitDepth: 'float' };

async function wholeRender(song: Song, cacheDir: string): Promise<{ sampleRate: number; channels: Float32Array[] }> {
  const wav = join(cacheDir, 'whole', `${song.id}.wav`);
  if (existsSync(wav)) return decodeAudioFile(wav);
  const audio = await renderSong(song);
  mkdirSync(dirname(wav), { recursive: true });
  writeWav(wav, audio.sampleRate, audio.channels, 'float');
  return audio;
}

/**
 * Of `songs`, those whose excerpt the build has made and kept on the unprocessed side (no master
 * effect on in the project, no limiter found in the render).
 */
function unprocessedSongs(songs: readonly Song[], cacheDir: string): Song[] {
  return songs.filter((song) => {
    const info = join(cacheDir, 'excerpts', `${song.id}.json`);
    return existsSync(info) && !exclusionOf(song, JSON.parse(readFileSync(info, 'utf8')) as { excluded: string | null });
  });
}

export async function checkWholeSongs(cacheDir: string, onSong: (results: WholeSongResult[], k: number, of: number) => void = () => {}): Promise<WholeSongResult[]> {
  const all = listSongs(sourcesFolder(cacheDir));
  const splits = splitSongs(all);
  const songs = unprocessedSongs(all, cacheDir);
  const results: WholeSongResult[] = [];
  for (const [k, song] of songs.entries()) {
    const audio = await wholeRender(song, cacheDir);
    const peak = samplePeak(audio.channels);
    if (peak === 0) continue;
    const faded = plainPlan(song).find((p) => p.faderDb !== undefined)!;
    const mine: WholeSongResult[] = [];
    for (const [variant, plan] of [['f32 -1 dBFS', FLOAT_PLAN], [`i16 ${faded.peakDbfs} dBFS, fader ${faded.faderDb} dB`, faded]] as const) {
      const analysis = analyzeMastering(plainAudio(audio.channels, peak, plan), audio.sampleRate, 2, true);
      const timeline = analysis.timeline!;
      const state = analysis.summary.state;
      const at = timeline.find((p) => (state === 'on' ? p.verdict.state === 'on' : p.verdict.state !== 'off'));
      mine.push({
        song: song.id, style: song.style, split: splits.get(song.id)!, variant, seconds: Math.round(audio.channels[0].length / audio.sampleRate),
        state, atSeconds: state === 'off' ? null : at?.seconds ?? null, evidence: analysis.summary.reasons,
      });
    }
    results.push(...mine);
    onSong(mine, k, songs.length);
  }
  return results;
}

export function formatWholeSongs(results: readonly WholeSongResult[]): string {
  const songs = new Set(results.map((r) => r.song));
  const hours = results.filter((r) => r.variant.startsWith('f32')).reduce((t, r) => t + r.seconds, 0) / 3600;
  const warned = results.filter((r) => r.state !== 'off').sort((a, b) => (a.state === b.state ? (a.song < b.song ? -1 : 1) : a.state === 'on' ? -1 : 1));
  const rows = warned.map((r) => `  ${r.split.padEnd(7)} ${r.song.padEnd(40)} ${r.style.padEnd(10)} ${r.variant.padEnd(30)} ${r.state.padEnd(9)} ${`${r.atSeconds?.toFixed(1)} s`.padStart(8)}  ${r.evidence.join(' | ')}`);
  const count = (state: (s: MasteringState) => boolean) => new Set(results.filter((r) => state(r.state)).map((r) => r.song)).size;
  return [
    `Whole unprocessed songs: ${songs.size} songs, ${hours.toFixed(1)} h each way (f32 at −1 dBFS, and 16-bit at a fader's gain)`,
    `  songs reaching on:                ${count((s) => s === 'on')}`,
    `  songs reaching suspected or on:   ${count((s) => s !== 'off')}`,
    ...(rows.length ? ['  warned:', ...rows] : []),
  ].join('\n');
}
