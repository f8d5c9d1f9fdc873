// Chromium's own DynamicsCompressorNode, run in an OfflineAudioContext in the real browser
// (the tests' one browser harness, tests/support/browser.ts), as tests/detector-third-party.test.ts
// does: the audio crosses into the page and back as base64 of float32 samples.

import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';

export interface ChromiumCompressorSetting {
  compressor: DynamicsCompressorOptions;
  /** Gain after the compressor, dB (make-up, or a limiter's drive). */
  gainDb: number;
}

let browser: Browser | undefined;
let page: Page | undefined;

async function openPage(): Promise<Page> {
  if (!page) {
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setContent('<!doctype html><title>render</title>');
  }
  return page;
}

/** Closes the browser if one was opened. */
export async function closeChromium(): Promise<void> {
  await browser?.close();
  browser = undefined;
  page = undefined;
}

const toBase64 = (samples: Float32Array) => Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString('base64');
const fromBase64 = (text: string) => {
  const bytes = Buffer.from(text, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

// The page's side, as source text: a bundler that rewrites functions (tsx adds name helpers)
// must not touch code that runs in the browser.
const RENDER_IN_PAGE = `async ({ channels, fs, compressor, gain }) => {
  const decode = (text) => {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new Float32Array(bytes.buffer);
  };
  const encode = (samples) => {
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
  source.connect(new DynamicsCompressorNode(context, compressor)).connect(new GainNode(context, { gain })).connect(context.destination);
  source.start();
  const result = await context.startRendering();
  return Array.from({ length: result.numberOfChannels }, (_, c) => encode(result.getChannelData(c)));
}`;

export async function chromiumCompress(channels: readonly Float32Array[], fs: number, setting: ChromiumCompressorSetting): Promise<Float32Array[]> {
  const args = { channels: channels.map(toBase64), fs, compressor: setting.compressor, gain: 10 ** (setting.gainDb / 20) };
  const rendered = (await (await openPage()).evaluate(`(${RENDER_IN_PAGE})(${JSON.stringify(args)})`)) as string[];
  return rendered.map(fromBase64);
}
