// The live audition on real music: a producer plays the mix plain, then switches a mastering
// processor in on the bus, often matched in level to hear what it does rather than that it is
// louder. Each processed file of the set is played after its song's plain excerpt (the same 20 s,
// brought to the peak the processor was fed), turned to the plain excerpt's RMS, and the detector
// runs over the 40 s exactly as `busmeter analyze` runs a file. What counts is how soon after
// the switch the warning comes: the plain peaks of the last 30 s lie above the processor's
// ceiling and are no louder, which an arrangement does not explain.

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
}

function rms(channels: readonly Float32Array[]): number {
  let sum = 0, n = 0;
  for (const c of channels) {
    for (let i = 0; i < c.length; i++) sum += c[i] * c[i];
    n += c.length;
  }
  return Math.sqrt(sum / n);
}

/**
 * The audition as one signal: `plain` brought to `plainPeakDbfs` sample peak, then `processed`
 * scaled to the plain part's RMS. Returns it, the switch in seconds and the matching gain (dB).
 */
export function auditionAudio(plain: readonly Float32Array[], processed: readonly Float32Array[], sampleRate: number, plainPeakDbfs: number): { channels: Float32Array[]; switchSeconds: number; matchGainDb: number } {
  if (plain.length !== processed.length) throw new Error(`the plain excerpt and the processed file differ in channels (${plain.length} and ${processed.length})`);
  const plainGain = 10 ** (plainPeakDbfs / 20) / samplePeak(plain);
  const before = plain.map((c) => c.map((v) => v * plainGain));
  const match = rms(before) / rms(processed);
  const channels = before.map((c, ch) => {
    const out = new Float32Array(c.length + processed[ch].length);
    out.set(c);
    out.set(processed[ch].map((v) => v * match), c.length);
    return out;
  });
  return { channels, switchSeconds: plain[0].length / sampleRate, matchGainDb: 20 * Math.log10(match) };
}

async function evaluateAudition(entry: Entry, plain: Entry, cacheDir: string): Promise<AuditionResult> {
  const [before, after] = await Promise.all([decodeAudioFile(join(cacheDir, plain.path)), decodeAudioFile(join(cacheDir, entry.path))]);
  if (before.sampleRate !== after.sampleRate) throw new Error(`${entry.id} is at ${after.sampleRate} Hz, its plain excerpt at ${before.sampleRate} Hz`);
  const audition = auditionAudio(before.channels, after.channels, after.sampleRate, entry.processing!.inputPeakDbfs);
  const timeline = analyzeMastering(audition.channels, after.sampleRate, { weights: after.layout.weights, labels: after.layout.labels }, true).timeline!;
  const afterSwitch = timeline.filter((p) => p.seconds > audition.switchSeconds);
  const since = (p: { seconds: number } | undefined) => (p ? Math.round((p.seconds - audition.switchSeconds) * 10) / 10 : null);
  return {
    id: entry.id, split: entry.split, processing: entry.processing!.name, kind: processorKind(entry.processing!.name),
    matchGainDb: audition.matchGainDb,
    warnedBefore: timeline.some((p) => p.seconds <= audition.switchSeconds && p.verdict.state !== 'off'),
    warnedAfter: since(afterSwitch.find((p) => p.verdict.state !== 'off')),
    onAfter: since(afterSwitch.find((p) => p.verdict.state === 'on')),
  };
}

/** How fine a plain file's values are: floating point before 24-bit before 16-bit. */
const DEPTH_RANK: Record<string, number> = { float: 3, 24: 2, 16: 1 };

/**
 * Every processed entry whose song has a plain excerpt in the manifest (not played at a fader),
 * auditioned after the finest of them.
 */
export async function checkAuditions(manifest: Manifest, cacheDir: string, onEntry: (r: AuditionResult, k: number, of: number) => void = () => {}): Promise<AuditionResult[]> {
  const plainBySong = new Map<string, Entry>();
  for (const e of manifest.entries) {
    if (e.processing || e.faderDb !== undefined) continue;
    const held = plainBySong.get(e.song);
    if (!held || DEPTH_RANK[String(e.bitDepth)] > DEPTH_RANK[String(held.bitDepth)]) plainBySong.set(e.song, e);
  }
  const processed = manifest.entries.filter((e) => e.processing && plainBySong.has(e.song));
  const results: AuditionResult[] = [];
  for (const [k, entry] of processed.entries()) {
    results.push(await evaluateAudition(entry, plainBySong.get(entry.song)!, cacheDir));
    onEntry(results[k], k, processed.length);
  }
  return results;
}

/** Per half: warned and `on` within 10 s of the switch, by kind of processing. */
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
  }
  return lines.join('\n');
}
