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
 * that "1.2 MB but only 0.4 MB" reads at a glance; exact bytes below 1 kB.
 */
export function formatBytes(...sizes: number[]): string[] {
  const largest = Math.max(...sizes);
  const [divisor, unit] = largest < 1e3 ? [1, ''] : largest < 1e6 ? [1e3, 'kB'] : largest < 1e9 ? [1e6, 'MB'] : [1e9, 'GB'];
  return sizes.map((n) => (divisor === 1 ? `${n} byte${n === 1 ? '' : 's'}` : `${(n / divisor).toFixed(1)} ${unit}`));
}

/** Durations of missing audio: seconds, or milliseconds when a rounded "0.0 s" would hide them. */
export function formatSeconds(seconds: number): string {
  return seconds >= 0.1 ? `${seconds.toFixed(1)} s` : `${(seconds * 1000).toFixed(1)} ms`;
}

/** A failed open/read/stat, as the one-line problem a user can act on. */
export function accessError(path: string, error: unknown): AudioFileError {
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
