// The command line of `busmeter`, read by node:util's parseArgs: `busmeter COMMAND [options] FILE...`,
// `--opt value` or `--opt=value`, `--` ends the options (a file named "-x.wav" after it), `--help`
// and `--version` anywhere. Every problem is a UsageError whose message names it.

import { parseArgs } from 'node:util';

export interface AnalyzeArgs {
  command: 'analyze';
  files: string[];
  json: boolean;
}

export interface ReportArgs {
  command: 'report';
  files: string[];
  json: boolean;
  csv?: string;
  png?: string;
  svg?: string;
}

export interface CompareArgs {
  command: 'compare';
  before: string;
  after: string;
  json: boolean;
}

export type CommandLine = { command: 'help' } | { command: 'version' } | AnalyzeArgs | ReportArgs | CompareArgs;

/** A command line that cannot be run; the message says why (the CLI prints it and exits with 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

type OptionSpec = Record<string, { type: 'boolean' | 'string'; short?: string }>;

const COMMON: OptionSpec = { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' }, json: { type: 'boolean' } };
const OPTIONS: Record<'analyze' | 'report' | 'compare', OptionSpec> = {
  analyze: COMMON,
  compare: COMMON,
  report: { ...COMMON, csv: { type: 'string' }, png: { type: 'string' }, svg: { type: 'string' } },
};

export function parseCommandLine(argv: readonly string[]): CommandLine {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('no command');
  if (command === '--help' || command === '-h' || command === 'help') return { command: 'help' };
  if (command === '--version') return { command: 'version' };
  if (command !== 'analyze' && command !== 'report' && command !== 'compare') {
    throw new UsageError(command.startsWith('-') ? `unknown option ${command} (the command comes first)` : `unknown command "${command}"`);
  }
  const spec = OPTIONS[command];
  // Not strict: every token is looked at here, so each problem is named in the CLI's words.
  const { tokens } = parseArgs({ args: rest, options: spec, allowPositionals: true, strict: false, tokens: true });
  const files: string[] = [];
  const values: Record<string, string | boolean> = {};
  for (const token of tokens) {
    if (token.kind === 'positional') files.push(token.value);
    if (token.kind !== 'option') continue;
    const option = spec[token.name];
    if (!option) throw new UsageError(`unknown option ${token.rawName}`);
    if (option.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      values[token.name] = true;
    } else {
      // `--csv --json` is a forgotten FILE, not a file named "--json" (write `--csv=--json` for that).
      if (token.value === undefined || token.value === '' || (!token.inlineValue && token.value.startsWith('-'))) {
        throw new UsageError(`${token.rawName} needs an output FILE`);
      }
      values[token.name] = token.value;
    }
  }
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const json = values.json === true;
  if (command === 'compare') {
    if (files.length !== 2) throw new UsageError(`compare needs two FILEs (BEFORE AFTER), not ${files.length}`);
    return { command, before: files[0], after: files[1], json };
  }
  if (files.length === 0) throw new UsageError(`${command} needs at least one FILE`);
  if (command === 'analyze') return { command, files, json };
  const report: ReportArgs = { command, files, json };
  if (typeof values.csv === 'string') report.csv = values.csv;
  if (typeof values.png === 'string') report.png = values.png;
  if (typeof values.svg === 'string') report.svg = values.svg;
  // One output path cannot hold several files' series or plots.
  if (files.length > 1 && (report.csv ?? report.png ?? report.svg) !== undefined) throw new UsageError('--csv, --png and --svg take one input FILE');
  return report;
}
