// Rebuilds the coach's built-in style targets (src/rules/coach/style-targets.ts) from released,
// mastered, freely licensed recordings in Debian packages: each whole track is measured by the
// kernel (src/offline/coach-file.ts), and each style's range is the 10th–90th percentile of its
// tracks (the 90th for the sub energy and the low-end width, the latter never wider than −10 dB). A package that is not installed
// contributes nothing; the file records which tracks were measured. ffmpeg decodes the tracks.
//
//   apt-get install ffmpeg hedgewars-data frozen-bubble-data hyperrogue-music asc-music
//   npm run coach:targets

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { measurePlanarForCoach } from '../src/offline/coach-file.js';
import { BROAD_BANDS, balanceOf, type CoachMeasurement } from '../src/rules/coach/measure.js';
import { LOW_WIDTH_ALWAYS_DB } from '../src/rules/coach/targets.js';

interface Collection { package: string; licence: string; style: string; folder: string; match: RegExp }

/** The recordings: soundtrack albums as released (mastered by their makers). */
const COLLECTIONS: Collection[] = [
  { package: 'hedgewars-data', licence: 'GPL-2 (/usr/share/doc/hedgewars-data/copyright)', style: 'band', folder: '/usr/share/games/hedgewars/Data/Music', match: /\.ogg$/ },
  { package: 'frozen-bubble-data', licence: 'GPL-2 (/usr/share/doc/frozen-bubble-data/copyright)', style: 'band', folder: '/usr/share/games/frozen-bubble/snd', match: /zik.*\.ogg$/ },
  { package: 'asc-music', licence: 'GPL-2+ (/usr/share/doc/asc-music/copyright)', style: 'band', folder: '/usr/share/games/asc/music', match: /\.mp3$/ },
  { package: 'hyperrogue-music', licence: 'CC-BY-SA-3.0 (/usr/share/doc/hyperrogue-music/copyright)', style: 'ambient', folder: '/usr/share/hyperrogue/music', match: /\.ogg$/ },
];

const STYLES: Record<string, string> = {
  band: 'Band and electronic soundtracks',
  ambient: 'Ambient game scores',
  all: 'All released soundtracks',
};

const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  const x = (s.length - 1) * p;
  const lo = Math.floor(x);
  return s[lo] + (s[Math.min(s.length - 1, lo + 1)] - s[lo]) * (x - lo);
};
/** Every track is decoded by ffmpeg to 48 kHz stereo float (Ogg Vorbis and MP3 alike). */
const RATE = 48000;
function decode(path: string): Float32Array[] {
  const bytes = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-f', 'f32le', '-ac', '2', '-ar', String(RATE), '-'], { maxBuffer: 1 << 30 });
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const frames = all.length / 2;
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  for (let i = 0; i < frames; i++) { left[i] = all[2 * i]; right[i] = all[2 * i + 1]; }
  return [left, right];
}

const r1 = (v: number) => Math.round(v * 10) / 10;

async function main(): Promise<void> {
  const tracks: { id: string; style: string; m: CoachMeasurement }[] = [];
  for (const c of COLLECTIONS) {
    if (!existsSync(c.folder)) { console.log(`${c.package}: not installed, skipped`); continue; }
    for (const file of readdirSync(c.folder).filter((f) => c.match.test(f)).sort()) {
      let audio: Float32Array[];
      try {
        audio = decode(join(c.folder, file));
      } catch (error) {
        console.log(`${c.package}/${file}: ffmpeg cannot decode it, skipped (${String((error as { stderr?: Buffer }).stderr ?? error).trim().split('\n')[0]})`);
        continue;
      }
      const m = measurePlanarForCoach(audio, RATE);
      const id = `${c.package}/${basename(file).replace(/\.[^.]+$/, '')}`;
      tracks.push({ id, style: c.style, m });
      console.log(`${id.padEnd(44)} balance ${balanceOf(m.bandsDb).map((v) => v.toFixed(1).padStart(6)).join('')}  sub ${m.subToLowDb.toFixed(1)}  width ${m.lowSideToMidDb?.toFixed(1)}  PSR ${m.psrDb}  move ${m.movementLu}  LRA ${m.loudnessRangeLu?.toFixed(1)}  I ${m.integratedLufs?.toFixed(1)}`);
    }
  }
  const targets = Object.entries(STYLES).map(([id, label]) => {
    const set = tracks.filter((t) => id === 'all' || t.style === id);
    const balances = set.map((t) => balanceOf(t.m.bandsDb));
    const nums = (pick: (m: CoachMeasurement) => number | null) => set.map((t) => pick(t.m)).filter((v): v is number => v !== null && v > -150);
    return {
      id, label,
      source: `${set.length} released tracks (${[...new Set(set.map((t) => t.id.split('/')[0]))].join(', ')}): 10th–90th percentile`,
      balanceDb: BROAD_BANDS.map((_, k) => ({ low: r1(percentile(balances.map((b) => b[k]), 0.1)), high: r1(percentile(balances.map((b) => b[k]), 0.9)) })),
      subToLowMaxDb: r1(percentile(nums((m) => m.subToLowDb), 0.9)),
      // Bass below 120 Hz belongs in the centre whatever some soundtracks do: never wider than LOW_WIDTH_ALWAYS_DB.
      lowSideToMidMaxDb: r1(Math.min(LOW_WIDTH_ALWAYS_DB, percentile(nums((m) => m.lowSideToMidDb), 0.9))),
      psrDb: { low: r1(percentile(nums((m) => m.psrDb), 0.1)), high: r1(percentile(nums((m) => m.psrDb), 0.9)) },
      movementLu: { low: r1(percentile(nums((m) => m.movementLu), 0.1)), high: r1(percentile(nums((m) => m.movementLu), 0.9)) },
      loudnessRangeLu: { low: r1(percentile(nums((m) => m.loudnessRangeLu), 0.1)), high: r1(percentile(nums((m) => m.loudnessRangeLu), 0.9)) },
      fromReference: false,
    };
  });
  const text = `// Written by \`npm run coach:targets\` (scripts/coach-targets.ts): do not edit by hand.
// The coach's built-in style targets, measured from released, mastered, freely licensed recordings
// in Debian packages (${COLLECTIONS.map((c) => `${c.package}: ${c.licence}`).join('; ')}).
// Each range is the 10th–90th percentile of the style's tracks (the 90th for sub energy and low-end width,
// the latter capped at LOW_WIDTH_ALWAYS_DB).

import type { CoachTarget } from './targets.js';

export const STYLE_TARGETS: readonly CoachTarget[] = ${JSON.stringify(targets, null, 2)};

/** The tracks measured, per style. */
export const STYLE_TARGET_TRACKS: Readonly<Record<string, readonly string[]>> = ${JSON.stringify(Object.fromEntries(Object.keys(STYLES).filter((s) => s !== 'all').map((s) => [s, tracks.filter((t) => t.style === s).map((t) => t.id)])), null, 2)};
`;
  writeFileSync(join(import.meta.dirname, '..', 'src', 'rules', 'coach', 'style-targets.ts'), text);
  console.log(`wrote src/rules/coach/style-targets.ts: ${tracks.length} tracks`);
}

await main();
