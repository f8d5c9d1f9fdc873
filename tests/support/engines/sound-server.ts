// A private PulseAudio server with one null sink, for engines that need a sound server before an
// AudioContext runs (Firefox: with none, its AudioContext stays "suspended" and never plays).
// Each server has its own runtime folder and socket, so tests running at the same time, and any
// sound server of the machine, never meet; the browser finds it through PULSE_SERVER.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SoundServer {
  /** Environment for a browser: PULSE_SERVER pointing at this server's socket. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startSoundServer(): Promise<SoundServer> {
  const dir = mkdtempSync(join(tmpdir(), 'busmeter-pulse-'));
  const socket = join(dir, 'native');
  const env = { ...process.env, XDG_RUNTIME_DIR: dir, PULSE_RUNTIME_PATH: dir, HOME: dir };
  // -n: no default configuration (no hardware modules); the null sink plays into nothing.
  const daemon = spawn('pulseaudio', [
    '--daemonize=no', '--exit-idle-time=-1', '-n', '--use-pid-file=no', '--log-target=stderr', '--log-level=error',
    '--load=module-null-sink sink_name=null', `--load=module-native-protocol-unix socket=${socket}`,
  ], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  daemon.stderr.on('data', (chunk: Buffer) => { log += chunk.toString(); });
  const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (daemon.exitCode !== null) throw new Error(`pulseaudio exited (${daemon.exitCode}): ${log.trim()}`);
    if (existsSync(socket) && spawnSync('pactl', ['--server', `unix:${socket}`, 'info'], { stdio: 'ignore' }).status === 0) break;
    if (Date.now() > deadline) {
      daemon.kill('SIGKILL');
      throw new Error(`pulseaudio did not open ${socket} within 20 s: ${log.trim()}`);
    }
    await sleep(100);
  }
  return {
    env: { PULSE_SERVER: `unix:${socket}` },
    async stop() {
      if (daemon.exitCode === null) {
        daemon.kill('SIGTERM');
        await Promise.race([exited, sleep(5000)]);
        if (daemon.exitCode === null && daemon.signalCode === null) daemon.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

