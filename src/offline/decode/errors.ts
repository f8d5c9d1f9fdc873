// One error type for everything that can be wrong with an input file, so the CLI can print a
// single line and the Node API's callers can tell "bad file" apart from a bug in busmeter.

export class AudioFileError extends Error {
  /** The path (or the name the caller gave for in-memory bytes). */
  readonly file: string;
  /** What is wrong, without the file name: "empty file", "17 channels: …". */
  readonly problem: string;

  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    // One line, always: a decoder's message may carry newlines, and the CLI prints this as is.
    const oneLine = problem.replace(/\s*\n\s*/g, ' ').trim();
    super(`${file}: ${oneLine}`, options);
    this.name = 'AudioFileError';
    this.file = file;
    this.problem = oneLine;
  }
}

/**
 * Byte counts in decimal units (as file managers show them), all in the unit of the largest so
 * that "1.2 MB but only 0.4 MB" reads at a glance; exact bytes below 1 kB. A count that would
 * read "0.0" in that unit gets its own unit ("2.1 GB but only 12.0 kB").
 */
export function formatBytes(...sizes: number[]): string[] {
  const shared = byteUnit(Math.max(...sizes));
  const out = sizes.map((n) => (n > 0 && n / shared.divisor < 0.05 ? inUnit(n, byteUnit(n)) : inUnit(n, shared)));
  return out;
}

function byteUnit(n: number): { divisor: number; unit: string } {
  const [divisor, unit] = n < 1e3 ? [1, ''] : n < 1e6 ? [1e3, 'kB'] : n < 1e9 ? [1e6, 'MB'] : [1e9, 'GB'];
  return { divisor, unit };
}

function inUnit(n: number, { divisor, unit }: { divisor: number; unit: string }): string {
  return divisor === 1 ? `${n} byte${n === 1 ? '' : 's'}` : `${(n / divisor).toFixed(1)} ${unit}`;
}

/** Durations of missing audio: seconds, or milliseconds when a rounded "0.0 s" would hide them. */
export function formatSeconds(seconds: number): string {
  return seconds >= 0.1 ? `${seconds.toFixed(1)} s` : `${(seconds * 1000).toFixed(1)} ms`;
}

/** A failed open/read/stat, as the one-line problem a user can act on. */
export function accessError(path: string, error: unknown): AudioFileError {
  if (error instanceof AudioFileError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const problem =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? 'file not found'
      : code === 'EACCES' || code === 'EPERM'
        ? 'cannot read file: permission denied'
        : code === 'EISDIR'
          ? 'is a directory, not an audio file'
          : `cannot read file: ${error instanceof Error ? error.message : String(error)}`;
  return new AudioFileError(path, problem, { cause: error });
}
