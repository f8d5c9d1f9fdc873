// The live path in real Chromium: worklet + kernel + transports + device input, driven through
// tests/pages/meter-harness.html (served by Vite) with Playwright. One browser for the file; the
// fake capture device plays a −23 LUFS 1 kHz stereo tone written here.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer } from '../src/node.js';
import type { Readings } from '../src/engine/readings.js';
import { programme, type ProgrammeOptions } from './pages/programme.js';
import { AUTOPLAY, fakeCaptureArgs, harnessHeaders, launchChromium, serveSources } from './support/browser.js';

const tmp = mkdtempSync(join(tmpdir(), 'busmeter-browser-'));
const HARNESS = '/tests/pages/meter-harness.html';

/** 44.1 kHz float32 stereo WAV of a 1 kHz sine at −23 dBFS per channel (reads −22.99 LUFS). */
function writeToneWav(file: string, seconds: number): void {
  const rate = 44100;
  const frames = rate * seconds;
  const data = Buffer.alloc(frames * 8);
  const amplitude = 10 ** (-23 / 20);
  for (let i = 0; i < frames; i++) {
    const v = amplitude * Math.sin((2 * Math.PI * 1000 * i) / rate);
    data.writeFloatLE(v, i * 8);
    data.writeFloatLE(v, i * 8 + 4);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(3, 20); // WAVE_FORMAT_IEEE_FLOAT
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 8, 28);
  header.writeUInt16LE(8, 32);
  header.writeUInt16LE(32, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  writeFileSync(file, Buffer.concat([header, data]));
}

let vite: ViteDevServer;
let browser: Browser;
let origin: string;
const pages: Page[] = [];

beforeAll(async () => {
  const wav = join(tmp, 'tone-23lufs.wav');
  writeToneWav(wav, 25);
  ({ server: vite, origin } = await serveSources({
    cacheDir: join(tmp, 'vite-cache'), logLevel: 'error', plugins: [harnessHeaders(HARNESS)], noDependencyDiscovery: true,
  }));
  browser = await launchChromium([...fakeCaptureArgs(wav), AUTOPLAY]);
});

afterAll(async () => {
  await browser?.close();
  await vite?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Opens the harness with the given query ('' | 'iso' | 'csp=wasm' …); fails on any page error. */
async function openHarness(query = ''): Promise<Page> {
  const page = await browser.newPage();
  pages.push(page);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${origin}${HARNESS}${query ? `?${query}` : ''}`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', undefined, { timeout: 15_000 });
  expect(errors).toEqual([]);
  return page;
}

// ---- (a) live input from the fake capture device ----

describe('live input', () => {
  it('a −23 LUFS tone on the capture device reads M, S and I of −23 ± 0.2 after 12 s, and survives the device going away', async () => {
    const page = await openHarness();
    const started = await page.evaluate(() => window.harness.startLive());
    expect(started.state).toBe('live');
    expect(started.warnings).toEqual([]); // processing off and stereo, as asked
    expect(started.transport).toBe('messages'); // this page is not cross-origin isolated
    await page.waitForTimeout(12_000);
    const report = await page.evaluate(() => window.harness.liveReport());
    const r = report.latest;
    console.log(`live −23 LUFS tone @ ${started.sampleRate} Hz after 12 s: M ${r.momentaryLufs.toFixed(3)}, S ${r.shortTermLufs.toFixed(3)}, I ${r.integratedLufs.toFixed(3)}, ${report.events} readings events, frames ${r.frames}`);
    expect(report.errors).toEqual([]);
    expect(Math.abs(r.momentaryLufs + 23)).toBeLessThanOrEqual(0.2);
    expect(Math.abs(r.shortTermLufs + 23)).toBeLessThanOrEqual(0.2);
    expect(Math.abs(r.integratedLufs + 23)).toBeLessThanOrEqual(0.2);
    expect(r.frames).toBeGreaterThan(11 * started.sampleRate);
    // Roughly one readings event per animation frame, never one per quantum.
    expect(report.events).toBeGreaterThan(300);
    expect(report.events).toBeLessThan(13 * 70);

    // The interface disappears and comes back: same meter node, session kept.
    await page.evaluate(() => window.harness.endLiveTrack());
    await page.waitForFunction(() => window.harness.liveReport().state === 'live', undefined, { timeout: 5_000 });
    await page.waitForTimeout(1_000);
    const after = await page.evaluate(() => window.harness.liveReport());
    const states = after.statuses.map((s) => s.state);
    expect(states.slice(states.lastIndexOf('disconnected'))).toEqual(['disconnected', 'connecting', 'live']);
    expect(after.latest.frames).toBeGreaterThan(r.frames + 0.5 * started.sampleRate); // not reset: it counts on
    expect(Math.abs(after.latest.integratedLufs + 23)).toBeLessThanOrEqual(0.2);
    await page.close();
  });

  it('plain { audio: true } comes back processed and mono, and the warnings say so; the meter constraints give none', async () => {
    const page = await openHarness();
    const plain = await page.evaluate(() => window.harness.openInput(true));
    const meter = await page.evaluate(() => window.harness.openInput(false));
    console.log(`plain getUserMedia warnings: ${JSON.stringify(plain.warnings)}`);
    expect(plain.warnings.length).toBeGreaterThan(0);
    expect(plain.warnings).toContain('The browser kept echo cancellation on: levels will be wrong.');
    expect(meter.warnings).toEqual([]);
    expect(meter.channelCount).toBe(2);
    await page.close();
  });

  it('a 6-channel programme on inputs 3–8 of an 8-input source, through the live input\'s routing, metered as 5.1: six channels, LFE out of the loudness', async () => {
    const page = await openHarness();
    // Inputs 1–2 carry a loud pair that must not be metered; inputs 3–8 are L R C LFE Ls Rs, the
    // LFE far louder than the rest (a 60 Hz tone at −6 dBFS).
    const levelsDb = [0, 0, -20, -22, -24, -6, -26, -28];
    const frequenciesHz = [500, 500, 1000, 1000, 1000, 60, 1000, 1000];
    const { sampleRate, labels } = await page.evaluate(
      (o) => window.harness.surroundStart(o),
      { inputs: 8, first: 2, layout: '5.1', count: 6, levelsDb, frequenciesHz },
    );
    expect(labels).toEqual(['L', 'R', 'C', 'LFE', 'Ls', 'Rs']);
    // Waits for audio, not for time: a full momentary window (400 ms) and more.
    await expect.poll(async () => (await page.evaluate(() => window.harness.surroundReport())).latest.frames, { timeout: 20_000 }).toBeGreaterThan(sampleRate);
    const report = await page.evaluate(() => window.harness.surroundReport());
    await page.evaluate(() => window.harness.surroundStop());
    expect(report.errors).toEqual([]);
    const r = report.latest;
    expect(r.channels.map((c) => c.label)).toEqual(labels);
    expect(r.channels.map((c) => c.weight)).toEqual([1, 1, 1, 0, 1.41, 1.41]);
    // Each channel shows its own input (3–8), not inputs 1–2 nor a down-mix.
    r.channels.forEach((c, i) => expect(Math.abs(c.samplePeakMaxDbfs - levelsDb[i + 2]!), `${c.label} ${c.samplePeakMaxDbfs}`).toBeLessThanOrEqual(0.1));
    // Momentary loudness is the Node API's for the same six sines as 5.1 (LFE weight 0), far below
    // what it would read with the LFE counted.
    const node = (layout: '5.1' | { weights: number[] }) => {
      const analyzer = createAnalyzer({ sampleRate, layout });
      const n = sampleRate;
      analyzer.push(levelsDb.slice(2).map((db, c) => Float32Array.from({ length: n }, (_, i) => 10 ** (db / 20) * Math.sin((2 * Math.PI * frequenciesHz[c + 2]! * i) / sampleRate))));
      return analyzer.read().momentaryLufs;
    };
    const expected = node('5.1');
    const withLfe = node({ weights: [1, 1, 1, 1, 1.41, 1.41] });
    console.log(`5.1 through the input routing: M ${r.momentaryLufs.toFixed(2)} LUFS (Node API ${expected.toFixed(2)}; with the LFE counted it would be ${withLfe.toFixed(2)}); sample peaks ${r.channels.map((c) => `${c.label} ${c.samplePeakMaxDbfs.toFixed(2)}`).join(', ')}`);
    expect(Math.abs(r.momentaryLufs - expected)).toBeLessThanOrEqual(0.1);
    expect(withLfe - expected).toBeGreaterThan(5);
    await page.close();
  });
});

// ---- (b) + (d) transports ----

describe('transports', () => {
  it('cross-origin isolated: auto picks the ring; ring and messages give identical readings; single full-scale samples survive a 1.5 s main-thread stall', async () => {
    const page = await openHarness('iso');
    expect(await page.evaluate(() => window.harness.crossOriginIsolated())).toBe(true);
    const result = await page.evaluate(() => window.harness.compareTransports({ seconds: 4, blockAtSeconds: 1, blockMs: 1500 }));
    const { shared, messages } = result;
    expect(shared.transport).toBe('shared');
    expect(messages.transport).toBe('messages');
    expect(shared.errors).toEqual([]);
    expect(messages.errors).toEqual([]);
    console.log(`transports: ring deferred ${shared.deferred} publications during the stall; events ring ${shared.events}, messages ${messages.events}`);
    expect(shared.deferred).toBeGreaterThan(0); // the ring really was full
    for (const report of [shared, messages]) {
      // The "since read" peaks of the merged readings events: each single sample shows at 0 dBFS.
      expect(report.maxSamplePeakDbfs).toEqual([0, 0]);
    }
    const keys: (keyof Readings)[] = [
      'integratedLufs', 'loudnessRangeLu', 'momentaryMaxLufs', 'shortTermMaxLufs', 'samplePeakMaxDbfs', 'truePeakMaxDbtp',
      'plrLu', 'gatedBlocks', 'clipRuns', 'truePeakOvers',
    ];
    for (const key of keys) expect(shared.latest[key], key).toBe(messages.latest[key]);
    for (let c = 0; c < 2; c++) {
      expect(shared.latest.channels[c].truePeakMaxDbtp).toBe(messages.latest.channels[c].truePeakMaxDbtp);
      expect(shared.latest.channels[c].samplePeakMaxDbfs).toBe(0);
    }
    expect(shared.latest.integratedLufs).toBeGreaterThan(-40);
    await page.close();
  });

  it('not isolated: auto picks messages, a single full-scale sample shows as 0.0 dBFS, and asking for the ring is a clear error', async () => {
    const page = await openHarness();
    expect(await page.evaluate(() => window.harness.crossOriginIsolated())).toBe(false);
    const single = await page.evaluate(() => window.harness.singleSample({ atSeconds: 0.7, channel: 1 }));
    expect(single.transport).toBe('messages');
    expect(single.maxSamplePeakDbfs).toEqual([-200, 0]);
    expect(single.errors).toEqual([]);
    const error = await page.evaluate(() => window.harness.createMeterError({ transport: 'shared' }));
    expect(error).toEqual({
      name: 'MeterError',
      where: 'module',
      message: "transport 'shared' needs a cross-origin isolated page (COOP: same-origin, COEP: require-corp); use 'auto' to fall back to messages",
    });
    await page.close();
  });
});

// ---- The Meter's own behaviour ----

describe('meter', () => {
  for (const [transport, query] of [['shared', 'iso'], ['messages', '']] as const) {
    it(`pause stops measuring, resume continues, reset starts the session over (${transport})`, async () => {
      const page = await openHarness(query);
      const r = await page.evaluate((t) => window.harness.lifecycle(t), transport);
      expect(r.errors).toEqual([]);
      // Each stage is timed on the audio clock and the meter's own frame count (tests/pages/meter-harness.ts).
      expect(r.running.frames).toBeGreaterThanOrEqual(r.sampleRate);
      expect(r.whilePaused).toEqual({ events: 0, frames: 0, paused: true });
      expect(r.resumed.paused).toBe(false);
      expect(r.resumed.frames).toBeGreaterThan(r.running.frames + 0.3 * r.sampleRate);
      expect(r.resets).toBe(1);
      // reset() clears the readings at once, and no record from before the reset comes back: the
      // first reading after it counts no more audio than the audio clock has played since (one
      // render callback of slack: the clock is read on the main thread).
      expect(r.rightAfterReset).toEqual({ integrated: -200, frames: 0, samplePeakMax: -200 });
      expect(r.afterReset.frames).toBeGreaterThan(0);
      expect(r.afterReset.frames).toBeLessThanOrEqual((r.afterReset.audioSinceReset + 0.05) * r.sampleRate);
      expect(r.afterReset.frames).toBeLessThan(r.resumed.frames);
      // BS.1770 gating: no integrated loudness before the first complete 400 ms block.
      expect(r.afterReset.integrated === -200).toBe(r.afterReset.frames < 0.4 * r.sampleRate);
      await page.close();
    });
  }

  it('meters a MediaStream and an <audio> element, decodes files at their own rate, and reports a processor that cannot start', async () => {
    const page = await openHarness();
    const stream = await page.evaluate(() => window.harness.streamMeter());
    expect(stream.layout).toBe('stereo'); // default layout from the track's channel count
    expect(stream.events).toBeGreaterThan(10);
    expect(stream.errors).toEqual([]);

    const element = await page.evaluate(() => window.harness.elementMeter());
    expect(element.errors).toEqual([]);
    expect(Math.abs(element.latest.samplePeakMaxDbfs + 6.02)).toBeLessThan(0.1);

    const decoded = await page.evaluate(() => window.harness.decodeWav(96000));
    expect({ ...decoded, peak: undefined }).toEqual({ sampleRate: 96000, length: 48000, channels: 2, peak: undefined }); // not resampled
    expect(Math.abs(decoded.peak - 0.5)).toBeLessThan(1 / 32767); // 16384 as v/32767 or v/32768

    const failed = await page.evaluate(() => window.harness.processorError());
    expect(failed.messages).toEqual([{ type: 'error', where: 'processor', message: `RangeError: sample rate 1000 Hz: ${failed.expected}` }]);
    await page.close();
  });
});

// ---- (c) offline analysis = Node API ----

function nodeReadings(options: ProgrammeOptions, layout?: string): Readings {
  const analyzer = createAnalyzer({ sampleRate: options.sampleRate, layout: layout ?? options.channels });
  analyzer.push(programme(options));
  return analyzer.read();
}

function expectSameMeasurement(browserReadings: Readings, node: Readings): number {
  let worst = 0;
  const close = (a: number, b: number, what: string) => {
    worst = Math.max(worst, Math.abs(a - b));
    expect(Math.abs(a - b), `${what}: browser ${a}, node ${b}`).toBeLessThanOrEqual(0.01);
  };
  expect(browserReadings.frames).toBe(node.frames);
  close(browserReadings.integratedLufs, node.integratedLufs, 'I');
  close(browserReadings.loudnessRangeLu, node.loudnessRangeLu, 'LRA');
  close(browserReadings.momentaryMaxLufs, node.momentaryMaxLufs, 'max M');
  close(browserReadings.shortTermMaxLufs, node.shortTermMaxLufs, 'max S');
  close(browserReadings.truePeakMaxDbtp, node.truePeakMaxDbtp, 'TP max');
  node.channels.forEach((channel, c) => {
    close(browserReadings.channels[c].truePeakMaxDbtp, channel.truePeakMaxDbtp, `TP ch${c}`);
    close(browserReadings.channels[c].samplePeakMaxDbfs, channel.samplePeakMaxDbfs, `SP ch${c}`);
  });
  return worst;
}

describe('offline analysis', () => {
  it('analyzeOffline gives the Node API numbers: stereo 48 kHz, and 5.1 at 44.1 kHz ending mid-quantum', async () => {
    const page = await openHarness();
    const stereo: ProgrammeOptions = { sampleRate: 48000, frames: 48000 * 20, channels: 2, seed: 3 };
    const surround: ProgrammeOptions = { sampleRate: 44100, frames: 44100 * 8 + 77, channels: 6, seed: 4 };
    const a = await page.evaluate((o) => window.harness.analyzeProgramme(o), stereo);
    const b = await page.evaluate((o) => window.harness.analyzeProgramme({ ...o, layout: '5.1', asAudioBuffer: true }), surround);
    const worstA = expectSameMeasurement(a.readings, nodeReadings(stereo));
    const worstB = expectSameMeasurement(b.readings, nodeReadings(surround, '5.1'));
    console.log(`offline vs Node: stereo 48k 20 s I ${a.readings.integratedLufs.toFixed(2)} LRA ${a.readings.loudnessRangeLu.toFixed(2)} in ${a.ms.toFixed(0)} ms, max |Δ| ${worstA}; 5.1 44.1k max |Δ| ${worstB}`);
    expect(a.readings.loudnessRangeLu).toBeGreaterThan(1);
    await page.close();
  });
});

// ---- (f) CSP ----

describe('content security policy', () => {
  it("works under script-src 'self' 'wasm-unsafe-eval', and says what to add under script-src 'self'", async () => {
    const ok = await openHarness('csp=wasm');
    const single = await ok.evaluate(() => window.harness.singleSample({ atSeconds: 0.3 }));
    expect(single.errors).toEqual([]);
    expect(single.maxSamplePeakDbfs[0]).toBe(0);
    const offline = await ok.evaluate(() => window.harness.analyzeProgramme({ sampleRate: 48000, frames: 48000, channels: 2, seed: 1 }));
    expect(offline.readings.frames).toBe(48000);
    await ok.close();

    const strict = await openHarness('csp=strict');
    const error = await strict.evaluate(() => window.harness.createMeterError({}));
    expect(error?.name).toBe('MeterError');
    expect(error?.where).toBe('module');
    expect(error?.message).toMatch(/^could not compile the busmeter kernel \(http:\/\/127\.0\.0\.1:\d+\/build\/busmeter\.wasm\): .*add 'wasm-unsafe-eval' to script-src\.$/);
    await strict.close();
  });
});
