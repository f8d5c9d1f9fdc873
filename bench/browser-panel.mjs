// Main-thread cost of drawing the full panel in real Chromium: the built app plays its pink-noise
// test signal through the meter, and Chrome's own accounting (DevTools Protocol
// Performance.getMetrics: ThreadTime, the CPU time of the renderer's main thread) is sampled over
// a measured span. CPU time, not the wall time of tasks (TaskDuration, also reported): on a busy
// machine a task's wall time includes the time the thread waited for a core. The same span is measured with the meter stopped (the page idle, an empty
// animation-frame loop running) as the baseline, so the difference is what drawing the panel
// costs; then again with the panel's analysis views hidden (`no-analysis`: level meters,
// headroom, warnings and history only). The peer, in the same browser: the smallest animated meter there is, one canvas bar
// redrawn every frame. Headless Chromium composites in software here, which makes every drawn
// frame dearer than on a machine with a GPU.
//
// The panel draws its moving canvases in a worker (src/paint/live-canvas.ts), which the
// main thread's figure does not see. So every span also reads the CPU time of the whole browser
// (DevTools SystemInfo.getProcessInfo: all processes, all threads), and the same app is measured
// drawing on the main thread (`?paint=main`). The whole browser's "playing − idle" includes the
// audio path (the worklet, the kernel, the analysis), the same in both modes.
//
// Each page is measured in several rounds, alternating, and every figure is the median of its rounds.
//
//   node bench/browser-panel.mjs              # prints one JSON line
//   import { benchBrowserPanel } from './browser-panel.mjs'
//
// Needs /usr/bin/chromium. Builds the app into a temporary folder (vite build) and serves it
// with vite preview, as `npm start` users get it.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './median.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @param {{ seconds?: number, rounds?: number, executablePath?: string }} [options]
 *   `rounds` measurements of each page, alternating (worker, main-thread drawing, peer, and
 *   again): every figure is the median of its rounds, each round's "playing − idle" taken within
 *   the round. One span's idle baseline wanders by ±5 ms/s from page to page here, as much as
 *   some of the differences measured.
 * @returns {Promise<{ seconds: number, rounds: number, framesPerSecond: number, idleFramesPerSecond: number, peerBusyMsPerSecond: number, peerDrawingMsPerSecond: number, vsOneBar: number,
 *   busyMsPerSecond: number, idleBusyMsPerSecond: number, drawingMsPerSecond: number, drawingRoundsMsPerSecond: number[],
 *   coreShare: number, msPerFrame: number }>}
 */
export async function benchBrowserPanel(options = {}) {
  const { seconds = 8, rounds = 3, executablePath = '/usr/bin/chromium' } = options;
  const { build, preview } = await import('vite');
  const { chromium } = await import('playwright-core');
  const scratch = mkdtempSync(join(tmpdir(), 'busmeter-bench-panel-'));
  const outDir = join(scratch, 'dist-app');
  const configFile = join(root, 'vite.config.ts');
  let server;
  let browser;
  try {
    await build({ root, configFile, logLevel: 'error', cacheDir: join(scratch, 'vite-cache'), build: { outDir, emptyOutDir: true } });
    server = await preview({
      root, configFile, logLevel: 'error', cacheDir: join(scratch, 'vite-cache'),
      build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--autoplay-policy=no-user-gesture-required'],
    });
    const browserCdp = await browser.newBrowserCDPSession();
    /** CPU seconds of every process of the browser (renderer, GPU / display compositor, browser). */
    const browserCpu = async () => {
      const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
      return processInfo.reduce((sum, p) => sum + p.cpuTime, 0);
    };
    const url = server.resolvedUrls.local[0];
    const worker = [];
    const mainThread = [];
    const peer = [];
    for (let round = 0; round < rounds; round++) {
      worker.push(await measureApp(browser, url, seconds, browserCpu));
      // The same app drawing its meters on the main thread (`?paint=main`), for comparison.
      mainThread.push(await measureApp(browser, `${url}?paint=main`, seconds, browserCpu));
      peer.push(await measurePeer(browser, seconds));
    }
    /** Median over the rounds of `value(round)`. */
    const over = (runs, value) => median(runs.map(value));
    const drawingRoundsMsPerSecond = worker.map((r) => r.playing.busyMsPerSecond - r.idle.busyMsPerSecond);
    const drawingMsPerSecond = median(drawingRoundsMsPerSecond);
    const metersDrawingMsPerSecond = over(worker, (r) => r.meters.busyMsPerSecond - r.idle.busyMsPerSecond);
    const peerDrawingMsPerSecond = over(peer, (r) => r.busy - r.idle);
    const framesPerSecond = over(worker, (r) => r.playing.framesPerSecond);
    return {
      seconds,
      rounds,
      framesPerSecond,
      idleFramesPerSecond: over(worker, (r) => r.idle.framesPerSecond),
      busyMsPerSecond: over(worker, (r) => r.playing.busyMsPerSecond),
      idleBusyMsPerSecond: over(worker, (r) => r.idle.busyMsPerSecond),
      /** Wall time of the main thread's tasks while playing, and idle (includes waiting for a core). */
      taskMsPerSecond: over(worker, (r) => r.playing.taskMsPerSecond),
      idleTaskMsPerSecond: over(worker, (r) => r.idle.taskMsPerSecond),
      drawingMsPerSecond,
      /** Each round's figure, in order. */
      drawingRoundsMsPerSecond,
      /** Share of one core the panel's drawing takes (main thread busy time, minus the idle page's). */
      coreShare: drawingMsPerSecond / 1000,
      msPerFrame: drawingMsPerSecond / framesPerSecond,
      /** The same for the panel without the analysis views (`no-analysis`). */
      metersBusyMsPerSecond: over(worker, (r) => r.meters.busyMsPerSecond),
      metersDrawingMsPerSecond,
      metersCoreShare: metersDrawingMsPerSecond / 1000,
      peerBusyMsPerSecond: over(peer, (r) => r.busy),
      peerDrawingMsPerSecond,
      /** The full panel's drawing cost over the one-bar peer's. */
      vsOneBar: drawingMsPerSecond / peerDrawingMsPerSecond,
      /** CPU of the whole browser (all processes, all threads: the paint worker included) for the full panel, ms/s. */
      browserDrawingMsPerSecond: over(worker, (r) => r.playing.browserMsPerSecond - r.idle.browserMsPerSecond),
      /** The same app drawing on the main thread (`?paint=main`): main thread, and whole browser. */
      mainThreadPainting: {
        drawingMsPerSecond: over(mainThread, (r) => r.playing.busyMsPerSecond - r.idle.busyMsPerSecond),
        drawingRoundsMsPerSecond: mainThread.map((r) => r.playing.busyMsPerSecond - r.idle.busyMsPerSecond),
        metersDrawingMsPerSecond: over(mainThread, (r) => r.meters.busyMsPerSecond - r.idle.busyMsPerSecond),
        browserDrawingMsPerSecond: over(mainThread, (r) => r.playing.browserMsPerSecond - r.idle.browserMsPerSecond),
      },
    };
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The peer: one 36 × 240 px canvas bar redrawn every frame (as a one-bar level meter), on a page
 * of its own; its idle baseline first (the same frame loop, drawing nothing), then drawing.
 * Main-thread CPU ms per second of each. Closes the page.
 */
async function measurePeer(browser, seconds) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.setContent('<body style="margin:0;background:#101215"><canvas width="36" height="240"></canvas></body>');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  const busy = async () => {
    const metric = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return { cpu: metrics.find((m) => m.name === 'ThreadTime').value, time: metrics.find((m) => m.name === 'Timestamp').value };
    };
    const before = await metric();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const after = await metric();
    return ((after.cpu - before.cpu) / (after.time - before.time)) * 1000;
  };
  await page.evaluate(() => {
    const g = document.querySelector('canvas').getContext('2d');
    window.__draw = false;
    const loop = (t) => {
      if (window.__draw) {
        const level = 120 + 100 * Math.sin(t / 300);
        g.fillStyle = '#1b1f25';
        g.fillRect(0, 0, 36, 240);
        g.fillStyle = '#3fcf72';
        g.fillRect(0, 240 - level, 36, level);
      }
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
  const idle = await busy();
  await page.evaluate(() => {
    window.__draw = true;
  });
  const drawing = await busy();
  await page.close();
  return { idle, busy: drawing };
}

/**
 * One app page: idle (meter stopped, an empty frame loop running), playing pink noise through
 * the full panel, then the panel with `no-analysis`. Main-thread CPU (ThreadTime) and the whole
 * browser's CPU per second of wall time, for each span. Closes the page.
 */
async function measureApp(browser, url, seconds, browserCpu) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.locator('busmeter-panel').waitFor({ state: 'attached' });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });

  /** Main-thread busy time per second of wall time, and animation frames per second. */
  const sample = async () => {
    const metric = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
      return { cpu: get('ThreadTime'), task: get('TaskDuration'), time: get('Timestamp'), browser: await browserCpu() };
    };
    const before = await metric();
    const framesBefore = await page.evaluate(() => window.__benchFrames);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const after = await metric();
    const framesAfter = await page.evaluate(() => window.__benchFrames);
    const wall = after.time - before.time;
    return {
      busyMsPerSecond: ((after.cpu - before.cpu) / wall) * 1000,
      taskMsPerSecond: ((after.task - before.task) / wall) * 1000,
      browserMsPerSecond: ((after.browser - before.browser) / wall) * 1000,
      framesPerSecond: (framesAfter - framesBefore) / wall,
    };
  };

  // One frame counter for the whole run (counting costs the same in every span).
  await page.evaluate(() => {
    window.__benchFrames = 0;
    const count = () => { window.__benchFrames++; requestAnimationFrame(count); };
    requestAnimationFrame(count);
  });
  const idle = await sample();
  await page.locator('input[name="source"][value="signal"]').check();
  await page.locator('#signal').selectOption('pink');
  await page.locator('#signal-start').click();
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'playing', null, { timeout: 15_000 });
  await new Promise((resolve) => setTimeout(resolve, 2000)); // past start-up work (module compile, first layout)
  const playing = await sample();
  // The level meters alone (peak, loudness, headroom, warnings, history): the panel with
  // `no-analysis`, i.e. without spectrum, goniometer, correlation and balance.
  await page.evaluate(() => {
    document.querySelector('busmeter-panel').noAnalysis = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const meters = await sample();
  await page.close();
  return { idle, playing, meters };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await benchBrowserPanel();
  console.log(JSON.stringify(result));
}
