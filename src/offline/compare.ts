// `busmeter compare BEFORE AFTER`: what changed between two bounces of a mix, from their bounce
// reports (src/offline/report/model.ts): loudness, peaks, balance per broad band, width,
// dynamics, the mastering verdict, and the coach's findings on the new bounce measured against
// the old one. No Node or DOM imports.

import { coachFindings } from '../rules/coach/findings.js';
import { BROAD_BANDS } from '../rules/coach/measure.js';
import { targetFromReferences } from '../rules/coach/targets.js';
import { num } from './report/format.js';
import type { BounceReport } from './report/model.js';
import { printable } from './printable.js';

export interface ChangeRow {
  group: 'loudness' | 'peaks' | 'balance' | 'width' | 'dynamics';
  quantity: string;
  unit: string;
  before: number | null;
  after: number | null;
  /** after − before (null when either has no value). */
  change: number | null;
}

export interface BounceComparison {
  before: string;
  after: string;
  rows: ChangeRow[];
  mastering: { before: string; after: string };
  /** The changes that matter, in words, most telling first. */
  summary: string[];
  /** The coach's findings on AFTER against a target built from BEFORE. */
  findings: { id: string; title: string; why: string; action: string }[];
}

const usable = (v: number | null | undefined) => (v === null || v === undefined || v <= -150 ? null : v);
const r2 = (v: number) => Math.round(v * 100) / 100;

function row(group: ChangeRow['group'], quantity: string, unit: string, before: number | null | undefined, after: number | null | undefined): ChangeRow {
  const b = usable(before);
  const a = usable(after);
  return { group, quantity, unit, before: b, after: a, change: a !== null && b !== null ? r2(a - b) : null };
}

const verdict = (r: BounceReport) => (r.mastering.state === 'off' ? 'not detected' : `${r.mastering.state}${r.mastering.kind ? ` (${r.mastering.kind})` : ''}`);

export function compareReports(before: BounceReport, after: BounceReport): BounceComparison {
  const mb = before.coach.measurement;
  const ma = after.coach.measurement;
  const rows: ChangeRow[] = [
    row('loudness', 'Integrated', 'LUFS', before.loudness.integratedLufs, after.loudness.integratedLufs),
    row('loudness', 'Max short-term', 'LUFS', before.loudness.shortTermMaxLufs, after.loudness.shortTermMaxLufs),
    row('peaks', 'True peak max', 'dBTP', before.peaks.truePeakMaxDbtp, after.peaks.truePeakMaxDbtp),
    row('peaks', 'Sample peak max', 'dBFS', before.peaks.samplePeakMaxDbfs, after.peaks.samplePeakMaxDbfs),
    row('peaks', 'PLR', 'LU', before.loudness.plrLu, after.loudness.plrLu),
  ];
  // Balance: each broad band's change against the mean change of the four (a level change alone moves none).
  const changes = BROAD_BANDS.map((_, k) => (usable(ma.bandsDb[k]) !== null && usable(mb.bandsDb[k]) !== null ? ma.bandsDb[k] - mb.bandsDb[k] : null));
  const known = changes.filter((c): c is number => c !== null);
  const mean = known.length === BROAD_BANDS.length ? known.reduce((x, y) => x + y, 0) / known.length : null;
  BROAD_BANDS.forEach((b, k) => {
    const c = changes[k];
    rows.push({ group: 'balance', quantity: `Balance, ${b.name}`, unit: 'dB', before: null, after: null, change: c === null || mean === null ? null : r2(c - mean) });
  });
  rows.push(
    row('width', 'Width (side/mid)', 'dB', before.stereo?.sideToMidDb, after.stereo?.sideToMidDb),
    row('width', 'Correlation', '', before.stereo?.correlationProgramme, after.stereo?.correlationProgramme),
    row('width', 'Low end side/mid (< 90 Hz)', 'dB', mb.lowSideToMidDb, ma.lowSideToMidDb),
    row('width', 'Mono-compatibility loss', 'LU', before.stereo?.monoLossLu, after.stereo?.monoLossLu),
    row('dynamics', 'PSR', 'dB', mb.psrDb, ma.psrDb),
    row('dynamics', 'Momentary spread', 'LU', mb.movementLu, ma.movementLu),
    row('dynamics', 'Loudness range', 'LU', before.loudness.loudnessRangeLu, after.loudness.loudnessRangeLu),
  );

  const summary: string[] = [];
  const get = (q: string) => rows.find((r) => r.quantity === q)!;
  const say = (q: string, threshold: number, words: (change: number, r: ChangeRow) => string) => {
    const r = get(q);
    if (r.change !== null && Math.abs(r.change) >= threshold) summary.push(words(r.change, r));
  };
  const signed = (v: number) => `${v > 0 ? '+' : ''}${num(v)}`;
  say('Integrated', 0.3, (c, r) => `${c > 0 ? 'Louder' : 'Quieter'} by ${num(Math.abs(c))} LU (${num(r.before)} -> ${num(r.after)} LUFS).`);
  say('True peak max', 0.3, (c, r) => `Peaks ${c > 0 ? 'up' : 'down'} ${num(Math.abs(c))} dB (${num(r.before)} -> ${num(r.after)} dBTP).`);
  for (const b of BROAD_BANDS) say(`Balance, ${b.name}`, 0.5, (c) => `The ${b.name} ${c > 0 ? 'rose' : 'fell'} ${num(Math.abs(c))} dB against the rest.`);
  say('Width (side/mid)', 1, (c) => `${c > 0 ? 'Wider' : 'Narrower'} by ${num(Math.abs(c))} dB (side against mid).`);
  say('Low end side/mid (< 90 Hz)', 2, (c, r) => `The low end is ${c > 0 ? 'wider' : 'narrower'}: side/mid below 90 Hz ${num(r.before)} -> ${num(r.after)} dB.`);
  say('PSR', 1, (c, r) => `PSR ${signed(c)} dB (${num(r.before)} -> ${num(r.after)} dB): ${c < 0 ? 'denser, less punch' : 'more open'}.`);
  say('Momentary spread', 1, (c, r) => `The loudness moves ${c < 0 ? 'less' : 'more'} from moment to moment (${num(r.before)} -> ${num(r.after)} LU).`);
  say('Loudness range', 1, (c, r) => `Loudness range ${signed(c)} LU (${num(r.before)} -> ${num(r.after)} LU).`);
  const mastering = { before: verdict(before), after: verdict(after) };
  if (mastering.before !== mastering.after) summary.push(`Mastering plugins: ${mastering.before} -> ${mastering.after}.`);
  if (summary.length === 0) summary.push('No change worth naming: within 0.3 LU, 0.5 dB per band, 1 dB of PSR and width.');

  const findings = coachFindings(ma, targetFromReferences([mb], 'the earlier bounce')).map(({ id, title, why, action }) => ({ id, title, why, action }));
  return { before: before.file.name, after: after.file.name, rows, mastering, summary, findings };
}

export function formatComparisonText(c: BounceComparison): string {
  const cell = (v: number | null, unit: string) => (v === null ? '-' : `${num(v, unit === '' ? 2 : 1)}${unit ? ` ${unit}` : ''}`);
  const lines = [`${printable(c.before)} -> ${printable(c.after)}`, ''];
  lines.push(...c.summary.map((s) => `  ${s}`), '');
  let group = '';
  for (const r of c.rows) {
    if (r.group !== group) { group = r.group; lines.push(group[0].toUpperCase() + group.slice(1)); }
    const change = r.change === null ? '-' : `${r.change > 0 ? '+' : ''}${num(r.change, r.unit === '' ? 2 : 1)}`;
    lines.push(r.group === 'balance'
      ? `  ${r.quantity.padEnd(30)}${change.padStart(8)} dB against the rest`
      : `  ${r.quantity.padEnd(30)}${cell(r.before, r.unit).padStart(12)} ${'->'} ${cell(r.after, r.unit).padStart(12)}   ${change}`);
  }
  lines.push('Mastering plugins', `  ${c.mastering.before} -> ${c.mastering.after}`);
  lines.push('Coach (the new bounce against the earlier one)');
  if (c.findings.length === 0) lines.push('  No finding.');
  c.findings.forEach((f, i) => lines.push(`  ${i + 1}. ${f.title}`, `     What to do: ${f.action}`));
  return lines.join('\n');
}
