// The app with files the meter cannot take (the built app in Chromium): a refused file says why,
// disables what cannot run on it (Analyse, Report), and its error goes away when the next file
// loads.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floatWav } from './support/wav.js';
import { AUTOPLAY, launchChromiumProfile, serveBuiltApp } from './support/browser.js';

let scratch: string;
let server: PreviewServer;
let url: string;

/** A 1 kHz-or-lower tone at −20 dBFS in every channel. */
function toneFile(name: string, rate: number, channels: number, seconds: number): string {
  const tone = new Float32Array(Math.round(rate * seconds));
  const hz = Math.min(1000, rate / 8);
  for (let i = 0; i < tone.length; i++) tone[i] = 0.1 * Math.sin((2 * Math.PI * hz * i) / rate);
  const path = join(scratch, name);
  writeFileSync(path, floatWav(rate, Array.from({ length: channels }, () => tone)));
  return path;
}

interface App {
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

async function openApp(): Promise<App> {
  const profile = mkdtempSync(join(scratch, 'profile-'));
  const browser: BrowserContext = await launchChromiumProfile(profile, { viewport: { width: 1280, height: 800 }, args: [AUTOPLAY] });
  const page = browser.pages()[0] ?? (await browser.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  await page.goto(url);
  await page.locator('busmeter-panel busmeter-loudness-meter [data-reading="integrated"]').waitFor({ state: 'attached' });
  await page.locator('input[name="source"][value="file"]').check();
  return {
    page,
    errors,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const state = (page: Page) => page.locator('#status').getAttribute('data-state');
const panelErrors = (page: Page) => page.locator('busmeter-panel busmeter-warnings li[data-level="error"]').allTextContents();

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'busmeter-app-files-'));
  ({ server, url } = await serveBuiltApp(scratch));
});

afterAll(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('a file the meter refuses', () => {
  it('(4 kHz, 17 channels) says why, disables Analyse and Report; the next good file clears the error', async () => {
    const good = toneFile('good.wav', 48000, 2, 3);
    const app = await openApp();
    try {
      const { page } = app;
      for (const [name, rate, channels, why] of [
        ['slow.wav', 4000, 2, '4000'],
        ['wide.wav', 48000, 17, '17'],
      ] as const) {
        // A good file first, so there is something to disable.
        await page.locator('#file').setInputFiles(good);
        await expect.poll(() => state(page), { timeout: 20_000 }).toBe('playing');
        expect(await page.locator('#analyse').isDisabled()).toBe(false);
        expect(await page.locator('#report').isDisabled()).toBe(false);

        await page.locator('#file').setInputFiles(toneFile(name, rate, channels, 1));
        await expect.poll(() => state(page), { timeout: 20_000 }).toBe('error');
        const text = (await page.locator('#status').textContent()) ?? '';
        const errors = await panelErrors(page);
        console.log(`${name}: status "${text}"; panel errors ${JSON.stringify(errors)}`);
        expect(text).toContain(why);
        expect(await page.locator('#analyse').isDisabled()).toBe(true);
        expect(await page.locator('#report').isDisabled()).toBe(true);

        // The next file loads: the old error is gone from the status and the panel.
        await page.locator('#file').setInputFiles(good);
        await expect.poll(() => state(page), { timeout: 20_000 }).toBe('playing');
        await expect.poll(() => panelErrors(page), { timeout: 5_000 }).toEqual([]);
        expect(await page.locator('#analyse').isDisabled()).toBe(false);
        expect(await page.locator('#report').isDisabled()).toBe(false);
      }
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
