// The built app (vite build + vite preview, production CSP) with a real Web Audio graph feeding
// the real meter (AudioWorklet + WASM kernel) in real time: the "Music" test signal, then the
// app's "Limiter on the bus" (a DynamicsCompressorNode at 20:1, no knee, 0 ms attack, plus make-up
// gain) switched in and out again. The mastering-plugins warning must appear within 10 s of the
// limiter going in and clear within 10 s of it going out, and never show for the plain mix.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOPLAY, launchChromiumProfile, serveBuiltApp, recordPageErrors } from './support/browser.js';

/** Seconds of plain music before the limiter goes in: enough for the detector to have judged it. */
const PLAIN_S = 8;
/** The limits for raising and clearing the warning. */
const LIMIT_S = 10;

let scratch: string;
let server: PreviewServer;
let url: string;
let browser: BrowserContext;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'busmeter-app-mastering-'));
  ({ server, url } = await serveBuiltApp(scratch));
  browser = await launchChromiumProfile(join(scratch, 'profile'), { viewport: { width: 1280, height: 900 }, args: [AUTOPLAY] });
  page = browser.pages()[0] ?? (await browser.newPage());
  recordPageErrors(page, errors);
  // Timestamps on the page's own clock: when the limiter checkbox changed, and every state
  // change of the mastering warning (its event is composed, so it reaches the document).
  await page.addInitScript(() => {
    const log: { what: string; state?: string; shown?: boolean; t: number }[] = [];
    (window as unknown as { masteringLog: typeof log }).masteringLog = log;
    document.addEventListener('change', (e) => {
      const target = e.target as HTMLInputElement;
      if (target.id === 'limiter') log.push({ what: target.checked ? 'limiter-on' : 'limiter-off', t: performance.now() });
    });
    document.addEventListener('busmeter-mastering-change', (e) => {
      const { state, shown } = (e as CustomEvent<{ state: string; shown: boolean }>).detail;
      log.push({ what: 'warning', state, shown, t: performance.now() });
    });
  });
  await page.goto(url);
  await page.locator('busmeter-panel busmeter-mastering-warning').waitFor({ state: 'attached' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

type LogEntry = { what: string; state?: string; shown?: boolean; t: number };
const log = (): Promise<LogEntry[]> => page.evaluate(() => (window as unknown as { masteringLog: LogEntry[] }).masteringLog);
const warning = () => page.locator('busmeter-panel busmeter-mastering-warning');
const card = () => page.locator('busmeter-panel busmeter-mastering-warning [part~="card"]');

describe('the mastering-plugins warning in the app', () => {
  it(`appears within ${LIMIT_S} s of a limiter switched onto the bus and clears within ${LIMIT_S} s of it switched off`, async () => {
    await page.locator('input[name="source"][value="signal"]').check();
    await page.locator('#signal').selectOption('music');
    await page.locator('#signal-start').click();
    await expect.poll(() => page.locator('#status').getAttribute('data-state'), { timeout: 15_000 }).toBe('playing');
    const started = await page.evaluate(() => performance.now());

    // The plain mix: measured, and no warning.
    await page.waitForTimeout(PLAIN_S * 1000);
    const plain = await page.locator('busmeter-panel busmeter-headroom [part~="detail"]').getAttribute('data-sample-peak');
    expect(Number(plain)).toBeCloseTo(-8, 0); // the music loop peaks at −8 dBFS: the meter is fed
    expect(await warning().getAttribute('data-empty')).toBe('');
    expect(await page.locator('busmeter-panel busmeter-warnings [part~="empty"]').textContent()).toBe('No warnings.');

    // Limiter in: the warning appears, in words, with what to do, and is announced.
    await page.locator('#limiter').check();
    await card().waitFor({ state: 'visible', timeout: (LIMIT_S + 2) * 1000 });
    await expect.poll(() => card().getAttribute('data-state'), { timeout: (LIMIT_S + 2) * 1000, interval: 100 }).toBe('on');
    const title = await page.locator('busmeter-mastering-warning [part~="title"]').textContent();
    const advice = await page.locator('busmeter-mastering-warning [part~="advice"]').textContent();
    const reasons = await page.locator('busmeter-mastering-warning [part~="reasons"] li').allTextContents();
    const confidence = Number(await page.locator('busmeter-mastering-warning [part~="confidence"]').getAttribute('data-value'));
    const announcer = page.locator('busmeter-mastering-warning [part~="announcer"]');
    expect(title).toMatch(/^Warning: Your bus has mastering plugins on/);
    expect(advice).toMatch(/^Bypass the (limiter|compressor or maximiser|clipper) on your master bus before you bounce\./);
    expect(reasons.length).toBeGreaterThan(0);
    expect(confidence).toBeGreaterThan(0.5);
    expect(await announcer.getAttribute('aria-live')).toBe('polite');
    await expect.poll(() => announcer.textContent(), { timeout: 6000 }).toMatch(/^Warning: Your bus has mastering plugins on/);
    expect(await page.locator('busmeter-panel busmeter-warnings [part~="empty"]').count()).toBe(0);

    // Limiter out: the warning clears.
    await page.waitForTimeout(2000);
    await page.locator('#limiter').uncheck();
    await expect.poll(() => warning().getAttribute('data-empty'), { timeout: (LIMIT_S + 2) * 1000, interval: 100 }).toBe('');
    await page.locator('#signal-stop').click();

    const entries = await log();
    const on = entries.find((e) => e.what === 'limiter-on')!;
    const off = entries.find((e) => e.what === 'limiter-off')!;
    const before = entries.filter((e) => e.what === 'warning' && e.t < on.t && e.shown);
    const appeared = entries.find((e) => e.what === 'warning' && e.t > on.t && e.shown)!;
    const reachedOn = entries.find((e) => e.what === 'warning' && e.t > on.t && e.state === 'on')!;
    const cleared = entries.find((e) => e.what === 'warning' && e.t > off.t && !e.shown)!;
    const s = (t: number) => ((t - started) / 1000).toFixed(1);
    console.log(
      `mastering warning in the app: plain mix ${s(on.t)} s, no warning; limiter in → warning shown after ${((appeared.t - on.t) / 1000).toFixed(1)} s, ` +
        `"on" after ${((reachedOn.t - on.t) / 1000).toFixed(1)} s; limiter out after ${((off.t - on.t) / 1000).toFixed(1)} s → cleared after ${((cleared.t - off.t) / 1000).toFixed(1)} s. ` +
        `Title "${title}"; reasons ${JSON.stringify(reasons)}; confidence ${confidence}`,
    );
    expect(before).toEqual([]);
    expect((appeared.t - on.t) / 1000).toBeLessThanOrEqual(LIMIT_S);
    expect((reachedOn.t - on.t) / 1000).toBeLessThanOrEqual(LIMIT_S);
    expect((cleared.t - off.t) / 1000).toBeLessThanOrEqual(LIMIT_S);
    expect(errors).toEqual([]);
  });
});
