// A small W3C WebDriver client (classic HTTP protocol) for WebKitGTK's WebKitWebDriver: start the
// driver on a free loopback port, open a session of MiniBrowser, navigate, run scripts, take
// screenshots. Only the commands the engine harness uses.

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free TCP port on 127.0.0.1 (the driver takes a port number, not 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export class WebDriverError extends Error {
  constructor(readonly command: string, readonly error: string, message: string) {
    super(`${command}: ${error}: ${message}`);
  }
}

export class WebDriverSession {
  constructor(private readonly base: string, readonly id: string) {}

  async command<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}/session/${this.id}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as { value: T & { error?: string; message?: string } };
    if (!response.ok) throw new WebDriverError(`${method} ${path}`, json.value?.error ?? String(response.status), json.value?.message ?? '');
    return json.value;
  }

  navigate(url: string): Promise<void> {
    return this.command('POST', '/url', { url });
  }

  /** Runs `body` (a function body; `arguments` as in WebDriver's "execute async script"). */
  executeAsync<T>(body: string, args: unknown[]): Promise<T> {
    return this.command('POST', '/execute/async', { script: body, args });
  }

  async screenshot(): Promise<Buffer> {
    return Buffer.from(await this.command<string>('GET', '/screenshot'), 'base64');
  }

  setTimeouts(timeouts: { script?: number; pageLoad?: number }): Promise<void> {
    return this.command('POST', '/timeouts', timeouts);
  }

  setWindowRect(rect: { width: number; height: number }): Promise<void> {
    return this.command('POST', '/window/rect', rect);
  }

  async delete(): Promise<void> {
    await this.command('DELETE', '');
  }
}

export interface WebKitDriver {
  session: WebDriverSession;
  stop(): Promise<void>;
}

/** Starts WebKitWebDriver with `env` (DISPLAY, PULSE_SERVER…) and opens a MiniBrowser session with `args`. */
export async function startWebKit(env: Record<string, string>, browserArgs: string[]): Promise<WebKitDriver> {
  const port = await freePort();
  const driver: ChildProcess = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=local'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  driver.stderr!.on('data', (chunk: Buffer) => { log = (log + chunk.toString()).slice(-4000); });
  const exited = new Promise<void>((resolve) => driver.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const stopDriver = async () => {
    if (driver.exitCode === null && driver.signalCode === null) {
      driver.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (driver.exitCode === null && driver.signalCode === null) driver.kill('SIGKILL');
    }
  };
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode}): ${log.trim()}`);
      try {
        const status = await fetch(`${base}/status`);
        if (status.ok) break;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer within 30 s: ${log.trim()}`);
      await sleep(100);
    }
    const response = await fetch(`${base}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        capabilities: {
          alwaysMatch: {
            browserName: 'MiniBrowser',
            'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation', ...browserArgs] },
          },
        },
      }),
    });
    const json = (await response.json()) as { value: { sessionId?: string; error?: string; message?: string } };
    if (!response.ok || !json.value.sessionId) throw new Error(`no WebKit session: ${json.value.error} ${json.value.message} ${log.trim()}`);
    const session = new WebDriverSession(base, json.value.sessionId);
    return {
      session,
      async stop() {
        await session.delete().catch(() => {});
        await stopDriver();
      },
    };
  } catch (error) {
    await stopDriver();
    throw error;
  }
}

/** The driver's recent stderr is not kept past a session: WebKit's crash notice goes there. */
export function isCrash(error: unknown): boolean {
  return error instanceof WebDriverError && /crash|hang/i.test(error.message);
}
