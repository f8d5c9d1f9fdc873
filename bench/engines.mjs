// The worklet's cost per render quantum in Firefox and WebKit, measured as
// bench/browser-worklet.mjs measures it in Chromium (the harness page's timeOffline: stereo noise
// at 48 kHz through an OfflineAudioContext with and without the meter node, medians), through the
// test suite's engine harness (tests/support/engines, loaded with Vite's SSR loader, since it is
// TypeScript). The panel's main-thread cost is Chromium's only: it is read from DevTools'
// Performance.getMetrics (the renderer main thread's CPU time), and neither WebDriver BiDi
// (Firefox) nor WebKit's WebDriver gives a thread's CPU time.
//
//   node bench/engines.mjs            # prints one JSON line per engine

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './median.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const PANEL_NOT_MEASURED = 'not measured: neither WebDriver BiDi (Firefox) nor WebKit\'s WebDriver gives a thread\'s CPU time, which the Chromium figure reads from DevTools (Performance.getMetrics)';

/**
 * @param {'chromium' | 'firefox' | 'webkit'} engineName
 * @param {{ seconds?: number, sampleRate?: number, runs?: number }} [options]
 */
export async function benchEngineWorklet(engineName, options = {}) {
  const { seconds = 30, sampleRate = 48000, runs = 5 } = options;
  const { createServer } = await import('vite');
  const cacheDir = mkdtempSync(join(tmpdir(), 'busmeter-bench-engines-'));
  const loader = await createServer({
    root, configFile: false, logLevel: 'error', cacheDir, appType: 'custom',
    optimizeDeps: { noDiscovery: true, include: [] },
    server: { middlewareMode: true, hmr: false, watch: null },
  });
  let engine;
  let served;
  try {
    const { launchEngine } = await loader.ssrLoadModule('/tests/support/engines/index.ts');
    const { serveDev } = await loader.ssrLoadModule('/tests/support/engines/serve.ts');
    served = await serveDev();
    engine = await launchEngine(engineName);
    const page = await engine.open(`${served.url}tests/pages/meter-harness.html`);
    await page.waitFor('the harness ready', () => document.getElementById('status')?.textContent === 'ready', { timeoutMs: 60_000 });
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
    const usPerQuantumWithMeter = (median(withMeter.map((r) => r.ms)) * 1000) / quanta;
    const usPerQuantumWithout = (median(without.map((r) => r.ms)) * 1000) / quanta;
    const usPerQuantumMeter = usPerQuantumWithMeter - usPerQuantumWithout;
    return {
      engine: engineName, seconds, sampleRate, quanta, runs,
      usPerQuantumWithMeter, usPerQuantumWithout, usPerQuantumMeter,
      realtimeShare: usPerQuantumMeter / ((128 / sampleRate) * 1e6),
    };
  } finally {
    await engine?.close();
    await served?.close();
    await loader.close();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const name of process.argv.slice(2).length ? process.argv.slice(2) : ['firefox', 'webkit']) {
    console.log(JSON.stringify(await benchEngineWorklet(name)));
  }
}
