// The external programs the real-music set is built with (Debian packages: fluidsynth, ffmpeg,
// sox, lilv-utils), run at low priority so a build does not starve an interactive machine.

import { spawnSync } from 'node:child_process';

export class ToolError extends Error {}

/** Runs `command args` under `nice -n 10`; throws with the tool's stderr when it fails. */
export function runTool(command: string, args: readonly string[], input?: Buffer): Buffer {
  const result = spawnSync('nice', ['-n', '10', command, ...args], { input, maxBuffer: 1 << 30 });
  if (result.error) throw new ToolError(`${command}: ${result.error.message}`);
  if (result.status !== 0) {
    const tail = result.stderr.toString().trim().split('\n').slice(-5).join('\n');
    throw new ToolError(`${command} ${args.join(' ')} exited with ${result.status}: ${tail}`);
  }
  return result.stdout;
}

/** Runs a Qt program (LMMS, MuseScore) without a display, on Qt's offscreen platform. */
export function runQtTool(command: string, args: readonly string[]): Buffer {
  return runTool('env', ['QT_QPA_PLATFORM=offscreen', command, ...args]);
}

/** True when `command` is on the PATH. */
export function hasTool(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}
