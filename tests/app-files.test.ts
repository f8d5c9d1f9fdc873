// The app with files the meter cannot take (the built app in Chromium): a refused file says why,
// disables what cannot run on it (Analyse, Report), and its error goes away when the next file
// loads. The app decodes with the CLI's decoders (in a worker): a truncated WAV and a corrupt
// FLAC get the CLI's very error line, a good file the CLI's numbers; only a format those
// decoders do not read (AAC) goes to the browser's decoder, and the status says so.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floatWav, pcm16Wav } from './support/wav.js';
import { mulberry32 } from './support/signals.js';
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

const CLI = join(import.meta.dirname, '..', 'bin', 'busmeter.mjs');

/** The CLI on `name` in the scratch folder (so its lines name the file as the app does). */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: scratch, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A 3 s stereo mix of two tones and seeded noise with a level change, so no reading is trivial. */
function mix(rate: number): Float32Array[] {
  const random = mulberry32(19);
  const n = 3 * rate;
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const gain = i < n / 2 ? 0.25 : 0.6;
    const noise = (random() - 0.5) * 0.1;
    left[i] = gain * Math.sin((2 * Math.PI * 440 * i) / rate) + noise;
    right[i] = gain * Math.sin((2 * Math.PI * 3000 * i) / rate + 1) + noise;
  }
  return [left, right];
}

describe('the app decodes with the CLI\'s decoders', () => {
  it('a truncated WAV and a corrupt FLAC get the CLI\'s exact error line; a good WAV and FLAC the CLI\'s numbers', async () => {
    const good = floatWav(44100, mix(44100));
    writeFileSync(join(scratch, 'mix.wav'), good);
    // Cut inside a frame, 1001 bytes before the end.
    writeFileSync(join(scratch, 'cut.wav'), good.subarray(0, good.length - 1001));
    writeFileSync(join(scratch, 'mix16.wav'), pcm16Wav(44100, mix(44100)));
    execFileSync('flac', ['--silent', '--force', '-o', join(scratch, 'mix.flac'), join(scratch, 'mix16.wav')]);
    const flac = readFileSync(join(scratch, 'mix.flac'));
    // Bytes changed in the middle of the audio frames.
    const corrupt = Buffer.from(flac);
    for (let i = 0; i < 8; i++) corrupt[Math.floor(flac.length / 2) + i * 97] ^= 0x5a;
    writeFileSync(join(scratch, 'bad.flac'), corrupt);

    const app = await openApp();
    try {
      const { page } = app;
      for (const name of ['cut.wav', 'bad.flac']) {
        const run = cli('analyze', name);
        expect(run.code, name).toBe(1);
        const line = run.stderr.trim();
        expect(line.split('\n'), name).toHaveLength(1);
        expect(line.startsWith(`busmeter: ${name}: `), line).toBe(true);
        await page.locator('#file').setInputFiles(join(scratch, name));
        await expect.poll(() => state(page), { timeout: 20_000 }).toBe('error');
        const status = (await page.locator('#status').textContent()) ?? '';
        console.log(`${name}: CLI "${line}"; app "${status}"`);
        // The same line, but for the program's name the CLI puts first.
        expect(status).toBe(line.slice('busmeter: '.length));
        expect(await page.locator('#analyse').isDisabled()).toBe(true);
      }

      for (const name of ['mix.wav', 'mix.flac']) {
        const run = cli('analyze', name, '--json');
        expect(run.code, name).toBe(0);
        const expected = JSON.parse(run.stdout);
        await page.locator('#file').setInputFiles(join(scratch, name));
        await expect.poll(() => state(page), { timeout: 20_000 }).toBe('playing');
        await page.locator('#analyse').click();
        const reading = (key: string) => page.locator(`#analysis-values [data-reading="${key}"]`).getAttribute('data-value');
        await expect.poll(() => page.locator('#analysis-name').textContent(), { timeout: 20_000 }).toBe(name);
        await page.locator('#analysis-values [data-reading="integrated"]').waitFor();
        const shown: Record<string, number> = {};
        for (const [key, field] of [
          ['integrated', 'integratedLufs'], ['true-peak-max', 'truePeakMaxDbtp'], ['sample-peak-max', 'samplePeakMaxDbfs'],
          ['momentary-max', 'momentaryMaxLufs'], ['short-term-max', 'shortTermMaxLufs'], ['loudness-range', 'loudnessRangeLu'], ['plr', 'plrLu'],
        ] as const) {
          shown[field] = Number(await reading(key));
          // The app shows two decimals of the kernel's number, the CLI three: equal to the rounding.
          expect(Math.abs(shown[field]! - expected[field]), `${name} ${field}`).toBeLessThanOrEqual(0.0051);
        }
        console.log(`${name}: CLI ${JSON.stringify(Object.fromEntries(Object.keys(shown).map((k) => [k, expected[k]])))}; app ${JSON.stringify(shown)}`);
      }
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a format the project does not decode (AAC in MP4) is decoded by the browser, and the status says so; the CLI refuses it', async () => {
    writeFileSync(join(scratch, 'aac-source.wav'), floatWav(44100, mix(44100)));
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', join(scratch, 'aac-source.wav'), '-c:a', 'aac', '-b:a', '128k', join(scratch, 'mix.m4a')]);
    const run = cli('analyze', 'mix.m4a');
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('busmeter: mix.m4a: not a recognised audio file (expected WAV, FLAC, MP3 or Ogg)');
    const app = await openApp();
    try {
      const { page } = app;
      await page.locator('#file').setInputFiles(join(scratch, 'mix.m4a'));
      await expect.poll(() => state(page), { timeout: 20_000 }).toBe('playing');
      expect(await page.locator('#status').textContent()).toBe("Playing mix.m4a (decoded by the browser: busmeter's own decoders, and so the CLI, do not read this format).");
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe('the live mastering detector and the codec', () => {
  it('a file decoded from MP3 or AAC gets a detector told its source is lossy (no exact-hit fingerprint); a WAV and the signal generator after it do not', async () => {
    writeFileSync(join(scratch, 'codec-source.wav'), floatWav(44100, mix(44100)));
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', join(scratch, 'codec-source.wav'), '-c:a', 'libmp3lame', '-b:a', '192k', join(scratch, 'codec.mp3')]);
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', join(scratch, 'codec-source.wav'), '-c:a', 'aac', '-b:a', '128k', join(scratch, 'codec.m4a')]);
    const app = await openApp();
    // The panel's detector as the page holds it (null: no detector on the warning).
    const lossySource = () => app.page.evaluate(() => {
      const panel = document.querySelector('busmeter-panel') as (Element & { mastering: { detector: { lossySource?: boolean } } | null }) | null;
      return panel?.mastering?.detector.lossySource ?? null;
    });
    try {
      const { page } = app;
      for (const [name, lossy] of [['codec.mp3', true], ['codec-source.wav', false], ['codec.m4a', true]] as const) {
        await page.locator('#file').setInputFiles(join(scratch, name));
        await expect.poll(() => page.locator('#status').textContent(), { timeout: 20_000 }).toMatch(new RegExp(`^Playing ${name.replace('.', '\\.')}`));
        await expect.poll(lossySource, { timeout: 5_000 }).toBe(lossy);
      }
      await page.locator('input[name="source"][value="signal"]').check();
      await page.locator('#signal-start').click();
      await expect.poll(() => state(page), { timeout: 15_000 }).toBe('playing');
      await expect.poll(lossySource, { timeout: 5_000 }).toBe(false);
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
