// The mastering-plugin detector on processing it was not tuned on: the evaluation mixes
// (tests/support/mixes.ts) rendered through Chromium's own DynamicsCompressorNode in an
// OfflineAudioContext, in the real browser. That node is a feed-forward compressor with a
// 6 ms look-ahead, a soft knee where asked and its own make-up gain; it is no brickwall (its
// output peaks pass 0 dBFS), so none of the exact ceilings of the test-written limiters appear.
// Prints what the detector says for each setting; asserts what a user must be able to count on:
// plain mixes stay off, a fast 20:1 limiter working several dB deep is seen within 10 s in every
// genre. A 4:1 bus compressor with a 10 ms attack, whose peaks pass untouched and whose gain
// does not come back within 200 ms of each kick, is printed but no longer seen: pumping counts
// only when the highs return, as a compressor's release makes them and an arrangement does not.

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.js';
import { runDetector } from './support/detector-run.js';
import { GENRES, peakNormalise, renderMix } from './support/mixes.js';
import { samplePeakAmplitude } from './support/reference.js';

const SECONDS = 15;
const MIX_PEAK_DBFS = -3;

interface Setting {
  name: string;
  /** DynamicsCompressorNode options, or null for the plain mix. */
  compressor: DynamicsCompressorOptions | null;
  /** Gain after the compressor (dB), as a limiter's input drive raises the level. */
  gainDb: number;
}

const PLAIN: Setting = { name: 'plain mix, no node', compressor: null, gainDb: 0 };
const FAST_LIMITER: Setting = { name: 'limiter: -12 dB, 20:1, 1 ms, +4 dB', compressor: { threshold: -12, knee: 0, ratio: 20, attack: 0.001, release: 0.1 }, gainDb: 4 };
const BUS_COMPRESSOR: Setting = { name: 'bus compressor: -20 dB, 4:1, 10 ms, +6 dB', compressor: { threshold: -20, knee: 6, ratio: 4, attack: 0.01, release: 0.2 }, gainDb: 6 };
const SETTINGS: Setting[] = [
  PLAIN,
  FAST_LIMITER,
  { name: 'limiter: -30 dB, 20:1, 0 ms, +8 dB', compressor: { threshold: -30, knee: 0, ratio: 20, attack: 0, release: 0.05 }, gainDb: 8 },
  { name: 'limiter: -6 dB, 20:1, 1 ms, +2 dB', compressor: { threshold: -6, knee: 0, ratio: 20, attack: 0.001, release: 0.1 }, gainDb: 2 },
  BUS_COMPRESSOR,
];

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setContent('<!doctype html><title>render</title>');
});

afterAll(async () => {
  await browser?.close();
});

// Audio crosses into the page and back as base64 of float32 samples (a JSON array of a million
// numbers takes seconds each way).
const toBase64 = (samples: Float64Array) => Buffer.from(Float32Array.from(samples).buffer).toString('base64');
const fromBase64 = (text: string) => {
  const bytes = Buffer.from(text, 'base64');
  return Float64Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
};

/** The mix through `setting` in an OfflineAudioContext at `fs`. */
async function renderInBrowser(mix: Float64Array[], fs: number, setting: Setting): Promise<Float64Array[]> {
  const rendered = await page.evaluate(async ({ channels, fs, compressor, gain }) => {
    const decode = (text: string) => {
      const binary = atob(text);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      return new Float32Array(bytes.buffer);
    };
    const encode = (samples: Float32Array) => {
      const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    };
    const input = channels.map(decode);
    const context = new OfflineAudioContext(input.length, input[0].length, fs);
    const buffer = new AudioBuffer({ length: input[0].length, numberOfChannels: input.length, sampleRate: fs });
    input.forEach((samples, c) => buffer.copyToChannel(samples, c));
    const source = new AudioBufferSourceNode(context, { buffer });
    const output = new GainNode(context, { gain });
    if (compressor) source.connect(new DynamicsCompressorNode(context, compressor)).connect(output);
    else source.connect(output);
    output.connect(context.destination);
    source.start();
    const result = await context.startRendering();
    return Array.from({ length: result.numberOfChannels }, (_, c) => encode(result.getChannelData(c)));
  }, { channels: mix.map(toBase64), fs, compressor: setting.compressor, gain: 10 ** (setting.gainDb / 20) });
  return rendered.map(fromBase64);
}

const peakDbfs = (x: Float64Array[]) => 20 * Math.log10(Math.max(...x.map(samplePeakAmplitude)));

it('sees a fast limiter in Chromium\'s DynamicsCompressorNode within 10 s in every genre, and stays off on the plain mixes (prints the bus compressor it no longer sees)', async () => {
  const rows: string[] = [];
  const firstOn = new Map<Setting, number[]>(SETTINGS.map((s) => [s, []]));
  const everOn = new Map<Setting, number>(SETTINGS.map((s) => [s, 0]));
  for (const [i, genre] of GENRES.entries()) {
    const fs = i % 2 === 0 ? 48000 : 44100;
    const mix = peakNormalise(renderMix({ genre, seed: 500 + i, sampleRate: fs, seconds: SECONDS }), MIX_PEAK_DBFS);
    for (const setting of SETTINGS) {
      const processed = await renderInBrowser(mix, fs, setting);
      const run = runDetector(processed, fs);
      firstOn.get(setting)!.push(run.firstOn);
      if (run.onTransitions > 0) everOn.set(setting, everOn.get(setting)! + 1);
      const suspected = run.states.filter((s) => s === 'suspected').length / 10;
      const on = run.states.filter((s) => s === 'on').length / 10;
      rows.push(`  ${genre.name.padEnd(8)} ${setting.name.padEnd(42)} peak ${peakDbfs(processed).toFixed(1).padStart(5)} dBFS   ${Number.isFinite(run.firstOn) ? `on after ${run.firstOn.toFixed(1)} s` : 'never on'}`.padEnd(92) + `(on ${on.toFixed(1)} s, suspected ${suspected.toFixed(1)} s of ${SECONDS})`);
    }
  }
  const summary = SETTINGS.map((s) => `  ${s.name.padEnd(42)} on within 10 s in ${firstOn.get(s)!.filter((t) => t <= 10).length}/${GENRES.length} genres`);
  console.log(`\nMastering detector on Chromium's DynamicsCompressorNode (mixes peaking at ${MIX_PEAK_DBFS} dBFS, ${SECONDS} s each)\n${rows.join('\n')}\n${summary.join('\n')}\n`);
  expect(everOn.get(PLAIN), 'plain mixes raised "on"').toBe(0);
  expect(firstOn.get(FAST_LIMITER)!.every((t) => t <= 10), `fast limiter: first "on" at ${firstOn.get(FAST_LIMITER)!.join(', ')} s`).toBe(true);
  // The 4:1 bus compressor (10 ms attack, Chromium's 250 ms release) ducks the highs after each
  // kick, but its gain does not come back within 200 ms: real tracker music ducks as deep by
  // arrangement, so the detector takes ducking only with that return (PW_TOP_DIP_DB), and this
  // compressor, which leaves no peak evidence either, is no longer seen. Printed above, not
  // asserted: a blind spot, stated in the README.
}, 600_000);
