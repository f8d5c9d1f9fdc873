// The reference A/B in the built app (vite build + vite preview, production CSP) in Chromium: a
// mix and a reference 6 LU louder, both generated here, are opened in the app; the A/B turns the
// louder down to the quieter's integrated loudness (both measured by the kernel, as the CLI
// measures them). What is actually monitored is measured by the meter on the monitored output
// (the kernel in an AudioWorklet, after the A/B's gains): its integrated loudness on the mix and,
// after R, on the reference must agree within 0.1 LU. Then the streaming preview: for a few
// services the gain the app applies equals the streaming table's (previewService) and the
// monitored loudness moves by it. Every wait is on the audio clock (seconds of audio the monitor
// meter has measured), never on wall time.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAMING_RULES, previewService } from '../src/rules/coach/streaming.js';
import { AUTOPLAY, launchChromiumProfile, recordPageErrors, serveBuiltApp } from './support/browser.js';
import { measure } from './support/measure.js';
import { screenshotPath } from './support/screenshots.js';
import { floatWav, pcm16Wav } from './support/wav.js';

const RATE = 48000;
/** The mix plays once: long enough for every measurement below, in audio time. */
const MIX_SECONDS = 120;
const REFERENCE_SECONDS = 10;
/** Seconds of monitored audio each integrated loudness is read over. */
const MEASURE_SECONDS = 4;
const MIX_LUFS = -20;
const APART_LU = 6;

/**
 * Sums of sines at whole hertz whose level steps by 0.6 dB every second (a steady tone is a test
 * signal, about which the coach says nothing; music's loudness moves): seamless and periodic in
 * 2 s, so any window of whole periods (MEASURE_SECONDS) has the file's loudness.
 */
function tones(seconds: number, parts: [hz: number, left: number, right: number][]): Float32Array[] {
  const n = seconds * RATE;
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / RATE;
    const step = Math.floor(t) % 2 === 0 ? 1 : 10 ** (-0.6 / 20);
    for (const [hz, l, r] of parts) {
      const v = step * Math.sin(2 * Math.PI * hz * t);
      left[i] += l * v;
      right[i] += r * v;
    }
  }
  return [left, right];
}

/** Scales `channels` to `lufs` integrated as the kernel measures it; returns the kernel's integrated loudness and true peak after. */
function scaleTo(channels: Float32Array[], lufs: number, quantise16 = false): { integratedLufs: number; truePeakDbtp: number } {
  const before = measure(channels, RATE).integratedLufs;
  const gain = 10 ** ((lufs - before) / 20);
  for (const c of channels) for (let i = 0; i < c.length; i++) c[i] = quantise16 ? Math.round(c[i] * gain * 32767) / 32767 : c[i] * gain;
  const r = measure(channels, RATE);
  return { integratedLufs: r.integratedLufs, truePeakDbtp: r.truePeakMaxDbtp };
}

let scratch: string;
let server: PreviewServer;
let url: string;
let browser: BrowserContext;
let page: Page;
const errors: string[] = [];
let mixPath: string;
let referencePath: string;
let mixLevel: { integratedLufs: number; truePeakDbtp: number };
let referenceLevel: { integratedLufs: number; truePeakDbtp: number };

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'busmeter-app-ab-'));
  // The mix: bass and a 1 kHz line, a little wider on the right. The reference: other tones
  // (a low 60 Hz, bright 3 and 8 kHz), so only a K-weighted loudness match makes them agree.
  const mix = tones(MIX_SECONDS, [[100, 0.3, 0.25], [1000, 0.1, 0.12], [440, 0.05, 0.02]]);
  mixLevel = scaleTo(mix, MIX_LUFS, true);
  mixPath = join(scratch, 'mix.wav');
  writeFileSync(mixPath, pcm16Wav(RATE, mix));
  const reference = tones(REFERENCE_SECONDS, [[60, 0.2, 0.2], [3000, 0.1, 0.08], [8000, 0.04, 0.05]]);
  referenceLevel = scaleTo(reference, MIX_LUFS + APART_LU);
  referencePath = join(scratch, 'reference.wav');
  writeFileSync(referencePath, floatWav(RATE, reference));
  ({ server, url } = await serveBuiltApp(scratch));
  browser = await launchChromiumProfile(join(scratch, 'profile'), { viewport: { width: 1280, height: 1000 }, args: [AUTOPLAY] });
  page = browser.pages()[0] ?? (await browser.newPage());
  recordPageErrors(page, errors);
  await page.goto(url);
  await page.locator('busmeter-panel busmeter-loudness-meter [data-reading="integrated"]').waitFor({ state: 'attached' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const monitor = () => page.locator('#ab-monitor');
const section = () => page.locator('#ab');

/**
 * The integrated loudness of what is monitored, over MEASURE_SECONDS of audio after the last
 * switch or gain change (the monitor meter restarts then), with the source it says it hears.
 */
async function monitored(listening: 'mix' | 'reference'): Promise<number> {
  await expect.poll(async () => {
    const m = monitor();
    const [heard, state, seconds] = await Promise.all([m.getAttribute('data-listening'), m.getAttribute('data-state'), m.getAttribute('data-seconds')]);
    return heard === listening && state === 'measuring' && Number(seconds) >= MEASURE_SECONDS;
  }, { timeout: 90_000, interval: 100 }).toBe(true);
  return Number(await monitor().getAttribute('data-integrated'));
}

const gainDb = async (which: 'mix' | 'reference') => Number(await section().getAttribute(which === 'mix' ? 'data-mix-gain-db' : 'data-reference-gain-db'));

describe('the reference A/B in the app', () => {
  it(`matches a reference ${APART_LU} LU louder than the mix within 0.1 LU as monitored, switched with R`, async () => {
    expect(referenceLevel.integratedLufs - mixLevel.integratedLufs).toBeCloseTo(APART_LU, 1);
    await page.locator('input[name="source"][value="file"]').check();
    await page.locator('#ab summary').click();
    await page.locator('#file').setInputFiles(mixPath);
    await expect.poll(() => page.locator('#status').getAttribute('data-state'), { timeout: 30_000 }).toBe('playing');
    await page.locator('#reference-file').setInputFiles(referencePath);
    await expect.poll(() => page.locator('#ab-toggle').isEnabled(), { timeout: 60_000 }).toBe(true);

    // The louder (the reference) is turned down to the mix's loudness, the mix left as it is; the
    // gain is the kernel's difference of the two (the app measures both files as the CLI does).
    const wanted = mixLevel.integratedLufs - referenceLevel.integratedLufs;
    // (Until the whole mix file is measured, the A/B matches on the meter's integrated loudness so far.)
    await expect.poll(() => section().getAttribute('data-mix-level'), { timeout: 60_000 }).toBe('file');
    expect(Math.abs((await gainDb('reference')) - wanted)).toBeLessThanOrEqual(0.02);
    expect(await gainDb('mix')).toBe(0);

    const mixHeard = await monitored('mix');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('r');
    expect(await page.locator('#ab-toggle').getAttribute('aria-pressed')).toBe('true');
    const referenceHeard = await monitored('reference');
    await page.locator('#ab').screenshot({ path: screenshotPath('reference-ab.png') });
    // Back with the button: the mix again, at the same loudness.
    await page.locator('#ab-toggle').click();
    const mixAgain = await monitored('mix');
    console.log(
      `reference A/B: mix ${mixLevel.integratedLufs.toFixed(2)} LUFS, reference ${referenceLevel.integratedLufs.toFixed(2)} LUFS (kernel in Node); ` +
      `reference gain ${(await gainDb('reference')).toFixed(2)} dB; monitored: mix ${mixHeard.toFixed(3)}, reference ${referenceHeard.toFixed(3)}, mix again ${mixAgain.toFixed(3)} LUFS`,
    );
    expect(Math.abs(mixHeard - mixLevel.integratedLufs)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(referenceHeard - mixHeard)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(mixAgain - mixHeard)).toBeLessThanOrEqual(0.1);

    // The side-by-side table: the two integrated loudnesses as the kernel measured them.
    const integrated = page.locator('#ab-rows tr[data-row="integrated"]');
    expect(Number(await integrated.getAttribute('data-mix'))).toBeCloseTo(mixLevel.integratedLufs, 1);
    expect(Number(await integrated.getAttribute('data-reference'))).toBeCloseTo(referenceLevel.integratedLufs, 1);
    expect(await page.locator('#ab-rows tr').count()).toBe(9);
  });

  // Each case: a service, which source is heard, and the integrated loudness and true peak the
  // table's rule is applied to (the kernel's, in Node).
  const cases = [
    ['apple-music', 'mix'],
    ['youtube', 'mix'],
    ['spotify-loud', 'reference'],
    ['deezer', 'reference'],
  ] as const;
  it.each(cases)('plays as %s would: the gain on the %s is the streaming table\'s, and the monitored loudness moves by it', async (id, heard) => {
    const rule = STREAMING_RULES.find((r) => r.id === id)!;
    const level = heard === 'mix' ? mixLevel : referenceLevel;
    const expected = previewService(rule, level.integratedLufs, level.truePeakDbtp).gainDb;
    if ((await page.locator('#ab-toggle').getAttribute('aria-pressed')) !== String(heard === 'reference')) await page.locator('#ab-toggle').click();
    await page.locator('#play-as').selectOption(id);
    expect(Math.abs((await gainDb(heard)) - expected)).toBeLessThanOrEqual(0.02);
    const heardLufs = await monitored(heard);
    console.log(`streaming preview: ${rule.service} on the ${heard} (${level.integratedLufs.toFixed(2)} LUFS, ${level.truePeakDbtp.toFixed(2)} dBTP): table ${expected.toFixed(2)} dB, applied ${(await gainDb(heard)).toFixed(2)} dB, monitored ${heardLufs.toFixed(3)} LUFS`);
    expect(Math.abs(heardLufs - (level.integratedLufs + expected))).toBeLessThanOrEqual(0.1);
  });

  it('builds the coach\'s target from the references when asked: the coach measures the mix against them', async () => {
    const coach = page.locator('busmeter-panel busmeter-coach');
    await page.locator('#coach-reference').check();
    await expect.poll(() => coach.locator('.against').textContent(), { timeout: 10_000 }).toBe('Against your reference (reference.wav)');
    // The mix has next to nothing in the highs, the reference plenty (8 kHz): named against the reference.
    await expect.poll(
      () => coach.locator('[part~="finding"][data-id="balance:high:below"] [part~="title"]').allTextContents(),
      { timeout: 60_000, interval: 200 },
    ).toEqual([expect.stringMatching(/^The highs sit \d+\.\d dB below your reference \(reference\.wav\)\.$/)]);
    await page.locator('#coach-reference').uncheck();
    await expect.poll(() => coach.locator('.against').textContent(), { timeout: 10_000 }).toBe('Against All released soundtracks');
  });

  it('left no page errors', () => {
    expect(errors).toEqual([]);
  });
});
