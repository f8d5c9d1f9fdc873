// A virtual X display (Debian's `xvfb`) for WebKitGTK's MiniBrowser, which needs one even when
// nothing is looked at. Xvfb picks a free display number itself (-displayfd) and is stopped by
// its own PID.

import { spawn } from 'node:child_process';

export interface Display {
  /** ":N" */
  name: string;
  stop(): Promise<void>;
}

export async function startDisplay(): Promise<Display> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let log = '';
  xvfb.stderr!.on('data', (chunk: Buffer) => { log += chunk.toString(); });
  const exited = new Promise<void>((resolve) => xvfb.once('exit', () => resolve()));
  const name = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb gave no display within 20 s: ${log.trim()}`)), 20_000);
    (xvfb.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${text.trim()}`);
      }
    });
    xvfb.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}): ${log.trim()}`));
    });
  });
  return {
    name,
    async stop() {
      if (xvfb.exitCode === null && xvfb.signalCode === null) {
        xvfb.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      }
    },
  };
}
