// The live audition on real music: a producer plays the mix plain, then switches a mastering
// processor in on the bus, often matched in level to hear what it does rather than that it is
// louder. Each processed file of the set is played after its song's plain excerpt (the same 20 s,
// brought to the peak the processor was fed), turned to the plain excerpt's RMS, and the detector
// runs over the 40 s exactly as `busmeter analyze` runs a file. What counts is how soon after
// the switch the warning comes: the plain peaks of the last 30 s lie above the processor's
// ceiling and are no louder, which an arrangement does not explain. And switched off again (the
// processed part first, then the plain one): how soon the warning clears.
//
// A producer who hears what the processor does keeps it in for the next pass, or takes it out:
// each audition also plays the processed file a second time after the first (how much of that
// pass is warned: the warning must hold while the processor stays in), and the plain excerpt
// twice after it (the warning must clear within 10 s and stay clear while the plain passes repeat).
//
// The kernel measures in 100 ms windows counted from the start of the stream, so the processed
// part, 20 s in, starts on a window's edge, as a DAW's loop does only when it lasts a whole number
// of tenths of a second (4 bars at 120 or 128 BPM, not at 124 or 140). `--loop-offset-ms N` cuts
// N ms off the end of every part but the last, so that each repeats the one before N ms off the windows.

import { join } from 'node:path';
import { decodeAudioFile } from '../../src/offline/decode/index.js';
import { analyzeMastering } from '../../src/offline/analyze-mastering.js';
import { countsRow, pct, WARN_WITHIN_SECONDS } from './evaluate.js';
import { samplePeak } from './excerpt.js';
import type { Entry, Manifest } from './manifest.js';
import { processorKind, type ProcessorKind } from './processors.js';
import type { Split } from './split.js';

export interface AuditionResult {
  id: string;
  split: Split;
  processing: string;
  kind: ProcessorKind;
  /** Gain that matched the processed file to the plain excerpt's RMS, dB. */
  matchGainDb: number;
  /** The plain part was warned of (a false alarm before the switch). */
  warnedBefore: boolean;
  /** Seconds from the switch to the first `suspected` or `on`, and to the first `on` (null: never). */
  warnedAfter: number | null;
  onAfter: number | null;
  /** Switched off: the processed part, then the plain one. Whether it was warned of at the switch, and seconds to `off` (null: never). */
  warnedAtSwitchOff: boolean;
  offAfter: number | null;
  /** After the switch off, a read gave the passage played again as its reason: the plain pass taken for processing switched in. */
  replayAfterSwitchOff: boolean;
  /** …and was warned of so (`suspected` or `on`): the panel showed it. Reads whose state stays `off` show nothing. */
  warnedByReplayAfterSwitchOff: boolean;
  /** Kept in: the processed part played again after the first. The share of its reads that were warned. */
  heldShare: number;
  /** Taken out again: plain, processed, plain, plain. Whether it was warned of at the switch out, and whether any read 10 s or more after it was. */
  warnedAtSwitchOut: boolean;
  warnedLateAfterOut: boolean;
}

/** The passage played again as the warning's reason (src/rules/detector/wording.ts). */
const REPLAY_REASON = /^the passage you played/;

function rms(channels: readonly Float32Array[]): number {
  let sum = 0, n = 0;
  for (const c of channels) {
    for (let i = 0; i < c.length; i++) sum += c[i] * c[i];
    n += c.length;
  }
  return Math.sqrt(sum / n);
}

/**
 * The two parts of an audition: `plain` brought to `plainPeakDbfs` sample peak, and `processed`
 * scaled to the plain part's RMS, with that matching gain (dB).
 */
export function auditionParts(plain: readonly Float32Array[], processed: readonly Float32Array[], plainPeakDbfs: number): { plain: Float32Array[]; processed: Float32Array[]; matchGainDb: number } {
  if (plain.length !== processed.length) throw new Error(`the plain excerpt and the processed file differ in channels (${plain.length} and ${processed.length})`);
  const plainGain = 10 ** (plainPeakDbfs / 20) / samplePeak(plain);
  const level = plain.map((c) => c.map((v) => v * plainGain));
  const match = rms(level) / rms(processed);
  return { plain: level, processed: processed.map((c) => c.map((v) => v * match)), matchGainDb: 20 * Math.log10(match) };
}

/** `first`, then `second`, channel by channel. */
export function splice(first: readonly Float32Array[], second: readonly Float32Array[]): Float32Array[] {
  return first.map((c, ch) => {
    const out = new Float32Array(c.length + second[ch].length);
    out.set(c);
    out.set(second[ch], c.length);
    return out;
  });
}

type Timeline = NonNullable<ReturnType<typeof analyzeMastering>['timeline']>;
interface Run { timeline: Timeline; switches: number[] }

/**
 * The detector's timeline over `parts` played one after the other (each but the last less its
 * last `offsetMs`: the next then repeats it that much sooner), and the seconds at which each part
 * after the first starts.
 */
function runParts(parts: Float32Array[][], sampleRate: number, layout: { weights: number[]; labels: string[] }, offsetMs: number): Run {
  const cut = Math.round((offsetMs / 1000) * sampleRate);
  const trimmed = parts.map((part, k) => (k < parts.length - 1 ? part.map((c) => c.subarray(0, c.length - cut)) : part));
  const switches: number[] = [];
  let frames = 0;
  for (const part of trimmed.slice(0, -1)) switches.push((frames += part[0].length) / sampleRate);
  const timeline = analyzeMastering(trimmed.reduce((all, part) => splice(all, part)), sampleRate, layout, true).timeline!;
  return { timeline, switches };
}

/** Seconds from `from` to the first read after it, up to `to`, that passes `test` (null: none). */
function secondsAfter(timeline: Timeline, from: number, to: number, test: (state: string) => boolean): number | null {
  const p = timeline.find((q) => q.seconds > from && q.seconds <= to && test(q.verdict.state));
  return p ? Math.round((p.seconds - from) * 10) / 10 : null;
}

/** The state of the last read at or before `seconds`. */
const stateAt = (timeline: Timeline, seconds: number) => timeline.filter((p) => p.seconds <= seconds).at(-1)!.verdict.state;

async function evaluateAudition(entry: Entry, plainEntry: Entry, cacheDir: string, offsetMs: number): Promise<AuditionResult> {
  const [before, after] = await Promise.all([decodeAudioFile(join(cacheDir, plainEntry.path)), decodeAudioFile(join(cacheDir, entry.path))]);
  if (before.sampleRate !== after.sampleRate) throw new Error(`${entry.id} is at ${after.sampleRate} Hz, its plain excerpt at ${before.sampleRate} Hz`);
  const parts = auditionParts(before.channels, after.channels, entry.processing!.inputPeakDbfs);
  const layout = { weights: after.layout.weights, labels: after.layout.labels };
  const held = runParts([parts.plain, parts.processed, parts.processed], after.sampleRate, layout, offsetMs);
  const out = runParts([parts.plain, parts.processed, parts.plain, parts.plain], after.sampleRate, layout, offsetMs);
  const off = runParts([parts.processed, parts.plain], after.sampleRate, layout, offsetMs);
  const [switchIn, again] = held.switches;
  const switchOut = out.switches[1];
  const warnedAtSwitchOff = stateAt(off.timeline, off.switches[0]) !== 'off';
  const passAgain = held.timeline.filter((p) => p.seconds > again);
  const replayAfterOff = off.timeline.filter((p) => p.seconds > off.switches[0] && p.verdict.reasons.some((r) => REPLAY_REASON.test(r)));
  return {
    id: entry.id, split: entry.split, processing: entry.processing!.name, kind: processorKind(entry.processing!.name),
    matchGainDb: parts.matchGainDb,
    warnedBefore: held.timeline.some((p) => p.seconds <= switchIn && p.verdict.state !== 'off'),
    warnedAfter: secondsAfter(held.timeline, switchIn, again, (s) => s !== 'off'),
    onAfter: secondsAfter(held.timeline, switchIn, again, (s) => s === 'on'),
    warnedAtSwitchOff,
    offAfter: warnedAtSwitchOff ? secondsAfter(off.timeline, off.switches[0], Infinity, (s) => s === 'off') : 0,
    replayAfterSwitchOff: replayAfterOff.length > 0,
    warnedByReplayAfterSwitchOff: replayAfterOff.some((p) => p.verdict.state !== 'off'),
    heldShare: passAgain.filter((p) => p.verdict.state !== 'off').length / passAgain.length,
    warnedAtSwitchOut: stateAt(out.timeline, switchOut) !== 'off',
    warnedLateAfterOut: out.timeline.some((p) => p.seconds >= switchOut + WARN_WITHIN_SECONDS && p.verdict.state !== 'off'),
  };
}

/** How fine a plain file's values are: floating point before 24-bit before 16-bit. */
const DEPTH_RANK: Record<string, number> = { float: 3, 24: 2, 16: 1 };

/**
 * Every processed entry whose song has a plain excerpt in the manifest (not played at a fader),
 * auditioned after the finest of them, the second part `offsetMs` off the kernel's windows.
 */
export async function checkAuditions(manifest: Manifest, cacheDir: string, onEntry: (r: AuditionResult, k: number, of: number) => void = () => {}, offsetMs = 0): Promise<AuditionResult[]> {
  const plainBySong = new Map<string, Entry>();
  for (const e of manifest.entries) {
    if (e.processing || e.faderDb !== undefined) continue;
    const held = plainBySong.get(e.song);
    if (!held || DEPTH_RANK[String(e.bitDepth)] > DEPTH_RANK[String(held.bitDepth)]) plainBySong.set(e.song, e);
  }
  const processed = manifest.entries.filter((e) => e.processing && plainBySong.has(e.song));
  const results: AuditionResult[] = [];
  for (const [k, entry] of processed.entries()) {
    results.push(await evaluateAudition(entry, plainBySong.get(entry.song)!, cacheDir, offsetMs));
    onEntry(results[k], k, processed.length);
  }
  return results;
}

/** Per half: warned and `on` within 10 s of the switch, by kind of processing; and how many cleared when switched off again. */
export function formatAuditions(results: readonly AuditionResult[]): string {
  const within = (s: number | null) => s !== null && s <= WARN_WITHIN_SECONDS;
  const lines = ['Auditioned gain-matched after the plain excerpt: warned within 10 s of the switch, on, of'];
  for (const split of ['tune', 'holdout'] as const) {
    const half = results.filter((r) => r.split === split);
    const byKind = new Map<string, [number, number, number]>();
    for (const r of half) {
      const row = byKind.get(r.kind) ?? [0, 0, 0];
      row[0] += within(r.warnedAfter) ? 1 : 0;
      row[1] += within(r.onAfter) ? 1 : 0;
      row[2] += 1;
      byKind.set(r.kind, row);
    }
    const all: [number, number, number] = [half.filter((r) => within(r.warnedAfter)).length, half.filter((r) => within(r.onAfter)).length, half.length];
    lines.push(`  ${split === 'tune' ? 'TUNE' : 'HOLDOUT'} half (plain part warned of before the switch: ${half.filter((r) => r.warnedBefore).length} of ${half.length})`);
    const row = (label: string, counts: [number, number, number]) => `${countsRow(label, counts)}   ${pct(counts[0], counts[2])} warned`;
    lines.push(row('all processed', all));
    lines.push(...[...byKind.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([kind, counts]) => row(kind, counts)));
    const songs = (rs: readonly AuditionResult[]) => [...new Set(rs.map((r) => r.id.split('+')[0]))].join(', ') || 'none';
    const warnedAtOff = half.filter((r) => r.warnedAtSwitchOff);
    const cleared = warnedAtOff.filter((r) => within(r.offAfter));
    lines.push(`  switched off again (the processed part first): of ${warnedAtOff.length} warned at the switch, ${pct(cleared.length, warnedAtOff.length)} \`off\` within ${WARN_WITHIN_SECONDS} s; not: ${songs(warnedAtOff.filter((r) => !within(r.offAfter)))}`);
    const replayOff = half.filter((r) => r.replayAfterSwitchOff);
    const replayWarned = replayOff.filter((r) => r.warnedByReplayAfterSwitchOff);
    lines.push(`  switched off: the plain part read as a passage played again with processing switched in: ${replayOff.length} of ${half.length}, warned of so in ${replayWarned.length}: ${replayWarned.map((r) => r.id).join(', ') || 'none'}`);
    const warned = half.filter((r) => within(r.warnedAfter));
    const throughout = warned.filter((r) => r.heldShare === 1);
    const share = warned.reduce((sum, r) => sum + r.heldShare, 0) / Math.max(1, warned.length);
    lines.push(`  kept in (the processed part played again): of ${warned.length} warned within ${WARN_WITHIN_SECONDS} s of the switch, ${pct(throughout.length, warned.length)} warned throughout the second pass; ${(100 * share).toFixed(1)} % of its reads warned`);
    const atOut = half.filter((r) => r.warnedAtSwitchOut);
    const late = atOut.filter((r) => r.warnedLateAfterOut);
    lines.push(`  taken out after one processed pass (plain, processed, plain, plain): of ${atOut.length} warned at the switch, ${late.length} still warned ${WARN_WITHIN_SECONDS} s or more after it (songs: ${songs(late)})`);
  }
  return lines.join('\n');
}
