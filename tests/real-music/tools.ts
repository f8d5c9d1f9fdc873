// The external programs the real-music set is built with (Debian packages: fluidsynth, ffmpeg,
// sox, lilv-utils), run at low priority so a build does not starve an interactive machine.

import { spawnSync } from 'node:child_process';

export class ToolError extends Error {
  /** The signal that ended the tool (SIGSEGV, SIGABRT), when one did rather than an exit status. */
  constructor(message: string, readonly signal: NodeJS.Signals | null = null) {
    super(message);
  }
}

/** Runs `command args` under `nice -n 10`; throws with the tool's stderr when it fails. */
export function runTool(command: string, args: readonly string[], input?: Buffer): Buffer {
  const result = spawnSync('nice', ['-n', '10', command, ...args], { input, maxBuffer: 1 << 30 });
  if (result.error) throw new ToolError(`${command}: ${result.error.message}`);
  if (result.status !== 0) {
    const tail = result.stderr.toString().trim().split('\n').slice(-5).join('\n');
    const ending = result.signal ? `was ended by ${result.signal}` : `exited with ${result.status}`;
    throw new ToolError(`${command} ${args.join(' ')} ${ending}: ${tail}`, result.signal);
  }
  return result.stdout;
}

/**
 * Runs a Qt program (LMMS, MuseScore) without a display, on Qt's offscreen platform. Ended by a
 * signal, it is run once more: LMMS rendering a demo project was once ended so at 97 % with two
 * builds running side by side, and the same render passed twice on its own.
 */
export function runQtTool(command: string, args: readonly string[]): Buffer {
  const run = () => runTool('env', ['QT_QPA_PLATFORM=offscreen', command, ...args]);
  try {
    return run();
  } catch (error) {
    if (!(error instanceof ToolError) || error.signal === null) throw error;
    return run();
  }
}

/** True when `command` is on the PATH. */
export function hasTool(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}
