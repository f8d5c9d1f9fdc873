// One API over the three browser engines the meter is tested in, so a test can say "for each
// engine": Chromium (Debian's /usr/bin/chromium through playwright-core), Firefox (Debian's
// firefox-esr through puppeteer-core's WebDriver BiDi) and WebKit (WebKitGTK's MiniBrowser
// through WebKitWebDriver, on a private Xvfb display). Nothing downloads a browser.
//
// What each engine needs to play audio headless, found by trying (README, "Browser engines"):
// - Chromium: --autoplay-policy=no-user-gesture-required; it runs without a sound server.
// - Firefox: the autoplay prefs, and a sound server: with none its AudioContext stays
//   "suspended" for ever. Each Firefox gets a private PulseAudio null sink (sound-server.ts).
// - WebKitGTK: MiniBrowser's --autoplay-policy=allow. Without it, resume() stays pending until a
//   user gesture (WebDriver's script calls are none). It needs no sound server: with none,
//   GStreamer's audio sink falls back and the context still runs; it gets the null sink anyway,
//   as a browser on a desktop has one.
//
// Fake capture: Chromium plays a WAV file given at launch; Firefox's fake device
// (media.navigator.streams.fake) is a 1 kHz sine at −20 dBFS, mono; WebKit's mock capture device
// (--enable-mock-capture-devices) a beeping tone.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser as PlaywrightBrowser, type Page as PlaywrightPage } from 'playwright-core';
import puppeteer, { type Browser as PuppeteerBrowser, type Page as PuppeteerPage } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.js';
import { startDisplay, type Display } from './display.js';
import { startSoundServer, type SoundServer } from './sound-server.js';
import { startWebKit, type WebKitDriver } from './webdriver.js';

export type EngineName = 'chromium' | 'firefox' | 'webkit';
export const ENGINES: readonly EngineName[] = ['chromium', 'firefox', 'webkit'];
export const FIREFOX_PATH = '/usr/bin/firefox-esr';

export interface EngineOptions {
  /** Chromium only: the WAV its fake capture device plays (once, then silence). */
  fakeCaptureWav?: string;
  /** Let audio start without a user gesture (default true). */
  autoplay?: boolean;
  /** Give the engine a private PulseAudio null sink (default true). */
  soundServer?: boolean;
  /** Extra environment for the browser process. */
  env?: Record<string, string>;
}

export interface EnginePage {
  readonly engine: EngineName;
  /**
   * Runs `fn` in the page with `args` (JSON values) and returns its (awaited) result as JSON.
   * `fn` is sent as source text: it may use only its arguments and the page's globals.
   */
  evaluate<T, A extends unknown[] = []>(fn: (...args: A) => T | Promise<T>, ...args: A): Promise<T>;
  /** Polls `fn` in the page every `intervalMs` until it returns a truthy value; returns it. */
  waitFor<T, A extends unknown[] = []>(what: string, fn: (...args: A) => T | Promise<T>, options?: { timeoutMs?: number; intervalMs?: number; args?: A }): Promise<T>;
  /** A PNG of the viewport. */
  screenshot(): Promise<Buffer>;
  /** Uncaught errors, unhandled rejections, console errors and CSP violations seen so far. */
  errors(): Promise<string[]>;
  goto(url: string): Promise<void>;
}

export interface Engine {
  readonly name: EngineName;
  /** A new page (tab) at `url`, 1280 × 800. */
  open(url: string): Promise<EnginePage>;
  close(): Promise<void>;
}

const VIEWPORT = { width: 1280, height: 800 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Page-side expression that reads the error recorder (serve.ts) even before it ran. */
const READ_RECORDED = '(window.__engineErrors || ["the error recorder did not run"]).slice()';

async function poll<T>(what: string, once: () => Promise<T>, timeoutMs: number, intervalMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await once();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await sleep(intervalMs);
  }
}

const call = (fn: Function, args: unknown[]) => `(${fn.toString()})(...${JSON.stringify(args)})`;

function commonPage(engine: EngineName, evaluateText: <T>(expression: string) => Promise<T>, native: string[], screenshot: () => Promise<Buffer>, goto: (url: string) => Promise<void>): EnginePage {
  const page: EnginePage = {
    engine,
    evaluate: (fn, ...args) => evaluateText(call(fn, args)),
    waitFor: (what, fn, options = {}) => poll(what, () => page.evaluate(fn, ...((options.args ?? []) as Parameters<typeof fn>)), options.timeoutMs ?? 20_000, options.intervalMs ?? 100),
    screenshot,
    async errors() {
      const recorded = await evaluateText<string[]>(READ_RECORDED);
      return [...native, ...recorded];
    },
    goto,
  };
  return page;
}

async function launchChromium(options: EngineOptions): Promise<Engine> {
  const args = [...CHROMIUM_ARGS];
  args.push(`--autoplay-policy=${options.autoplay === false ? 'document-user-activation-required' : 'no-user-gesture-required'}`);
  if (options.fakeCaptureWav) {
    args.push('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${options.fakeCaptureWav}%noloop`);
  }
  const browser: PlaywrightBrowser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args, env: { ...process.env, ...options.env } });
  return {
    name: 'chromium',
    async open(url) {
      const context = await browser.newContext({ viewport: VIEWPORT });
      const p: PlaywrightPage = await context.newPage();
      const native: string[] = [];
      p.on('pageerror', (error) => native.push(`pageerror: ${error.message}`));
      await p.goto(url);
      return commonPage('chromium', (expression) => p.evaluate(expression), native, () => p.screenshot(), async (u) => { await p.goto(u); });
    },
    close: () => browser.close(),
  };
}

async function launchFirefox(options: EngineOptions): Promise<Engine> {
  const sound: SoundServer | null = options.soundServer === false ? null : await startSoundServer();
  const profile = mkdtempSync(join(tmpdir(), 'busmeter-firefox-'));
  let browser: PuppeteerBrowser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      userDataDir: profile,
      env: { ...process.env, ...(sound?.env ?? { PULSE_SERVER: 'unix:/nonexistent' }), ...options.env },
      extraPrefsFirefox: {
        // Fake capture device (a 1 kHz tone), no permission prompt.
        'media.navigator.streams.fake': true,
        'media.navigator.permission.disabled': true,
        // 0 = allow audible autoplay; 1 = block it.
        'media.autoplay.default': options.autoplay === false ? 1 : 0,
        'media.autoplay.blocking_policy': 0,
        // Web Audio is not held back by the autoplay policy unless this is set.
        'media.autoplay.block-webaudio': options.autoplay === false,
        // Nothing reaches for the network.
        'app.update.enabled': false,
        'browser.shell.checkDefaultBrowser': false,
        'network.captive-portal-service.enabled': false,
      },
    });
  } catch (error) {
    await sound?.stop();
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    name: 'firefox',
    async open(url) {
      const p: PuppeteerPage = await browser.newPage();
      await p.setViewport(VIEWPORT);
      const native: string[] = [];
      p.on('pageerror', (error) => native.push(`pageerror: ${(error as Error).message ?? String(error)}`));
      await p.goto(url);
      return commonPage('firefox', (expression) => p.evaluate(expression) as Promise<never>, native, async () => Buffer.from(await p.screenshot({ type: 'png' })), async (u) => { await p.goto(u); });
    },
    async close() {
      await browser.close();
      await sound?.stop();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function launchWebKit(options: EngineOptions): Promise<Engine> {
  const sound: SoundServer | null = options.soundServer === false ? null : await startSoundServer();
  let display: Display | null = null;
  let driver: WebKitDriver | null = null;
  try {
    display = await startDisplay();
    const args = ['--enable-media-stream=true', '--enable-mock-capture-devices=true', '--enable-webaudio=true'];
    if (options.autoplay !== false) args.push('--autoplay-policy=allow');
    driver = await startWebKit({ DISPLAY: display.name, ...(sound?.env ?? { PULSE_SERVER: 'unix:/nonexistent' }), ...options.env }, args);
  } catch (error) {
    await driver?.stop();
    await display?.stop();
    await sound?.stop();
    throw error;
  }
  const session = driver.session;
  await session.setTimeouts({ script: 120_000, pageLoad: 120_000 });
  await session.setWindowRect(VIEWPORT).catch(() => {});
  let opened = false;
  return {
    name: 'webkit',
    async open(url) {
      // One window per WebDriver session here: a second open() reuses it.
      if (opened) throw new Error('the WebKit engine opens one page; launch another engine for a second');
      opened = true;
      await session.navigate(url);
      const evaluateText = async <T>(expression: string): Promise<T> => {
        const result = await session.executeAsync<{ value?: T; error?: string }>(
          `const done = arguments[arguments.length - 1];
           Promise.resolve().then(() => ${expression}).then(
             (value) => done({ value: value === undefined ? null : value }),
             (error) => done({ error: String(error && error.stack ? error.message + '\\n' + error.stack : error) }));`,
          [],
        );
        if (result.error !== undefined) throw new Error(`in WebKit: ${result.error}`);
        return result.value as T;
      };
      return commonPage('webkit', evaluateText, [], () => session.screenshot(), (u) => session.navigate(u));
    },
    async close() {
      await driver!.stop();
      await display!.stop();
      await sound?.stop();
    },
  };
}

export function launchEngine(name: EngineName, options: EngineOptions = {}): Promise<Engine> {
  if (name === 'chromium') return launchChromium(options);
  if (name === 'firefox') return launchFirefox(options);
  return launchWebKit(options);
}
