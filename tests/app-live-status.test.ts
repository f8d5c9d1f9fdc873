// The app's status line tells the truth about a live input within 2 s (the built app, Chromium's
// fake capture device): the audio context suspended, a capture track that stops without an
// 'ended' event, an unplugged device (the track ends with the event), and a device that goes on
// delivering nothing but digital silence. Every status change is recorded in the page with the
// page's audio clock (AudioContext.currentTime) and its own clock (performance.now()), so the
// 2 s bound is measured where the audio is, not on the test's wall clock.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floatWav } from './support/wav.js';
import { AUTOPLAY, fakeCaptureArgs, launchChromiumProfile, serveBuiltApp, recordPageErrors } from './support/browser.js';

const RATE = 44100;

let scratch: string;
let server: PreviewServer;
let url: string;

/** `seconds` of a −20 dBFS 1 kHz stereo tone, then `silentSeconds` of digital silence. */
function toneWav(name: string, seconds: number, silentSeconds = 0): string {
  const tone = new Float32Array(Math.round((seconds + silentSeconds) * RATE));
  for (let i = 0; i < seconds * RATE; i++) tone[i] = 0.1 * Math.sin((2 * Math.PI * 1000 * i) / RATE);
  const path = join(scratch, name);
  writeFileSync(path, floatWav(RATE, [tone, tone]));
  return path;
}

interface StatusChange {
  state: string;
  text: string;
  /** AudioContext.currentTime of the page's latest context when the change was seen (s). */
  audio: number;
  /** performance.now() in the page (ms). */
  page: number;
}

interface App {
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

async function openApp(wav: string): Promise<App> {
  const profile = mkdtempSync(join(scratch, 'profile-'));
  const browser: BrowserContext = await launchChromiumProfile(profile, { viewport: { width: 1280, height: 800 }, args: [...fakeCaptureArgs(wav), AUTOPLAY] });
  const page = browser.pages()[0] ?? (await browser.newPage());
  const errors: string[] = [];
  recordPageErrors(page, errors);
  // Keeps the page's AudioContexts and capture tracks where the test can reach them, and records
  // every status change with both of the page's clocks.
  await page.addInitScript(() => {
    const w = window as unknown as { testContexts: AudioContext[]; testTracks: MediaStreamTrack[]; testStatus: StatusChange[] };
    w.testContexts = [];
    w.testTracks = [];
    w.testStatus = [];
    const Native = window.AudioContext;
    window.AudioContext = class extends Native {
      constructor(options?: AudioContextOptions) {
        super(options);
        w.testContexts.push(this);
      }
    };
    const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await gum(constraints);
      w.testTracks.push(...stream.getAudioTracks());
      return stream;
    };
    document.addEventListener('DOMContentLoaded', () => {
      const status = document.getElementById('status')!;
      const record = () => {
        const ctx = w.testContexts[w.testContexts.length - 1];
        const last = w.testStatus[w.testStatus.length - 1];
        const state = status.dataset.state ?? '';
        const text = status.textContent ?? '';
        if (last && last.state === state && last.text === text) return;
        w.testStatus.push({ state, text, audio: ctx ? ctx.currentTime : 0, page: performance.now() });
      };
      new MutationObserver(record).observe(status, { attributes: true, childList: true, characterData: true, subtree: true });
      record();
    });
  });
  await page.goto(url);
  await page.locator('busmeter-panel busmeter-loudness-meter [data-reading="integrated"]').waitFor({ state: 'attached' });
  return {
    page,
    errors,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function connect(page: Page): Promise<void> {
  await page.locator('#connect').click();
  await expect.poll(() => page.locator('#status').getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
  // Audio is flowing: the sample peak shows the tone.
  await expect.poll(() => page.locator('busmeter-panel [data-reading="sample-peak-max"]').getAttribute('data-value'), { timeout: 20_000 }).toBe('-20.00');
}

/** The status changes recorded since `from` (an index into the page's list). */
function changes(page: Page, from: number): Promise<StatusChange[]> {
  return page.evaluate((n) => (window as unknown as { testStatus: StatusChange[] }).testStatus.slice(n), from);
}

/** Waits for a status change to `state` after `from` and returns it. */
async function waitForState(page: Page, from: number, state: string): Promise<StatusChange> {
  await expect.poll(async () => (await changes(page, from)).map((c) => c.state), { timeout: 20_000 }).toContain(state);
  return (await changes(page, from)).find((c) => c.state === state)!;
}

/** Does `act` in the page and returns where the status list stood and both clocks at that moment. */
function mark(page: Page, act: 'suspend' | 'stop' | 'unplug' | 'none'): Promise<{ index: number; audio: number; page: number }> {
  return page.evaluate(async (what) => {
    const w = window as unknown as { testContexts: AudioContext[]; testTracks: MediaStreamTrack[]; testStatus: StatusChange[] };
    const ctx = w.testContexts[w.testContexts.length - 1];
    const at = { index: w.testStatus.length, audio: ctx.currentTime, page: performance.now() };
    const live = w.testTracks.filter((t) => t.readyState === 'live');
    if (what === 'suspend') await ctx.suspend();
    // stop() ends a track without firing 'ended' (as a device that dies quietly may).
    if (what === 'stop') for (const t of live) t.stop();
    // Unplugging: the track ends and says so.
    if (what === 'unplug') {
      for (const t of live) {
        t.stop();
        t.dispatchEvent(new Event('ended'));
      }
    }
    return at;
  }, act);
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'busmeter-live-status-'));
  ({ server, url } = await serveBuiltApp(scratch));
});

afterAll(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the live status says the truth within 2 s', () => {
  it('a suspended AudioContext: "suspended" with a Resume audio button, never "Metering…" over frozen readings; Resume brings it back', async () => {
    const app = await openApp(toneWav('suspend.wav', 60));
    try {
      const { page } = app;
      await connect(page);
      expect(await page.locator('#resume-audio').isHidden()).toBe(true);
      const at = await mark(page, 'suspend');
      const change = await waitForState(page, at.index, 'suspended');
      const text = await page.locator('#status').textContent();
      console.log(`suspend: status "${change.text}" ${(change.page - at.page).toFixed(0)} ms after suspend() on the page's clock (audio clock stood still: ${(change.audio - at.audio).toFixed(3)} s)`);
      expect(change.page - at.page).toBeLessThanOrEqual(2000);
      expect(await page.locator('#status').getAttribute('data-state')).toBe('suspended');
      expect(text).toContain('suspended');
      expect(text).toContain('Resume audio');
      expect(text).not.toContain('Metering');
      expect(await page.locator('#resume-audio').isVisible()).toBe(true);
      // What to do works.
      const back = await mark(page, 'none');
      await page.locator('#resume-audio').click();
      await waitForState(page, back.index, 'live');
      expect(await page.locator('#resume-audio').isHidden()).toBe(true);
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a capture track stopped without an "ended" event: "reconnecting" with what to do, then live again', async () => {
    const app = await openApp(toneWav('stop.wav', 60));
    try {
      const { page } = app;
      await connect(page);
      const at = await mark(page, 'stop');
      const change = await waitForState(page, at.index, 'reconnecting');
      console.log(`stopped quietly: status "${change.text}" ${(change.audio - at.audio).toFixed(3)} s of audio time (${(change.page - at.page).toFixed(0)} ms page time) after stop()`);
      expect(change.audio - at.audio).toBeLessThanOrEqual(2);
      expect(change.text).toContain('stopped without notice');
      expect(change.text).toContain('choose another input');
      // The fake device is still there: it is opened again.
      await waitForState(page, at.index + 1, 'live');
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('an unplugged device (the track ends with its event): "reconnecting" with what to do, then live again', async () => {
    const app = await openApp(toneWav('unplug.wav', 60));
    try {
      const { page } = app;
      await connect(page);
      const at = await mark(page, 'unplug');
      const change = await waitForState(page, at.index, 'reconnecting');
      console.log(`unplugged: status "${change.text}" ${(change.audio - at.audio).toFixed(3)} s of audio time after the track ended`);
      expect(change.audio - at.audio).toBeLessThanOrEqual(2);
      expect(change.text).toContain('disconnected');
      expect(change.text).toContain('plug it in again');
      await waitForState(page, at.index + 1, 'live');
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a device that goes on delivering only digital silence: "silent" with what to do, within 2 s of the last sound on the audio clock', async () => {
    // 3 s of tone, then digital silence on a track that stays live.
    const app = await openApp(toneWav('dies.wav', 3, 6));
    try {
      const { page } = app;
      // The audio time of the last readings that carried sound, kept by a listener on the meter.
      await page.evaluate(() => {
        const w = window as unknown as { testContexts: AudioContext[]; lastSound: number };
        w.lastSound = -1;
        const panel = document.getElementById('meter') as HTMLElement & { meter: EventTarget | null };
        let watched: EventTarget | null = null;
        const hook = () => {
          if (!panel.meter || panel.meter === watched) return;
          watched = panel.meter;
          watched.addEventListener('readings', (e) => {
            const r = (e as CustomEvent<{ channels: { samplePeakDbfs: number }[] }>).detail;
            if (r.channels.some((c) => c.samplePeakDbfs > -200)) w.lastSound = w.testContexts[w.testContexts.length - 1].currentTime;
          });
        };
        setInterval(hook, 50);
      });
      await connect(page);
      const start = await mark(page, 'none');
      const change = await waitForState(page, start.index, 'silent');
      const lastSound = await page.evaluate(() => (window as unknown as { lastSound: number }).lastSound);
      console.log(`silent: status "${change.text}" ${(change.audio - lastSound).toFixed(3)} s of audio time after the last readings with sound`);
      expect(lastSound).toBeGreaterThan(0);
      expect(change.audio - lastSound).toBeLessThanOrEqual(2);
      expect(change.audio - lastSound).toBeGreaterThanOrEqual(0.5);
      expect(change.text).toContain('No audio');
      expect(change.text).toContain('choose another input');
      expect(change.text).not.toContain('Metering');
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe('an interface with more than two inputs', () => {
  it('the input picker of an 8-input device offers every pair, 5.1 and 7.1 on consecutive inputs (7.1.4 needs 12); 5.1 meters six channels', async () => {
    const profile = mkdtempSync(join(scratch, 'profile-'));
    const browser: BrowserContext = await launchChromiumProfile(profile, { viewport: { width: 1280, height: 800 }, args: [AUTOPLAY] });
    const page = browser.pages()[0] ?? (await browser.newPage());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    // An 8-channel "device": the track of a MediaStreamAudioDestinationNode with eight channels
    // (its settings say 8; Chromium then delivers the audio as stereo, so only the picker and the
    // meter's shape are looked at here; tests/browser-meter.test.ts meters six real channels
    // through the same routing).
    await page.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = async () => {
        const ctx = new AudioContext();
        const destination = new MediaStreamAudioDestinationNode(ctx, { channelCount: 8, channelCountMode: 'explicit', channelInterpretation: 'discrete' });
        const merger = new ChannelMergerNode(ctx, { numberOfInputs: 8 });
        for (let c = 0; c < 8; c++) {
          const osc = new OscillatorNode(ctx, { frequency: 1000 });
          osc.connect(new GainNode(ctx, { gain: 0.1 })).connect(merger, 0, c);
          osc.start();
        }
        merger.connect(destination);
        // A real device's settings say its channels once it is open; this stand-in's track says 2
        // until its first eight-channel audio has gone through (seen on a loaded machine), so it
        // is handed out only once its settings say 8.
        const track = destination.stream.getAudioTracks()[0];
        for (let wait = 0; wait < 400 && track.getSettings().channelCount !== 8; wait++) await new Promise((r) => setTimeout(r, 25));
        return destination.stream;
      };
    });
    try {
      await page.goto(url);
      await page.locator('busmeter-panel busmeter-loudness-meter [data-reading="integrated"]').waitFor({ state: 'attached' });
      await page.locator('#connect').click();
      await expect.poll(() => page.locator('#status').getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
      await expect.poll(() => page.locator('#pair-label').isHidden(), { timeout: 10_000 }).toBe(false);
      const options = await page.locator('#pair option').evaluateAll((els) => els.map((e) => [(e as HTMLOptionElement).value, e.textContent]));
      console.log(`input picker: ${JSON.stringify(options)}`);
      expect(options.map(([value]) => value)).toEqual(['stereo@0', 'stereo@2', 'stereo@4', 'stereo@6', '5.1@0', '5.1@2', '7.1@0']);
      expect(options.find(([value]) => value === '5.1@2')![1]).toBe('5.1: inputs 3\u20138');
      const bars = () => page.locator('busmeter-panel busmeter-peak-meter [part="bar"]').count();
      expect(await bars()).toBe(2);

      await page.locator('#pair').selectOption('5.1@0');
      await expect.poll(bars, { timeout: 20_000 }).toBe(6);
      await expect.poll(() => page.locator('#status').getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
      const labels = await page.locator('busmeter-panel busmeter-peak-meter [part="bar"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      expect(labels).toEqual(['L', 'R', 'C', 'LFE', 'Ls', 'Rs'].map((l) => `True peak, ${l}`));
      expect(await page.locator('#pair').inputValue()).toBe('5.1@0');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
