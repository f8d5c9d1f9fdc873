// libebur128 (C, the system library, e.g. Debian's libebur128-dev) through a small harness that
// is compiled at bench time. The harness times only the measurement (CLOCK_MONOTONIC, file I/O
// excluded) and reports its own best-of-N time; see bench/libebur128-harness.c.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NAME = 'libebur128';
export const HARNESS_SOURCE = fileURLToPath(new URL('../libebur128-harness.c', import.meta.url));

/** The first line of a failed command's stderr (or its message), for one-line skip notices. */
function firstLine(error) {
  const text = `${error.stderr ?? ''}`.trim() || `${error.message ?? error}`;
  return text.split('\n').find((line) => /error|not found|No such/i.test(line)) ?? text.split('\n')[0];
}

/**
 * Compiles the harness into `workDir`. Returns { binary, version } or { skipped: reason }.
 * A missing compiler or library is a skip (the bench carries on without this peer).
 */
export function prepare(workDir) {
  const compiler = process.env.CC || 'cc';
  const binary = join(workDir, 'libebur128-harness');
  try {
    execFileSync(compiler, ['-O2', '-w', HARNESS_SOURCE, '-lebur128', '-lm', '-o', binary], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if (error.code === 'ENOENT') return { skipped: `no C compiler ("${compiler}" not found)` };
    const message = firstLine(error);
    if (/ebur128\.h/.test(message)) return { skipped: 'libebur128 headers not installed (apt-get install libebur128-dev)' };
    if (/-lebur128|cannot find.*ebur128/.test(message)) return { skipped: 'libebur128 library not found (apt-get install libebur128-dev)' };
    return { skipped: `harness did not compile: ${message}` };
  }
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  return { binary, version };
}

/**
 * Runs the harness on an interleaved float32 file. Returns its JSON report:
 * { seconds (best), runs, frames, integrated (LUFS), lra (LU), truePeak (linear[] | null), samplePeak (linear[]) }.
 */
export function run(binary, { file, channels, sampleRate, chunkFrames, readEveryFrames = 0, truePeak = true, runs = 3, warmupFrames = 0 }) {
  const args = [file, channels, sampleRate, chunkFrames, readEveryFrames, truePeak ? 1 : 0, runs, warmupFrames].map(String);
  const output = execFileSync(binary, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(output);
}
