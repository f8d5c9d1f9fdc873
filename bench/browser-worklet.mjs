// The worklet's cost per render quantum in real Chromium: renders 60 s of stereo noise at
// 48 kHz through an OfflineAudioContext, once with the meter (AudioWorkletNode + kernel,
// publishing 60 records/s as live) and once with the same graph without it, and reports wall
// time per 128-frame quantum. The difference is what the meter adds to the audio thread.
//
//   node bench/browser-worklet.mjs            # prints one JSON line
//   import { benchBrowserWorklet } from './browser-worklet.mjs'
//
// Needs build/busmeter.wasm (npm run build:kernel) and /usr/bin/chromium.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './median.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @param {{ seconds?: number, sampleRate?: number, runs?: number, executablePath?: string }} [options]
 * @returns {Promise<{ seconds: number, sampleRate: number, quanta: number, runs: number,
 *   usPerQuantumWithMeter: number, usPerQuantumWithout: number, usPerQuantumMeter: number,
 *   realtimeShare: number, renderMsWithMeter: number, renderMsWithout: number }>}
 */
export async function benchBrowserWorklet(options = {}) {
  const { seconds = 60, sampleRate = 48000, runs = 5, executablePath = '/usr/bin/chromium' } = options;
  if (!existsSync(join(root, 'build', 'busmeter.wasm'))) throw new Error('build/busmeter.wasm missing: run "npm run build:kernel"');
  const { createServer } = await import('vite');
  const { chromium } = await import('playwright-core');
  const cacheDir = mkdtempSync(join(tmpdir(), 'busmeter-bench-vite-'));
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'error',
    cacheDir,
    optimizeDeps: { noDiscovery: true, include: [] },
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
  });
  let browser;
  try {
    await server.listen();
    const { port } = server.httpServer.address();
    browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/tests/pages/meter-harness.html`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    const run = (withMeter) => page.evaluate((o) => window.harness.timeOffline(o), { sampleRate, seconds, withMeter });
    await run(true); // warm-up: compile, JIT, worklet module
    await run(false);
    const withMeter = [];
    const without = [];
    for (let i = 0; i < runs; i++) {
      withMeter.push(await run(true));
      without.push(await run(false));
    }
    const quanta = withMeter[0].quanta;
    const msWith = median(withMeter.map((r) => r.ms));
    const msWithout = median(without.map((r) => r.ms));
    const usPerQuantumWithMeter = (msWith * 1000) / quanta;
    const usPerQuantumWithout = (msWithout * 1000) / quanta;
    const usPerQuantumMeter = usPerQuantumWithMeter - usPerQuantumWithout;
    const quantumUs = (128 / sampleRate) * 1e6;
    return {
      seconds, sampleRate, quanta, runs,
      usPerQuantumWithMeter, usPerQuantumWithout, usPerQuantumMeter,
      /** Share of the real-time budget of one quantum (2667 µs at 48 kHz) the meter uses. */
      realtimeShare: usPerQuantumMeter / quantumUs,
      renderMsWithMeter: msWith, renderMsWithout: msWithout,
    };
  } finally {
    await browser?.close();
    await server.close();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await benchBrowserWorklet();
  console.log(JSON.stringify(result));
}
