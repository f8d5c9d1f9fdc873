// The CLI's command line (src/offline/cli-args.ts): what each form means, and each problem's exact words.
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../src/offline/cli-args.js';
import { main } from '../src/offline/cli.js';

const problem = (argv: string[]) => {
  try {
    parseCommandLine(argv);
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return 'no error';
};

describe('busmeter command line', () => {
  it('reads --opt value, --opt=value, -- and files anywhere after the command', () => {
    expect(parseCommandLine(['analyze', 'a.wav', '--json', 'b.flac'])).toEqual({ command: 'analyze', files: ['a.wav', 'b.flac'], json: true });
    expect(parseCommandLine(['report', '--csv', 'o.csv', 'a.wav'])).toEqual({ command: 'report', files: ['a.wav'], json: false, csv: 'o.csv' });
    expect(parseCommandLine(['report', 'a.wav', '--png=o.png', '--json'])).toEqual({ command: 'report', files: ['a.wav'], json: true, png: 'o.png' });
    expect(parseCommandLine(['report', '--svg', 'o.svg', 'a.wav'])).toEqual({ command: 'report', files: ['a.wav'], json: false, svg: 'o.svg' });
    expect(parseCommandLine(['report', '--csv=-odd.csv', 'a.wav'])).toEqual({ command: 'report', files: ['a.wav'], json: false, csv: '-odd.csv' });
    expect(parseCommandLine(['analyze', '--', '--json', '-x.wav'])).toEqual({ command: 'analyze', files: ['--json', '-x.wav'], json: false });
  });

  it('--help and --version, first or after a command', () => {
    expect(parseCommandLine(['--help'])).toEqual({ command: 'help' });
    expect(parseCommandLine(['-h'])).toEqual({ command: 'help' });
    expect(parseCommandLine(['help'])).toEqual({ command: 'help' });
    expect(parseCommandLine(['report', '--help'])).toEqual({ command: 'help' });
    expect(parseCommandLine(['--version'])).toEqual({ command: 'version' });
    expect(parseCommandLine(['analyze', '--version'])).toEqual({ command: 'version' });
  });

  it('names every problem', () => {
    expect(problem([])).toBe('UsageError: no command');
    expect(problem(['measure', 'x.wav'])).toBe('UsageError: unknown command "measure"');
    expect(problem(['--json', 'analyze'])).toBe('UsageError: unknown option --json (the command comes first)');
    expect(problem(['analyze', '--csv', 'o.csv', 'x.wav'])).toBe('UsageError: unknown option --csv');
    expect(problem(['report', 'x.wav', '--bands', '3'])).toBe('UsageError: unknown option --bands');
    expect(problem(['report', 'x.wav', '-q'])).toBe('UsageError: unknown option -q');
    expect(problem(['analyze', '--json=yes', 'x.wav'])).toBe('UsageError: --json takes no value');
    expect(problem(['report', 'x.wav', '--csv'])).toBe('UsageError: --csv needs an output FILE');
    expect(problem(['report', 'x.wav', '--png', '--json'])).toBe('UsageError: --png needs an output FILE');
    expect(problem(['report', 'x.wav', '--png='])).toBe('UsageError: --png needs an output FILE');
    expect(problem(['analyze', '--json'])).toBe('UsageError: analyze needs at least one FILE');
    expect(problem(['report'])).toBe('UsageError: report needs at least one FILE');
    expect(problem(['report', 'a.wav', 'b.wav', '--csv', 'o.csv'])).toBe('UsageError: --csv, --png and --svg take one input FILE');
    expect(problem(['report', 'a.wav', 'b.wav', '--svg=o.svg'])).toBe('UsageError: --csv, --png and --svg take one input FILE');
  });

  it('main prints the version, the usage, and usage errors with exit code 2', async () => {
    const run = async (argv: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await main(argv, { write: (s: string) => ((stdout += s), true) } as never, { write: (s: string) => ((stderr += s), true) } as never);
      return { code, stdout, stderr };
    };
    const { version } = (await import('../package.json', { with: { type: 'json' } })).default;
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: busmeter analyze \[--json\] \[--\] FILE\.\.\.\n/);
    const bad = await run(['analyze', '--bands', 'x.wav']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.split('\n')[0]).toBe('busmeter: unknown option --bands');
  });
});
