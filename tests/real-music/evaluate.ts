// Runs the mastering detector on every entry of the set exactly as `busmeter analyze` does (the
// file decoded by the project's decoder, then analyzeMastering: the kernel read every 100 ms),
// and sums up each half of the split against the targets:
//
//   unprocessed: none reaches `on`; at most 3 % reach `suspected` (or higher) at any moment;
//   processed:   at least 95 % are warned (`suspected` or `on`) within 10 s, 85 % reach `on`.

import { join } from 'node:path';
import { decodeAudioFile } from '../../src/offline/decode/index.js';
import { analyzeMastering } from '../../src/offline/analyze-mastering.js';
import type { MasteringState } from '../../src/rules/detector/mastering-detector.js';
import { unwordedReads } from '../support/detector-run.js';
import type { Entry, Manifest } from './manifest.js';
import { processorKind, type ProcessorKind } from './processors.js';
import type { Split } from './split.js';

export const WARN_WITHIN_SECONDS = 10;
/**
 * Bands of how far a processor lowered the peak-to-loudness ratio (true-peak max − integrated
 * loudness): what a limiter, clipper or maximiser does to a mix, and the detector's chief
 * evidence. Processing that leaves the ratio where it was leaves the peaks looking unprocessed.
 */
export const PLR_REDUCTION_BANDS = [
  { label: 'under 0.5 dB', below: 0.5 },
  { label: '0.5 to 1 dB', below: 1 },
  { label: '1 to 2 dB', below: 2 },
  { label: '2 to 3 dB', below: 3 },
  { label: '3 to 6 dB', below: 6 },
  { label: '6 dB or more', below: Infinity },
] as const;

export const plrReductionBand = (db: number): string => PLR_REDUCTION_BANDS.find((b) => db < b.below)!.label;

export const TARGETS = { unprocessedOn: 0, unprocessedSuspectedShare: 0.03, processedWarnedShare: 0.95, processedOnShare: 0.85 };

export interface EntryResult {
  id: string;
  song: string;
  style: string;
  split: Split;
  processing: string | null;
  /** The processor's measured gain reduction, dB: typical (median) and deepest (1st percentile). */
  gainReductionDb: number | null;
  deepestGainReductionDb: number | null;
  /** How far the processor lowered the peak-to-loudness ratio (input PLR − output PLR), dB. */
  plrReductionDb: number | null;
  gainDb: number;
  bitDepth: Entry['bitDepth'];
  faderDb: number | null;
  /** The highest state reached. */
  state: MasteringState;
  /** Seconds into the file when that state was first reached (null for `off`). */
  atSeconds: number | null;
  firstWarnedSeconds: number | null;
  firstOnSeconds: number | null;
  /** The verdict's reasons at the first moment of its strongest state. */
  evidence: string[];
  /** Reads whose state was not `off` but that gave no reason (a warning must always say why). */
  unwordedReads: number;
}

export interface HalfSummary {
  split: Split;
  unprocessed: number;
  unprocessedOn: number;
  /** Reached `suspected` or `on`. */
  unprocessedSuspected: number;
  processed: number;
  processedWarnedWithin10s: number;
  processedOn: number;
  /** Files (either side) with a read warned without a reason. */
  unworded: number;
  /** Per processor id: [warned within 10 s, on, count]. */
  byProcessor: Record<string, [number, number, number]>;
  /** Per kind of processing (PROCESSOR_KINDS): [warned within 10 s, on, count]. */
  byKind: Partial<Record<ProcessorKind, [number, number, number]>>;
  /** Per band of PLR reduction (PLR_REDUCTION_BANDS, by label): [warned within 10 s, on, count]. */
  byPlrReduction: Record<string, [number, number, number]>;
  /** Per style: unprocessed [suspected or on, count], processed [warned within 10 s, count]. */
  byStyle: Record<string, { unprocessed: [number, number]; processed: [number, number] }>;
  meetsTargets: boolean;
}

export interface EvaluationResults {
  created: string;
  halves: HalfSummary[];
  entries: EntryResult[];
}

export async function evaluateEntry(entry: Entry, cacheDir: string): Promise<EntryResult> {
  const audio = await decodeAudioFile(join(cacheDir, entry.path));
  const analysis = analyzeMastering(audio.channels, audio.sampleRate, { weights: audio.layout.weights, labels: audio.layout.labels }, true);
  const timeline = analysis.timeline!;
  const first = (test: (s: MasteringState) => boolean) => timeline.find((p) => test(p.verdict.state))?.seconds ?? null;
  const firstWarned = first((s) => s !== 'off');
  const firstOn = first((s) => s === 'on');
  const state = analysis.summary.state;
  return {
    id: entry.id, song: entry.song, style: entry.style, split: entry.split,
    processing: entry.processing?.name ?? null,
    gainReductionDb: entry.processing?.gainReduction.typicalDb ?? null,
    deepestGainReductionDb: entry.processing?.gainReduction.deepestDb ?? null,
    plrReductionDb: entry.processing?.gainReduction.plrReductionDb ?? null,
    gainDb: entry.gainDb, bitDepth: entry.bitDepth, faderDb: entry.faderDb ?? null,
    state, atSeconds: state === 'on' ? firstOn : state === 'suspected' ? firstWarned : null,
    firstWarnedSeconds: firstWarned, firstOnSeconds: firstOn,
    evidence: analysis.summary.reasons,
    unwordedReads: unwordedReads(timeline),
  };
}

export function summarise(results: readonly EntryResult[], split: Split): HalfSummary {
  const half = results.filter((r) => r.split === split);
  const plain = half.filter((r) => r.processing === null);
  const processed = half.filter((r) => r.processing !== null);
  const warned = (r: EntryResult) => r.firstWarnedSeconds !== null && r.firstWarnedSeconds <= WARN_WITHIN_SECONDS;
  const byProcessor: HalfSummary['byProcessor'] = {};
  const byKind: HalfSummary['byKind'] = {};
  const byPlrReduction: HalfSummary['byPlrReduction'] = Object.fromEntries(PLR_REDUCTION_BANDS.map((b) => [b.label, [0, 0, 0]]));
  for (const r of processed) {
    const rows = [(byProcessor[r.processing!] ??= [0, 0, 0]), (byKind[processorKind(r.processing!)] ??= [0, 0, 0]), byPlrReduction[plrReductionBand(r.plrReductionDb!)]];
    for (const row of rows) {
      row[0] += warned(r) ? 1 : 0;
      row[1] += r.state === 'on' ? 1 : 0;
      row[2] += 1;
    }
  }
  const byStyle: HalfSummary['byStyle'] = {};
  for (const r of half) {
    const row = (byStyle[r.style] ??= { unprocessed: [0, 0], processed: [0, 0] });
    if (r.processing === null) { row.unprocessed[0] += r.state !== 'off' ? 1 : 0; row.unprocessed[1] += 1; }
    else { row.processed[0] += warned(r) ? 1 : 0; row.processed[1] += 1; }
  }
  const s = {
    split,
    unprocessed: plain.length,
    unprocessedOn: plain.filter((r) => r.state === 'on').length,
    unprocessedSuspected: plain.filter((r) => r.state !== 'off').length,
    processed: processed.length,
    processedWarnedWithin10s: processed.filter(warned).length,
    processedOn: processed.filter((r) => r.state === 'on').length,
    unworded: half.filter((r) => r.unwordedReads > 0).length,
    byProcessor, byKind, byPlrReduction, byStyle,
  };
  return { ...s, meetsTargets: meetsTargets(s) };
}

type Counts = Omit<HalfSummary, 'meetsTargets' | 'byProcessor' | 'byKind' | 'byPlrReduction' | 'byStyle' | 'split'>;

export function meetsTargets(s: Counts): boolean {
  return meetsFalseAlarmTargets(s) && s.processed > 0
    && s.processedWarnedWithin10s >= TARGETS.processedWarnedShare * s.processed
    && s.processedOn >= TARGETS.processedOnShare * s.processed;
}

/** The targets on the unprocessed side alone (all that a build with --unprocessed-only can be judged on). */
export function meetsFalseAlarmTargets(s: Counts): boolean {
  return s.unprocessed > 0 && s.unworded === 0
    && s.unprocessedOn <= TARGETS.unprocessedOn
    && s.unprocessedSuspected <= TARGETS.unprocessedSuspectedShare * s.unprocessed;
}

export async function evaluateManifest(manifest: Manifest, cacheDir: string, onEntry: (r: EntryResult, k: number) => void = () => {}): Promise<EvaluationResults> {
  const entries: EntryResult[] = [];
  for (const [k, entry] of manifest.entries.entries()) {
    const result = await evaluateEntry(entry, cacheDir);
    entries.push(result);
    onEntry(result, k);
  }
  return { created: new Date().toISOString(), halves: [summarise(entries, 'tune'), summarise(entries, 'holdout')], entries };
}

export const pct = (n: number, d: number) => `${n}/${d} = ${d > 0 ? ((100 * n) / d).toFixed(1) : '–'} %`;

/** A row of a summary table: its label, then warned within 10 s, on, and how many files. */
export const countsRow = (label: string, [warned, on, count]: readonly [number, number, number]) =>
  `    ${label.padEnd(30)} ${String(warned).padStart(3)} ${String(on).padStart(3)} ${String(count).padStart(3)}`;

export function formatSummary(h: HalfSummary): string {
  const lines = [
    `${h.split === 'tune' ? 'TUNE half' : 'HOLDOUT half'} ${h.processed === 0
      ? `(unprocessed files only: ${meetsFalseAlarmTargets(h) ? 'meets' : 'misses'} the false-alarm targets)`
      : h.meetsTargets ? '(meets the targets)' : '(misses the targets)'}`,
    `  unprocessed reaching on:                ${pct(h.unprocessedOn, h.unprocessed)}   (target 0)`,
    `  unprocessed reaching suspected or on:   ${pct(h.unprocessedSuspected, h.unprocessed)}   (target ≤ 3 %)`,
    `  processed warned within ${WARN_WITHIN_SECONDS} s:          ${pct(h.processedWarnedWithin10s, h.processed)}   (target ≥ 95 %)`,
    `  processed reaching on:                  ${pct(h.processedOn, h.processed)}   (target ≥ 85 %)`,
    `  files warned without a reason:          ${h.unworded}   (target 0)`,
    '  by style: unprocessed warned | processed warned within 10 s',
    ...Object.entries(h.byStyle).sort().map(([style, r]) => `    ${style.padEnd(12)} ${`${r.unprocessed[0]}/${r.unprocessed[1]}`.padStart(7)} | ${r.processed[0]}/${r.processed[1]}`),
    '  by kind of processing: warned within 10 s, on, of',
    ...Object.entries(h.byKind).sort().map(([kind, counts]) => `${countsRow(kind, counts)}   ${pct(counts[0], counts[2])} warned`),
    '  by how far the processing lowered the peak-to-loudness ratio: warned within 10 s, on, of',
    ...Object.entries(h.byPlrReduction).map(([band, counts]) => `${countsRow(band, counts)}   ${pct(counts[0], counts[2])} warned`),
    '  by processor: warned within 10 s, on, of',
    ...Object.entries(h.byProcessor).sort().map(([p, counts]) => countsRow(p, counts)),
  ];
  return lines.join('\n');
}

/** One line per entry (GR: typical/deepest gain reduction): false alarms first, then processed entries missed, then the rest. */
export function formatTable(results: readonly EntryResult[]): string {
  const rank = (r: EntryResult) => (r.processing === null ? (r.state === 'on' ? 0 : r.state === 'suspected' ? 1 : 4) : r.firstWarnedSeconds === null || r.firstWarnedSeconds > WARN_WITHIN_SECONDS ? 2 : r.state !== 'on' ? 3 : 5);
  const sorted = [...results].sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : 1));
  const header = `${'split'.padEnd(7)} ${'song'.padEnd(36)} ${'style'.padEnd(10)} ${'processing'.padEnd(28)} ${'GR dB'.padStart(9)} ${'file'.padEnd(12)} ${'state'.padEnd(9)} ${'when'.padStart(6)}  evidence`;
  const rows = sorted.map((r) => [
    r.split.padEnd(7), r.song.padEnd(36), r.style.padEnd(10), (r.processing ?? 'none').padEnd(28),
    (r.gainReductionDb === null ? '' : `${r.gainReductionDb.toFixed(1)}/${r.deepestGainReductionDb!.toFixed(1)}`).padStart(9),
    (r.faderDb === null ? `${r.gainDb} ${r.bitDepth === 'float' ? 'f32' : `i${r.bitDepth}`}` : `${r.gainDb} i16→f32`).padEnd(12),
    r.state.padEnd(9), (r.atSeconds === null ? '' : `${r.atSeconds.toFixed(1)} s`).padStart(6),
    ` ${r.evidence.join(' | ')}`,
  ].join(' '));
  return [header, ...rows].join('\n');
}

export function formatReport(results: EvaluationResults): string {
  return [formatTable(results.entries), '', ...results.halves.map(formatSummary)].join('\n');
}

/** Per processor setting: how many files, and the median of their measured gain reductions. */
export function formatProcessors(manifest: Manifest): string {
  const byName = new Map<string, Entry[]>();
  for (const e of manifest.entries) if (e.processing) byName.set(e.processing.name, [...(byName.get(e.processing.name) ?? []), e]);
  const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
  const rows = [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, entries]) => {
    const gr = entries.map((e) => e.processing!.gainReduction);
    const p = entries[0].processing!;
    return `  ${name.padEnd(30)} ${String(entries.length).padStart(4)} ${median(gr.map((g) => g.typicalDb)).toFixed(1).padStart(8)} ${median(gr.map((g) => g.deepestDb)).toFixed(1).padStart(8)} ${median(gr.map((g) => g.plrReductionDb)).toFixed(1).padStart(8)}   ${p.tool}: ${p.settings}`;
  });
  return [`  ${'processor'.padEnd(30)} ${'files'.padStart(4)} ${'GR typ'.padStart(8)} ${'GR deep'.padStart(8)} ${'PLR −'.padStart(8)}   (medians, dB)`, ...rows].join('\n');
}
