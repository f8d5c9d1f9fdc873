// busmeter command line: `busmeter analyze FILE… [--json]` and
// `busmeter report FILE… [--json] [--csv OUT.csv] [--png OUT.png] [--svg OUT.svg]` (src/offline/report/).
//
// Each file is decoded and measured by the same WebAssembly kernel the browser runs. A file that
// cannot be read gets one line on stderr naming it and the problem; the other files are still
// analysed, and the exit code is 1 if any file failed (2 for a usage error).

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { analyzeFile } from './analyze-file.js';
import { parseCommandLine, UsageError, type CompareArgs, type ReportArgs } from './cli-args.js';
import { compareReports, formatComparisonText } from './compare.js';
import type { MasteringVerdict } from '../rules/detector/mastering-detector.js';
import type { Readings } from '../engine/readings.js';
import { FLOOR_DB } from '../contract/readings-layout.js';
export { endQuietlyOnClosedOutput } from './closed-output.js';
import { outputConflict, writeFileAtomic } from './outputs.js';
import { printable } from './printable.js';
import { formatReportCsv } from './report/csv.js';
import { reportFile } from './report/node.js';
import { renderReportPng } from './report/png.js';
import { renderReportSvg } from './report/svg.js';
import { formatReportText } from './report/text.js';

const USAGE = `usage: busmeter analyze [--json] [--] FILE...
       busmeter report [--json] [--csv OUT.csv] [--png OUT.png] [--svg OUT.svg] [--] FILE...
       busmeter compare [--json] [--] BEFORE AFTER
       busmeter --help | --version

Measures each file per ITU-R BS.1770-5 / EBU R128 and prints integrated loudness, loudness
range, max momentary and short-term loudness, sample and true peak per channel, PLR, clips and
whether the signal shows mastering plugins (limiter, clipper) left on the bus.
  --json   one JSON object per file, one per line

report: a one-page bounce report: the above, a headroom verdict for mastering (peaks -6...-3
dBFS), where clips and true-peak overs are, loudness over time, the long-term spectrum and
1/3-octave bands, the stereo field (correlation, balance, mono-compatibility loss, width), and
the mix coach (balance per broad band, low end, dynamics against a style's range; what each
streaming service's normalisation will do).
  --json         the full report as one JSON object per file, one per line
  --csv OUT.csv  the loudness and correlation series (every 100 ms) as CSV (one FILE only)
  --svg OUT.svg  plots: loudness over time and the spectrum, as SVG (one FILE only)
  --png OUT.png  the same plots as PNG
compare: what changed between two bounces: loudness, peaks, balance per broad band, width,
dynamics, the mastering verdict, and the coach's findings on AFTER against BEFORE.
  --json         the comparison as one JSON object
Options take their value as --opt VALUE or --opt=VALUE; after -- every argument is a FILE.
Formats: WAV (PCM 8/16/24/32-bit, float 32/64, WAVE_FORMAT_EXTENSIBLE), FLAC, MP3, Ogg.`;

export interface FileReport {
  file: string;
  format: string;
  sampleRate: number;
  channels: string[];
  layout: string;
  durationSeconds: number;
  integratedLufs: number | null;
  loudnessRangeLu: number;
  momentaryMaxLufs: number | null;
  shortTermMaxLufs: number | null;
  plrLu: number | null;
  samplePeakMaxDbfs: number | null;
  truePeakMaxDbtp: number | null;
  samplePeakDbfs: Record<string, number | null>;
  truePeakDbtp: Record<string, number | null>;
  clipRuns: Record<string, number>;
  truePeakOvers: Record<string, number>;
  badSamples: number;
  /** A sample lay beyond +24 dBFS: values far beyond full scale (most likely in the wrong scale). */
  farOverFullScale: boolean;
  /** The mastering-plugin detector's strongest verdict over the file. */
  mastering: { state: MasteringVerdict['state']; confidence: number; reasons: string[] };
}

/** Readings at the floor have no value: JSON null, text "-inf". */
function value(db: number): number | null {
  return db <= FLOOR_DB ? null : Math.round(db * 1000) / 1000;
}

const NO_VERDICT: MasteringVerdict = { state: 'off', confidence: 0, reasons: [], kind: null, ceilingDbtp: null };

export function toReport(file: string, format: string, layoutName: string, r: Readings, mastering: MasteringVerdict = NO_VERDICT): FileReport {
  const perChannel = <T>(pick: (c: Readings['channels'][number]) => T) =>
    Object.fromEntries(r.channels.map((c) => [c.label, pick(c)]));
  return {
    file,
    format,
    sampleRate: r.sampleRate,
    channels: r.channels.map((c) => c.label),
    layout: layoutName,
    durationSeconds: r.frames / r.sampleRate,
    integratedLufs: value(r.integratedLufs),
    loudnessRangeLu: Math.round(r.loudnessRangeLu * 1000) / 1000,
    momentaryMaxLufs: value(r.momentaryMaxLufs),
    shortTermMaxLufs: value(r.shortTermMaxLufs),
    plrLu: value(r.plrLu),
    samplePeakMaxDbfs: value(r.samplePeakMaxDbfs),
    truePeakMaxDbtp: value(r.truePeakMaxDbtp),
    samplePeakDbfs: perChannel((c) => value(c.samplePeakMaxDbfs)),
    truePeakDbtp: perChannel((c) => value(c.truePeakMaxDbtp)),
    clipRuns: perChannel((c) => c.clipRuns),
    truePeakOvers: perChannel((c) => c.truePeakOvers),
    badSamples: r.badSamples,
    farOverFullScale: r.farOverFullScale,
    mastering: { state: mastering.state, confidence: mastering.confidence, reasons: mastering.reasons },
  };
}

const text = (v: number | null, unit: string) => (v === null ? `-inf ${unit}` : `${v.toFixed(1)} ${unit}`);

export function formatReport(report: FileReport): string {
  const pad = (label: string) => `  ${label.padEnd(20)}`;
  // In the file's channel order: a JSON object lists numeric labels ("3", "4") before "L", "R".
  const perChannel = (values: Record<string, number | null>, unit: string) =>
    report.channels.map((label) => `${label} ${text(values[label] ?? null, unit)}`).join('   ');
  const counts = (values: Record<string, number>) => report.channels.map((label) => `${label} ${values[label] ?? 0}`).join('   ');
  const lines = [
    `${printable(report.file)}  (${report.format}, ${report.sampleRate} Hz, ${report.layout}, ${report.durationSeconds.toFixed(1)} s)`,
    `${pad('Integrated')}${text(report.integratedLufs, 'LUFS')}`,
    `${pad('Loudness range')}${report.loudnessRangeLu.toFixed(1)} LU`,
    `${pad('Max momentary')}${text(report.momentaryMaxLufs, 'LUFS')}`,
    `${pad('Max short-term')}${text(report.shortTermMaxLufs, 'LUFS')}`,
    `${pad('True peak max')}${text(report.truePeakMaxDbtp, 'dBTP')}`,
    `${pad('PLR')}${report.plrLu === null ? '-' : `${report.plrLu.toFixed(1)} LU`}`,
    `${pad('Sample peak')}${perChannel(report.samplePeakDbfs, 'dBFS')}`,
    `${pad('True peak')}${perChannel(report.truePeakDbtp, 'dBTP')}`,
    `${pad('Clips (3+ samples)')}${counts(report.clipRuns)}`,
    `${pad('True-peak overs')}${counts(report.truePeakOvers)}`,
  ];
  const m = report.mastering;
  lines.push(`  Mastering plugins: ${m.state === 'on' ? 'ON' : m.state === 'suspected' ? 'suspected' : 'not detected'}${m.state === 'off' ? '' : ` (confidence ${m.confidence.toFixed(2)}): ${m.reasons.join('; ')}`}`);
  if (report.badSamples > 0) lines.push(`${pad('Bad samples')}${report.badSamples} NaN/Inf samples measured as silence`);
  if (report.farOverFullScale) lines.push(`${pad('Far over full scale')}samples beyond +24 dBFS: the audio is probably in the wrong scale (measured as it is)`);
  return lines.join('\n');
}

/** What `analyze --json` prints for one file. */
async function fileReport(path: string): Promise<FileReport> {
  const { format, layout, readings, mastering } = await analyzeFile(path);
  return toReport(path, format, layout.name, readings, mastering);
}

/** The package's version (its package.json sits two folders up, from src/offline/ and dist/offline/ alike). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  let args;
  try {
    args = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err.write(`busmeter: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (args.command === 'help') {
    out.write(`${USAGE}\n`);
    return 0;
  }
  if (args.command === 'version') {
    out.write(`${packageVersion()}\n`);
    return 0;
  }
  if (args.command === 'report') return reportCommand(args, out, err);
  if (args.command === 'compare') return compareCommand(args, out, err);
  const { files, json } = args;
  let failures = 0;
  for (const [index, file] of files.entries()) {
    try {
      const report = await fileReport(file);
      out.write(json ? `${JSON.stringify(report)}\n` : `${index > 0 ? '\n' : ''}${formatReport(report)}\n`);
    } catch (error) {
      failures++;
      const line = errorLine(file, error);
      err.write(`busmeter: ${line}\n`);
      if (json) out.write(`${JSON.stringify({ file, error: line })}\n`);
    }
  }
  return failures > 0 ? 1 : 0;
}

/** Decoder errors already start with the file name; others get it here. */
function errorLine(file: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return printable(message.includes(file) || message.includes(basename(file)) ? message : `${file}: ${message}`);
}

type Stream = Pick<NodeJS.WriteStream, 'write'>;

async function reportCommand(args: ReportArgs, out: Stream, err: Stream): Promise<number> {
  const { files, json } = args;
  const outputs = { csv: args.csv, png: args.png, svg: args.svg };
  const named = [
    ...(outputs.csv ? [{ option: '--csv', path: outputs.csv }] : []),
    ...(outputs.png ? [{ option: '--png', path: outputs.png }] : []),
    ...(outputs.svg ? [{ option: '--svg', path: outputs.svg }] : []),
  ];
  const conflict = await outputConflict(files, named);
  if (conflict) {
    err.write(`busmeter: ${printable(conflict)}\n${USAGE}\n`);
    return 2;
  }
  let failures = 0;
  for (const [index, file] of files.entries()) {
    let report;
    try {
      report = await reportFile(file);
    } catch (error) {
      failures++;
      const line = errorLine(file, error);
      err.write(`busmeter: ${line}\n`);
      if (json) out.write(`${JSON.stringify({ file, error: line })}\n`);
      continue;
    }
    out.write(json ? `${JSON.stringify(report)}\n` : `${index > 0 ? '\n' : ''}${formatReportText(report)}\n`);
    const writes: [string | undefined, () => string | Buffer][] = [
      [outputs.csv, () => formatReportCsv(report)],
      [outputs.png, () => renderReportPng(report)],
      [outputs.svg, () => renderReportSvg(report)],
    ];
    for (const [path, content] of writes) {
      if (!path) continue;
      try {
        await writeFileAtomic(path, content());
      } catch (error) {
        failures++;
        const code = (error as NodeJS.ErrnoException).code;
        err.write(`busmeter: ${printable(`${path}: cannot write${code ? ` (${code})` : ''}: ${(error as Error).message}`)}\n`);
      }
    }
  }
  return failures > 0 ? 1 : 0;
}

async function compareCommand(args: CompareArgs, out: Stream, err: Stream): Promise<number> {
  const reports = [];
  for (const file of [args.before, args.after]) {
    try {
      reports.push(await reportFile(file));
    } catch (error) {
      const line = errorLine(file, error);
      err.write(`busmeter: ${line}\n`);
      if (args.json) out.write(`${JSON.stringify({ file, error: line })}\n`);
      return 1;
    }
  }
  const comparison = compareReports(reports[0], reports[1]);
  out.write(args.json ? `${JSON.stringify(comparison)}\n` : `${formatComparisonText(comparison)}\n`);
  return 0;
}
