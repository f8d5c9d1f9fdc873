// The coach's evaluation set: excerpts of released recordings (Debian's hedgewars-data and
// frozen-bubble-data soundtracks) changed by third-party processors (ffmpeg's equalizer, bass,
// treble, extrastereo, stereotools, acompressor), each measured by the coach against a target
// built from its own unprocessed excerpt. Renders are cached in .cache/coach-eval (or
// $BUSMETER_COACH_CACHE), so a later run only measures.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { measureFileForCoach } from '../../src/offline/coach-file.js';
import { coachFindings, strongestBalance, targetFromReferences, type BroadBand, type CoachFinding } from '../../src/rules/coach/index.js';

export const EXCERPT_START_SECONDS = 30;
export const EXCERPT_SECONDS = 8;

/** The recordings: soundtrack tracks with some stereo in their lows (so widening them shows). */
export const SONGS: readonly { id: string; file: string }[] = [
  ...['Beach', 'City', 'EarthRise', 'Jungle', 'hell', 'oriental'].map((n) => ({ id: `hedgewars-data/${n}`, file: `/usr/share/games/hedgewars/Data/Music/${n}.ogg` })),
  { id: 'frozen-bubble-data/frozen-mainzik-1p', file: '/usr/share/games/frozen-bubble/snd/frozen-mainzik-1p.ogg' },
];

export type CaseClass = 'unchanged' | 'eq6' | 'eq3' | 'wide-lows' | 'heavy-compression';

export interface Case {
  id: string;
  cls: CaseClass;
  /** ffmpeg -af graph ('' for the 16-bit re-bounce of the unchanged excerpt). */
  filter: string;
  /** For EQ: the broad band changed and the direction. */
  band?: BroadBand;
  direction?: 'above' | 'below';
}

function eqCases(): Case[] {
  const shapes: { name: string; band: BroadBand; graph: (g: number) => string }[] = [
    { name: 'bass-shelf-100Hz', band: 'low', graph: (g) => `bass=g=${g}:f=100` },
    { name: 'bell-60Hz-2oct', band: 'low', graph: (g) => `equalizer=f=60:t=o:w=2:g=${g}` },
    { name: 'bell-300Hz-2oct', band: 'low-mid', graph: (g) => `equalizer=f=300:t=o:w=2:g=${g}` },
    { name: 'bell-1600Hz-3oct', band: 'high-mid', graph: (g) => `equalizer=f=1600:t=o:w=3:g=${g}` },
    { name: 'treble-shelf-5kHz', band: 'high', graph: (g) => `treble=g=${g}:f=5000` },
    { name: 'bell-9kHz-2oct', band: 'high', graph: (g) => `equalizer=f=9000:t=o:w=2:g=${g}` },
  ];
  const cases: Case[] = [];
  for (const s of shapes) {
    for (const g of [6, -6, 3, -3]) {
      cases.push({ id: `${s.name}${g > 0 ? '+' : ''}${g}dB`, cls: Math.abs(g) === 6 ? 'eq6' : 'eq3', filter: s.graph(g), band: s.band, direction: g > 0 ? 'above' : 'below' });
    }
  }
  return cases;
}

export const CASES: readonly Case[] = [
  { id: 'unchanged-16bit', cls: 'unchanged', filter: '' },
  ...eqCases(),
  { id: 'extrastereo-2.5', cls: 'wide-lows', filter: 'extrastereo=m=2.5' },
  { id: 'stereotools-side+8dB', cls: 'wide-lows', filter: 'stereotools=slev=2.5' },
  { id: 'acompressor-20to1-30dB', cls: 'heavy-compression', filter: 'acompressor=threshold=0.03:ratio=20:attack=1:release=50:makeup=8' },
  { id: 'acompressor-10to1-26dB', cls: 'heavy-compression', filter: 'acompressor=threshold=0.05:ratio=10:attack=5:release=100:makeup=6' },
];

export const TARGETS: Record<CaseClass, number> = { unchanged: 1, eq6: 0.95, eq3: 0.8, 'wide-lows': 0.95, 'heavy-compression': 0.9 };

export function cacheFolder(): string {
  return process.env.BUSMETER_COACH_CACHE || join(import.meta.dirname, '..', '..', '.cache', 'coach-eval');
}

function ffmpeg(args: string[], out: string): string {
  if (existsSync(out)) return out;
  mkdirSync(join(out, '..'), { recursive: true });
  const partial = `${out}.part.wav`;
  execFileSync('nice', ['-n', '10', 'ffmpeg', '-v', 'error', '-y', ...args, partial]);
  renameSync(partial, out);
  return out;
}

export interface CaseResult {
  song: string;
  case: Case;
  findings: CoachFinding[];
  /** Whether the coach said what it should (see passes()). */
  pass: boolean;
}

function passes(c: Case, findings: CoachFinding[]): boolean {
  switch (c.cls) {
    case 'unchanged': return findings.length === 0;
    case 'eq6': case 'eq3': {
      const top = strongestBalance(findings);
      return top !== null && top.band === c.band && top.direction === c.direction;
    }
    case 'wide-lows': return findings.some((f) => f.id === 'low-width');
    case 'heavy-compression': return findings.some((f) => f.id === 'squashed');
  }
}

/** Renders what is missing and measures every case of every song. */
export async function evaluate(cacheDir = cacheFolder()): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const song of SONGS) {
    if (!existsSync(song.file)) throw new Error(`${song.file} is missing: install hedgewars-data and frozen-bubble-data`);
    const folder = join(cacheDir, song.id);
    const reference = ffmpeg(['-ss', String(EXCERPT_START_SECONDS), '-t', String(EXCERPT_SECONDS), '-i', song.file, '-ar', '48000', '-ac', '2', '-c:a', 'pcm_f32le'], join(folder, 'reference.wav'));
    const target = targetFromReferences([await measureFileForCoach(reference)]);
    for (const c of CASES) {
      const file = c.filter === ''
        ? ffmpeg(['-i', reference, '-c:a', 'pcm_s16le'], join(folder, `${c.id}.wav`))
        : ffmpeg(['-i', reference, '-af', c.filter, '-c:a', 'pcm_f32le'], join(folder, `${c.id}.wav`));
      const findings = coachFindings(await measureFileForCoach(file), target);
      results.push({ song: song.id, case: c, findings, pass: passes(c, findings) });
    }
  }
  return results;
}

export function summarise(results: readonly CaseResult[]): { cls: CaseClass; passed: number; total: number; share: number; target: number; met: boolean }[] {
  return (Object.keys(TARGETS) as CaseClass[]).map((cls) => {
    const set = results.filter((r) => r.case.cls === cls);
    const passed = set.filter((r) => r.pass).length;
    const share = set.length ? passed / set.length : 0;
    return { cls, passed, total: set.length, share, target: TARGETS[cls], met: set.length > 0 && share >= TARGETS[cls] };
  });
}

export function formatResults(results: readonly CaseResult[]): string {
  const lines = results.map((r) => `${r.pass ? 'ok  ' : 'MISS'} ${r.song.padEnd(38)} ${r.case.id.padEnd(26)} ${r.findings.map((f) => `${f.id}(${f.value.toFixed(1)})`).join(' ') || '(no finding)'}`);
  const summary = summarise(results).map((s) => `${s.cls.padEnd(18)} ${String(s.passed).padStart(3)}/${String(s.total).padEnd(3)} ${(100 * s.share).toFixed(1).padStart(5)} %  target ${(100 * s.target).toFixed(0)} %  ${s.met ? 'TARGET_MET' : 'TARGET NOT MET'}`);
  return `${lines.join('\n')}\n\n${summary.join('\n')}`;
}
