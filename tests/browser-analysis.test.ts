// The spectrum and stereo field through the real worklet, both transports, in real Chromium
// (tests/pages/meter-harness.html): a 1 kHz sine on L and R must show its spectrum peak at
// 1 kHz at the level the kernel gives the same sine in Node, correlation +1 for identical
// channels and −1 for an inverted right channel, and the goniometer points must all arrive.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer } from '../src/node.js';
import { AUTOPLAY, harnessHeaders, launchChromium, serveSources } from './support/browser.js';

const tmp = mkdtempSync(join(tmpdir(), 'busmeter-analysis-'));
const HARNESS = '/tests/pages/meter-harness.html';
const AMPLITUDE = 0.5; // −6.02 dBFS
const FFT_SIZE = 8192;

let vite: ViteDevServer;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  // ?iso → cross-origin isolated (COOP/COEP), so the SharedArrayBuffer rings are used.
  ({ server: vite, origin } = await serveSources({
    cacheDir: join(tmp, 'vite-cache'), logLevel: 'error', plugins: [harnessHeaders(HARNESS)], noDependencyDiscovery: true,
  }));
  browser = await launchChromium([AUTOPLAY]);
});

afterAll(async () => {
  await browser?.close();
  await vite?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function openHarness(query: string): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${origin}${HARNESS}${query ? `?${query}` : ''}`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', undefined, { timeout: 15_000 });
  expect(errors).toEqual([]);
  return page;
}

/** The level the kernel itself gives this sine (Node, same rate, FFT size and averaging): its highest display point. */
function kernelSineLevel(sampleRate: number, frequencyHz: number): { peakHz: number; peakDb: number } {
  const analyzer = createAnalyzer({ sampleRate, layout: 'stereo', spectrum: { fftSize: FFT_SIZE, averagingMs: 200 } });
  const frames = 2 * sampleRate;
  const sine = new Float32Array(frames);
  for (let i = 0; i < frames; i++) sine[i] = AMPLITUDE * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate);
  analyzer.push([sine, sine]);
  const s = analyzer.readSpectrum();
  let peak = 0;
  for (let i = 1; i < s.pointCount; i++) if (s.levelDb[i] > s.levelDb[peak]) peak = i;
  return { peakHz: s.frequencyHz[peak], peakDb: s.levelDb[peak] };
}

describe('spectrum and stereo field through the worklet', () => {
  for (const [transport, query] of [['shared', 'iso'], ['messages', '']] as const) {
    it(`1 kHz sine, identical channels: peak at 1 kHz at the kernel's level (±0.1 dB), correlation +1, every goniometer point arrives (${transport})`, async () => {
      const page = await openHarness(query);
      const r = await page.evaluate(
        (o) => window.harness.analysisSine(o),
        { seconds: 2.5, amplitude: AMPLITUDE, frequencyHz: 1000, invert: false, transport, fftSize: FFT_SIZE },
      );
      await page.close();
      const reference = kernelSineLevel(r.sampleRate, 1000);
      console.log(`${transport} @ ${r.sampleRate} Hz: spectrum peak ${r.spectrum.peakHz.toFixed(1)} Hz ${r.spectrum.peakDb.toFixed(3)} dB (kernel in Node ${reference.peakDb.toFixed(3)} dB), 1/3-oct band ${r.spectrum.bandHz.toFixed(0)} Hz ${r.spectrum.bandDb.toFixed(3)} dB; correlation ${r.stereo.correlation.toFixed(4)}; ${r.spectrumEvents} spectrum / ${r.stereoEvents} stereo events, ${r.goniometerPoints} goniometer points in ${r.seconds.toFixed(2)} s`);
      expect(r.errors).toEqual([]);
      expect(r.transport).toBe(transport);
      expect(r.spectrum).toMatchObject({ enabled: true, fftSize: FFT_SIZE });
      // The peak is the display point nearest 1 kHz: within half a point spacing.
      expect(Math.abs(Math.log(r.spectrum.peakHz / 1000))).toBeLessThanOrEqual(Math.log(r.spectrum.pointRatio) / 2 + 1e-9);
      expect(r.spectrum.peakHz).toBeCloseTo(reference.peakHz, 6);
      expect(Math.abs(r.spectrum.peakDb - reference.peakDb)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(r.spectrum.peakDb - 20 * Math.log10(AMPLITUDE))).toBeLessThanOrEqual(0.1);
      // The 1/3-octave band at 1 kHz holds the whole tone.
      expect(r.spectrum.bandHz).toBeCloseTo(1000, 0);
      expect(Math.abs(r.spectrum.bandDb - 20 * Math.log10(AMPLITUDE))).toBeLessThanOrEqual(0.1);
      expect(r.stereo.correlation).toBeGreaterThan(0.999);
      expect(Math.abs(r.stereo.balanceDb)).toBeLessThan(0.01);
      expect(r.stereo.sideDb).toBe(-200); // L − R is exactly silence
      // At display rate, not per quantum (about 25 and 60 a second over 2.5 s).
      expect(r.spectrumEvents).toBeGreaterThan(5);
      expect(r.spectrumEvents).toBeLessThan(2.5 * 40);
      expect(r.stereoEvents).toBeGreaterThan(40);
      expect(r.stereoEvents).toBeLessThan(2.5 * 130);
      // Goniometer: every point the kernel made up to the newest stereo record (at its rate)
      // arrived, all within the unit square.
      const expected = r.goniometerRateHz * r.stereoSeconds;
      expect(Math.abs(r.goniometerPoints - expected), `${r.goniometerPoints} points, ${expected.toFixed(1)} expected`).toBeLessThanOrEqual(1);
      expect(r.goniometerOutside).toBe(0);
    });
  }

  it('inverted right channel: correlation −1, the mid signal cancels, mono loss at its limit', async () => {
    const page = await openHarness('');
    const r = await page.evaluate(
      (o) => window.harness.analysisSine(o),
      { seconds: 1.5, amplitude: AMPLITUDE, frequencyHz: 1000, invert: true, transport: 'messages' as const, fftSize: FFT_SIZE },
    );
    await page.close();
    console.log(`inverted: correlation ${r.stereo.correlation.toFixed(4)}, mid ${r.stereo.midDb}, side ${r.stereo.sideDb.toFixed(3)} dB, mono loss ${r.stereo.monoLossLu} LU`);
    expect(r.errors).toEqual([]);
    expect(r.stereo.correlation).toBeLessThan(-0.999);
    expect(r.stereo.midDb).toBe(-200);
    expect(Math.abs(r.stereo.sideDb - 20 * Math.log10(AMPLITUDE))).toBeLessThanOrEqual(0.1);
    expect(r.stereo.monoLossLu).toBe(200);
  });
});
