// The Lit components in real Chromium, driven by a fake Meter: an EventTarget whose `readings`
// the test sets, exactly as the contract in src/live/meter-types.ts describes (readings updated in
// place, one 'readings' event per frame, 'reset' and 'error' events). The live meter itself is
// tested end to end in tests/app.test.ts.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/chromium.js';

const root = join(import.meta.dirname, '..');

// The page: the components plus a FakeMeter class, served by Vite at /__components.html.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>busmeter components</title></head>
<body>
<script type="module">
import '/src/components/index.ts';
import { liveCanvas, paintsInWorker, whenPainted } from '/src/paint/live-canvas.ts';
import { onFrame } from '/src/live/frame-loop.ts';
import { createReadings } from '/src/engine/readings.ts';
import { createSpectrumReadings, createStereoReadings } from '/src/engine/analysis-readings.ts';

class FakeMeter extends EventTarget {
  constructor(labels = ['L', 'R']) {
    super();
    this.layout = { name: 'custom', labels: [...labels], weights: labels.map(() => 1) };
    this.sampleRate = 48000;
    this.transport = 'messages';
    this.paused = false;
    this.resets = 0;
    this.readings = createReadings(labels);
    this.readings.sampleRate = 48000;
    this.spectrum = createSpectrumReadings();
    this.stereo = createStereoReadings();
    this.configured = [];
  }
  configureSpectrum(options) { this.configured.push(options); }
  configureStereo(options) { this.configured.push(options); }
  clearSpectrumPeak() {}
  /** A spectrum of points log-spaced points, 20 Hz … 20 kHz: level(hz) and peak(hz) in dB; one spectrum event. */
  pushSpectrum(level, peak = level, points = 512) {
    const s = this.spectrum;
    Object.assign(s, { enabled: true, frames: s.frames + 1, framesSinceRead: 1, fftSize: 8192, sampleRate: 48000, pointCount: points });
    for (let i = 0; i < points; i++) {
      const hz = 20 * 1000 ** (i / (points - 1));
      s.frequencyHz[i] = hz;
      s.levelDb[i] = level(hz);
      s.peakDb[i] = peak(hz);
    }
    this.dispatchEvent(new CustomEvent('spectrum', { detail: s }));
  }
  /** Sets stereo fields and goniometer points ([x, y] pairs); one 'stereo' event. */
  pushStereo(patch = {}, points = []) {
    const s = this.stereo;
    Object.assign(s, { enabled: true }, patch);
    s.goniometerPoints = points.length;
    points.forEach(([x, y], i) => { s.goniometer[2 * i] = x; s.goniometer[2 * i + 1] = y; });
    this.dispatchEvent(new CustomEvent('stereo', { detail: s }));
  }
  /** Sets header fields and per-channel fields (in place). */
  set(patch = {}, channels = []) {
    Object.assign(this.readings, patch);
    channels.forEach((c, i) => c && Object.assign(this.readings.channels[i], c));
  }
  /** Sets, advances the audio clock by \`frames\` and sends one 'readings' event. */
  push(patch = {}, channels = [], frames = 800) {
    this.set(patch, channels);
    this.readings.frames += frames;
    this.dispatchEvent(new CustomEvent('readings', { detail: this.readings }));
  }
  reset() {
    const fresh = createReadings(this.layout.labels);
    const channels = this.readings.channels;
    Object.assign(this.readings, fresh, { channels, sampleRate: this.sampleRate });
    channels.forEach((c, i) => Object.assign(c, fresh.channels[i]));
    this.resets++;
    this.dispatchEvent(new Event('reset'));
  }
  fail(where, message) {
    this.dispatchEvent(new CustomEvent('error', { detail: { where, message } }));
  }
  pause() { this.paused = true; }
  resume() { this.paused = false; }
  dispose() {}
}
window.FakeMeter = FakeMeter;
window.frames = (n = 2) => new Promise((resolve) => {
  const step = () => (--n <= 0 ? resolve() : requestAnimationFrame(step));
  requestAnimationFrame(step);
});
/**
 * The pixels of a canvas as shown: live canvases are drawn in the paint worker, so wait until
 * its drawing is on the page, then read a copy (a canvas handed to the worker has no 2D context here).
 */
window.paintsInWorker = paintsInWorker;
window.liveCanvas = liveCanvas;
window.onFrame = onFrame;
window.canvasPixels = async (cv) => {
  await whenPainted();
  const copy = new OffscreenCanvas(cv.width, cv.height).getContext('2d');
  copy.drawImage(cv, 0, 0);
  return copy.getImageData(0, 0, cv.width, cv.height);
};
window.sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Numbers and words refresh at most 10 times a second: wait for the next refresh. */
window.settle = async () => { await window.sleep(120); await window.frames(2); };
/** Mounts markup, gives every busmeter element the meter, waits for the first render. */
window.mount = async (markup, meter) => {
  document.body.innerHTML = markup;
  const els = [...document.body.querySelectorAll('*')].filter((e) => e.localName.startsWith('busmeter-'));
  if (meter) for (const el of els) el.meter = meter;
  await Promise.all(els.map((e) => e.updateComplete));
  await window.frames(2);
  return els;
};
/** A correlation view fed the same correlation (and minimum) every frame for 0.7 s, its numbers refreshed. */
window.correlationHeldAt = async (correlation, correlationMin) => {
  const m = new FakeMeter(['L', 'R']);
  const [el] = await window.mount('<busmeter-correlation></busmeter-correlation>', m);
  const t0 = performance.now();
  while (performance.now() - t0 < 700) {
    m.pushStereo({ correlation, correlationMin });
    await window.frames(1);
  }
  await window.settle();
  return el;
};
document.body.dataset.ready = 'true';
</script>
</body></html>`;

function componentsPage(): Plugin {
  return {
    name: 'busmeter-components-page',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const pages: Record<string, string> = {
          '/__components.html': PAGE,
          // The same page, not cross-origin isolated: drawing reaches the paint worker as messages.
          '/__components-messages.html': PAGE,
          // A page that refuses workers by Content-Security-Policy: the paint worker cannot start.
          '/__components-no-workers.html': PAGE.replace('<head>', `<head><meta http-equiv="Content-Security-Policy" content="worker-src 'none'">`),
        };
        const url = req.url ?? '';
        const page = pages[url];
        if (!page) return next();
        // Cross-origin isolated, as the app is served (the scripts too: server.headers below):
        // drawing reaches the paint worker through a SharedArrayBuffer ring. The messages page is not.
        if (url !== '/__components-messages.html') {
          res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
          res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
        }
        server
          .transformIndexHtml(url, page)
          .then((html) => {
            res.setHeader('content-type', 'text/html');
            res.end(html);
          })
          .catch(next);
      });
    },
  };
}

let server: ViteDevServer;
let browser: BrowserContext;
let page: Page;
let scratch: string;
let pageErrors: string[] = [];

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'busmeter-components-'));
  server = await createServer({
    root,
    configFile: false,
    cacheDir: join(scratch, 'vite-cache'),
    logLevel: 'warn',
    plugins: [componentsPage()],
    server: {
      host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null,
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    },
  });
  await server.listen();
  browser = await chromium.launchPersistentContext(join(scratch, 'profile'), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: [...CHROMIUM_ARGS],
  });
  page = await openPage('/__components.html', [], browser.pages()[0]);
});

/**
 * Opens one of the test pages (in `into`, else a new tab) and waits until it is ready; its page
 * errors go to pageErrors, its console warnings to `warnings`.
 */
async function openPage(path: string, warnings: string[] = [], into?: Page): Promise<Page> {
  const p = into ?? (await browser.newPage());
  p.on('pageerror', (error) => pageErrors.push(error.message));
  p.on('console', (message) => { if (message.type() === 'warning') warnings.push(message.text()); });
  await p.goto(new URL(path, server.resolvedUrls!.local[0]).href);
  await p.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 60_000 });
  return p;
}

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  pageErrors = [];
});

/**
 * The text a shadow-DOM element found by a (shadow-piercing) CSS selector shows: a readout drawn
 * on a canvas holds it in data-text (that it is drawn is tested under 'canvas readouts'), other
 * elements in their text.
 */
async function text(selector: string): Promise<string> {
  return page.locator(selector).first().evaluate((e) => (e as HTMLElement).dataset.text ?? e.textContent ?? '');
}

describe('rendering and ARIA', () => {
  it('every meter has role="meter", a named quantity, a range and a value', async () => {
    await page.evaluate(async () => {
      const m = new (window as any).FakeMeter(['L', 'R']);
      (window as any).m = m;
      await (window as any).mount(
        `<busmeter-peak-meter></busmeter-peak-meter><busmeter-loudness-meter></busmeter-loudness-meter>
         <busmeter-headroom></busmeter-headroom><busmeter-loudness-history></busmeter-loudness-history>
         <busmeter-warnings></busmeter-warnings>`,
        m,
      );
      // Steady readings for longer than the ARIA throttle interval (500 ms).
      const t0 = performance.now();
      while (performance.now() - t0 < 700) {
        m.push(
          { momentaryLufs: -20, shortTermLufs: -21, integratedLufs: -22, truePeakMaxDbtp: -6, samplePeakMaxDbfs: -9 },
          [{ samplePeakDbfs: -9, truePeakDbtp: -6 }, { samplePeakDbfs: -10, truePeakDbtp: -7 }],
        );
        await (window as any).frames(1);
      }
    });
    const meters = await page.locator('[role="meter"]').evaluateAll((els) =>
      els.map((e) => ({
        label: e.getAttribute('aria-label'),
        min: Number(e.getAttribute('aria-valuemin')),
        max: Number(e.getAttribute('aria-valuemax')),
        now: Number(e.getAttribute('aria-valuenow')),
        text: e.getAttribute('aria-valuetext'),
      })),
    );
    const labels = meters.map((m) => m.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        'True peak, L', 'True peak, R', 'Sample peak, L', 'Sample peak, R',
        'Momentary loudness', 'Short-term loudness', 'Integrated loudness',
        'Headroom: max true peak since reset, dBTP',
      ]),
    );
    for (const m of meters) {
      expect(Number.isFinite(m.min) && Number.isFinite(m.max) && m.max > m.min, `${m.label} range`).toBe(true);
      expect(m.now >= m.min && m.now <= m.max, `${m.label} value ${m.now}`).toBe(true);
      expect(m.text, `${m.label} valuetext`).toBeTruthy();
    }
    const tpL = meters.find((m) => m.label === 'True peak, L')!;
    expect(tpL).toMatchObject({ min: -60, max: 3, now: -6, text: '\u22126.0 dBTP' });
    const momentary = meters.find((m) => m.label === 'Momentary loudness')!;
    expect(momentary).toMatchObject({ min: -41, max: -14, now: -20 });
    // Channel labels come from meter.layout.labels.
    expect(await page.locator('busmeter-peak-meter [part~="label"]').allTextContents()).toEqual(['L', 'R']);
    // Numbers: stable data-value attributes with the raw reading.
    expect(await page.locator('busmeter-peak-meter [part~="true-peak-max"]').getAttribute('data-value')).toBe('-6.00');
    expect(await page.locator('busmeter-loudness-meter [data-reading="integrated"]').getAttribute('data-value')).toBe('-22.00');
    expect(await text('busmeter-loudness-meter [data-reading="integrated"]')).toBe('\u221222.0');
    expect(pageErrors).toEqual([]);
  });

  it('channel labels follow the layout (5.1)', async () => {
    const labels = await page.evaluate(async () => {
      const m = new (window as any).FakeMeter(['L', 'R', 'C', 'LFE', 'Ls', 'Rs']);
      await (window as any).mount('<busmeter-peak-meter></busmeter-peak-meter>', m);
      return [...document.querySelector('busmeter-peak-meter')!.shadowRoot!.querySelectorAll('[part~="bar"]')].map((e) =>
        e.getAttribute('aria-label'),
      );
    });
    expect(labels).toEqual(['True peak, L', 'True peak, R', 'True peak, C', 'True peak, LFE', 'True peak, Ls', 'True peak, Rs']);
  });

  it('aria-valuenow changes at most twice a second while readings change every frame', async () => {
    const result = await page.evaluate(async () => {
      const w = window as any;
      const m = new w.FakeMeter(['L', 'R']);
      const [pm, lm] = await w.mount('<busmeter-peak-meter></busmeter-peak-meter><busmeter-loudness-meter></busmeter-loudness-meter>', m);
      const watched = [
        pm.shadowRoot.querySelector('[part~="bar"]'),
        pm.shadowRoot.querySelector('.sp-meter'),
        lm.shadowRoot.querySelector('[data-reading-bar="momentary"]'),
      ];
      const times: number[][] = watched.map(() => []);
      const observers = watched.map((el, i) => {
        const mo = new MutationObserver((records) => {
          for (const r of records) if (r.attributeName === 'aria-valuenow') times[i].push(performance.now());
        });
        mo.observe(el, { attributes: true, attributeFilter: ['aria-valuenow'] });
        return mo;
      });
      const t0 = performance.now();
      let events = 0;
      await new Promise<void>((resolve) => {
        const step = () => {
          const t = performance.now() - t0;
          // Rising 40 dB over the 3 s, wobbling every frame: each half second's loudest peak differs
          // from the last (a steady wobble's peaks could round to one text, which is not re-announced).
          const level = -50 + (40 * t) / 3000 + 2 * Math.sin(t / 40);
          m.push({ momentaryLufs: level }, [
            { samplePeakDbfs: level, truePeakDbtp: level + 0.5 },
            { samplePeakDbfs: level, truePeakDbtp: level + 0.5 },
          ]);
          events++;
          if (t < 3000) requestAnimationFrame(step);
          else resolve();
        };
        requestAnimationFrame(step);
      });
      observers.forEach((o) => o.disconnect());
      return { events, elapsed: performance.now() - t0, times: times.map((list) => list.map((t) => t - t0)) };
    });
    expect(result.events).toBeGreaterThan(60);
    for (const [i, times] of result.times.entries()) {
      const seen = `meter ${i}: updates at ${times.map((t) => Math.round(t)).join(', ')} ms of ${result.events} frames`;
      // ≤ 2 updates a second: at most 7 in 3 s (the first one may come at once), and some.
      expect(times.length, seen).toBeGreaterThanOrEqual(3);
      expect(times.length, seen).toBeLessThanOrEqual(7);
      for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(480);
    }
  });

  it('a peak meter announces the loudest peak since its last announcement: one loud frame among quiet ones is heard, not lost to the throttle', async () => {
    const announced = await page.evaluate(async () => {
      const w = window as any;
      const m = new w.FakeMeter(['L']);
      const [pm] = await w.mount('<busmeter-peak-meter></busmeter-peak-meter>', m);
      const bar = pm.shadowRoot.querySelector('[part~="bar"]');
      const sp = pm.shadowRoot.querySelector('.sp-meter');
      const quiet = async (frames: number) => {
        for (let i = 0; i < frames; i++) {
          m.push({}, [{ samplePeakDbfs: -40, truePeakDbtp: -40 }]);
          await w.frames(1);
        }
      };
      // Quiet until the throttle has spoken, then one frame at −3 dBTP / −4 dBFS and quiet again
      // for longer than the 500 ms interval: the next announcement carries the −3.
      await quiet(40);
      m.push({}, [{ samplePeakDbfs: -4, truePeakDbtp: -3 }]);
      await w.frames(1);
      const t0 = performance.now();
      const values: string[][] = [];
      while (performance.now() - t0 < 1200) {
        await quiet(1);
        values.push([bar.getAttribute('aria-valuenow'), sp.getAttribute('aria-valuenow')]);
      }
      return values;
    });
    expect(announced.some(([tp, sp]) => tp === '-3.0' && sp === '-4.0'), JSON.stringify(announced)).toBe(true);
    // And once the interval has passed with quiet frames only, it says so.
    expect(announced[announced.length - 1]).toEqual(['-40.0', '-40.0']);
  });
});

describe('peak meter', () => {
  it('latches the clip light on a new clip run, a new true-peak over or TP > 0 dBTP; click, Enter and Space clear it', async () => {
    const state = () =>
      page.evaluate(() =>
        [...document.querySelector('busmeter-peak-meter')!.shadowRoot!.querySelectorAll('[part~="clip"]')].map(
          (b) => (b as HTMLElement).dataset.latched,
        ),
      );
    await page.evaluate(async () => {
      const w = window as any;
      const m = new w.FakeMeter(['L', 'R']);
      w.m = m;
      w.clipEvents = [];
      await w.mount('<busmeter-peak-meter></busmeter-peak-meter>', m);
      document.querySelector('busmeter-peak-meter')!.addEventListener('busmeter-clip', (e) => w.clipEvents.push((e as CustomEvent).detail));
      m.push({}, [{ samplePeakDbfs: -3, truePeakDbtp: -2 }, { samplePeakDbfs: -3, truePeakDbtp: -2 }]);
      await w.frames(2);
    });
    expect(await state()).toEqual(['false', 'false']);

    // A clip run on R.
    await page.evaluate(async () => {
      const w = window as any;
      w.m.push({ clipRuns: 1 }, [{}, { samplePeakDbfs: 0, truePeakDbtp: -0.1, clipRuns: 1 }]);
      await w.frames(2);
    });
    expect(await state()).toEqual(['false', 'true']);
    expect(await page.evaluate(() => (window as any).clipEvents)).toEqual([{ channel: 1, label: 'R', reason: 'clip-run' }]);
    expect(await text('busmeter-peak-meter [part~="clip"][data-channel="1"]')).toBe('OVER');

    // Cleared by a click; the same count again does not re-latch it.
    await page.locator('busmeter-peak-meter [part~="clip"][data-channel="1"]').click();
    await page.evaluate(async () => {
      const w = window as any;
      w.m.push({}, [{}, { samplePeakDbfs: -1, truePeakDbtp: -0.5 }]);
      await w.frames(2);
    });
    expect(await state()).toEqual(['false', 'false']);

    // True peak above 0 dBTP on L, then cleared with Enter.
    await page.evaluate(async () => {
      const w = window as any;
      w.m.push({}, [{ samplePeakDbfs: -0.3, truePeakDbtp: 0.4 }, {}]);
      await w.frames(2);
    });
    expect(await state()).toEqual(['true', 'false']);
    await page.locator('busmeter-peak-meter [part~="clip"][data-channel="0"]').focus();
    await page.keyboard.press('Enter');
    expect(await state()).toEqual(['false', 'false']);

    // A new true-peak over on L (TP since read below 0 this frame), cleared with Space.
    await page.evaluate(async () => {
      const w = window as any;
      w.m.push({ truePeakOvers: 3 }, [{ samplePeakDbfs: -2, truePeakDbtp: -1, truePeakOvers: 3 }, {}]);
      await w.frames(2);
    });
    expect(await state()).toEqual(['true', 'false']);
    await page.locator('busmeter-peak-meter [part~="clip"][data-channel="0"]').focus();
    await page.keyboard.press('Space');
    expect(await state()).toEqual(['false', 'false']);
    expect(await page.locator('busmeter-peak-meter [part~="clip"][data-channel="0"]').getAttribute('aria-label')).toBe('No clip on L');
  });

  it('falls back at 20 dB in 1.7 s after a peak, holds for holdMs, holdMs = 0 holds until reset', async () => {
    const result = await page.evaluate(async () => {
      const w = window as any;
      const m = new w.FakeMeter(['L', 'R']);
      const [short, infinite] = await w.mount(
        '<busmeter-peak-meter hold-ms="300"></busmeter-peak-meter><busmeter-peak-meter hold-ms="0"></busmeter-peak-meter>',
        m,
      );
      m.push({}, [{ samplePeakDbfs: -10, truePeakDbtp: -8 }, { samplePeakDbfs: -10, truePeakDbtp: -8 }]);
      await w.frames(2);
      const t0 = performance.now();
      // Silence since then, every frame, for a second.
      await new Promise<void>((resolve) => {
        const step = () => {
          m.push({}, [{ samplePeakDbfs: -200, truePeakDbtp: -200 }, { samplePeakDbfs: -200, truePeakDbtp: -200 }]);
          if (performance.now() - t0 < 1000) requestAnimationFrame(step);
          else resolve();
        };
        requestAnimationFrame(step);
      });
      const elapsed = (performance.now() - t0) / 1000;
      const a = short.displayed;
      const b = infinite.displayed;
      m.reset();
      await w.frames(2);
      return { elapsed, a, b, afterReset: infinite.displayed };
    });
    const fall = 20 / 1.7;
    const expected = -10 - fall * result.elapsed;
    expect(result.a.samplePeak[0]).toBeGreaterThan(expected - 1.5);
    expect(result.a.samplePeak[0]).toBeLessThan(expected + 1.5);
    expect(result.a.truePeak[0]).toBeCloseTo(result.a.samplePeak[0] + 2, 0);
    // holdMs 300: the hold marker has been falling for ~0.7 s.
    expect(result.a.holdSamplePeak[0]).toBeLessThan(-10 - fall * 0.4);
    expect(result.a.holdSamplePeak[0]).toBeGreaterThan(-10 - fall * 1.0);
    // holdMs 0: held.
    expect(result.b.holdSamplePeak[0]).toBe(-10);
    expect(result.b.holdTruePeak[1]).toBe(-8);
    expect(result.afterReset.holdTruePeak[0]).toBe(-200);
  });
});

describe('headroom advice', () => {
  const cases: [string, Record<string, number>, string, string][] = [
    ['−1 dBTP', { truePeakMaxDbtp: -1, samplePeakMaxDbfs: -1.6 }, 'hot',
      '2.0 dB too hot: pull the master fader down 2.0 dB to bring peaks to \u22123 dBFS (the bounce window is \u22126 \u2026 \u22123 dBFS).'],
    ['−4.2 dBTP', { truePeakMaxDbtp: -4.2, samplePeakMaxDbfs: -4.6 }, 'ready',
      'Ready to bounce: peaks at \u22124.2 dBFS, inside \u22126 \u2026 \u22123.'],
    ['−10 dBTP', { truePeakMaxDbtp: -10, samplePeakMaxDbfs: -10.4 }, 'spare',
      '7.0 dB of headroom to spare: you can bring it up by up to 7.0 dB (at least 4.0 dB puts peaks inside \u22126 \u2026 \u22123 dBFS).'],
    ['clipping', { truePeakMaxDbtp: 0.8, samplePeakMaxDbfs: 0, clipRuns: 2, truePeakOvers: 40 }, 'clipping',
      'Clipping: peaks reached +0.8 dBTP, 2 clipped runs. Pull the master fader down 3.8 dB to bring peaks to \u22123 dBFS, then reset the meter and play it again.'],
  ];

  it.each(cases)('%s', async (_name, patch, state, message) => {
    await page.evaluate(async (patch) => {
      const w = window as any;
      const m = new w.FakeMeter(['L', 'R']);
      await w.mount('<busmeter-headroom></busmeter-headroom>', m);
      m.push(patch);
      await w.settle();
    }, patch);
    const el = page.locator('busmeter-headroom [part~="message"]');
    expect(await el.textContent()).toBe(message);
    expect(await el.getAttribute('data-state')).toBe(state);
    const detail = page.locator('busmeter-headroom [part~="detail"]');
    expect(await detail.getAttribute('data-sample-peak')).toBe(patch.samplePeakMaxDbfs.toFixed(2));
    expect(await detail.textContent()).toContain('max sample peak');
  });

  it('a true-peak over alone is clipping too, and clipping stays until reset', async () => {
    const states = await page.evaluate(async () => {
      const w = window as any;
      const m = new w.FakeMeter(['L', 'R']);
      const [hr] = await w.mount('<busmeter-headroom></busmeter-headroom>', m);
      const msg = () => hr.shadowRoot.querySelector('[part~="message"]');
      m.push({ truePeakMaxDbtp: -0.2, samplePeakMaxDbfs: -0.5, truePeakOvers: 1 });
      await w.settle();
      const first = [msg().dataset.state, msg().textContent];
      // The level drops but the over happened: still clipping.
      m.push({});
      await w.settle();
      const second = msg().dataset.state;
      m.reset();
      await w.settle();
      return [first, second, msg().dataset.state, msg().textContent];
    });
    expect(states[0]).toEqual(['clipping', 'Clipping: peaks reached \u22120.2 dBTP, 1 true-peak over. Pull the master fader down 2.8 dB to bring peaks to \u22123 dBFS, then reset the meter and play it again.']);
    expect(states[1]).toBe('clipping');
    expect(states[2]).toBe('waiting');
    expect(states[3]).toBe('Waiting for signal: play the loudest part of the mix.');
  });
});

describe('loudness meter', () => {
  async function zoneOf(target: string | number, integratedLufs: number, theme?: Record<string, string>) {
    return page.evaluate(
      async ({ target, integratedLufs, theme }) => {
        const w = window as any;
        const m = new w.FakeMeter(['L', 'R']);
        const [lm] = await w.mount('<busmeter-loudness-meter></busmeter-loudness-meter>', m);
        lm.target = target;
        for (const [k, v] of Object.entries(theme ?? {})) lm.style.setProperty(k, v);
        await lm.updateComplete;
        m.push({ integratedLufs, momentaryLufs: integratedLufs, shortTermLufs: integratedLufs });
        await w.sleep(150);
        await w.frames(2);
        const el = lm.shadowRoot.querySelector('[data-reading="integrated"]');
        return { zone: el.dataset.zone, color: getComputedStyle(el).color, text: el.dataset.text, target: lm.targetLufs };
      },
      { target, integratedLufs, theme },
    );
  }

  it('colours readings against the target: ±1 LU on target (ok), above (warn), below (neutral)', async () => {
    expect(await zoneOf('ebu-r128', -23.4)).toEqual({ zone: 'on', color: 'rgb(63, 207, 114)', text: '\u221223.4', target: -23 });
    expect(await zoneOf('ebu-r128', -21.5)).toMatchObject({ zone: 'above', color: 'rgb(242, 169, 59)' });
    expect(await zoneOf('ebu-r128', -30)).toMatchObject({ zone: 'below', color: 'rgb(233, 236, 241)' });
    expect(await zoneOf('atsc-a85', -24.9)).toMatchObject({ zone: 'on', target: -24 });
    expect(await zoneOf('streaming', -14.5)).toMatchObject({ zone: 'on', target: -14 });
    expect(await zoneOf('apple-music', -14.5)).toMatchObject({ zone: 'above', target: -16 });
    expect(await zoneOf('deezer', -17)).toMatchObject({ zone: 'below', target: -15 });
    expect(await zoneOf(-18, -18.6)).toMatchObject({ zone: 'on', target: -18 });
    // Themed through the documented custom properties.
    expect(await zoneOf('ebu-r128', -23, { '--busmeter-ok': 'rgb(1, 2, 3)' })).toMatchObject({ zone: 'on', color: 'rgb(1, 2, 3)' });
  });

  it('shows M, S, I, LRA, maxima and PLR; LU mode relative to the target; reset calls the meter', async () => {
    const read = () =>
      page.locator('busmeter-loudness-meter [data-reading]').evaluateAll((els) =>
        Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.reading, [(e as HTMLElement).dataset.value, (e as HTMLElement).dataset.text]])),
      );
    await page.evaluate(async () => {
      const w = window as any;
      const m = new w.FakeMeter(['L', 'R']);
      w.m = m;
      await w.mount('<busmeter-loudness-meter target="-23" scale="ebu18"></busmeter-loudness-meter>', m);
      m.push({
        momentaryLufs: -21, shortTermLufs: -22.5, integratedLufs: -23.2, loudnessRangeLu: 6.3, loudnessRangeHighLufs: -20,
        loudnessRangeLowLufs: -26.3, momentaryMaxLufs: -15.04, shortTermMaxLufs: -19.96, plrLu: 14.1, truePeakMaxDbtp: -9.1,
      });
      await w.sleep(150);
      await w.frames(2);
    });
    expect(await read()).toEqual({
      integrated: ['-23.20', '\u221223.2'],
      momentary: ['-21.00', '\u221221.0'],
      'short-term': ['-22.50', '\u221222.5'],
      'momentary-max': ['-15.04', '\u221215.0'],
      'short-term-max': ['-19.96', '\u221220.0'],
      'loudness-range': ['6.30', '6.3'],
      plr: ['14.10', '14.1'],
    });
    // EBU +18 scale around −23: −59 … −5 LUFS.
    const bar = page.locator('busmeter-loudness-meter [data-reading-bar="momentary"]');
    expect([await bar.getAttribute('aria-valuemin'), await bar.getAttribute('aria-valuemax')]).toEqual(['-59', '-5']);

    await page.locator('busmeter-loudness-meter [part~="unit-toggle"]').click();
    await page.evaluate(() => (window as any).sleep(150));
    const rel = await read();
    expect(rel.momentary[1]).toBe('+2.0');
    expect(rel.integrated[1]).toBe('\u22120.2');
    expect(rel['loudness-range'][1]).toBe('6.3');
    expect([await bar.getAttribute('aria-valuemin'), await bar.getAttribute('aria-valuemax')]).toEqual(['-36', '18']);

    await page.locator('busmeter-loudness-meter [part~="reset"]').click();
    await page.evaluate(() => (window as any).sleep(150));
    expect(await page.evaluate(() => (window as any).m.resets)).toBe(1);
    const after = await read();
    expect(after.integrated).toEqual(['-inf', '\u2014']);
    expect(after['momentary-max']).toEqual(['-inf', '\u2014']);
  });
});

describe('loudness history', () => {
  it('scrolls by audio time: 60 s of readings fill the last third of a 3-minute plot', async () => {
    const result = await page.evaluate(async () => {
      const w = window as any;
      const m = new w.FakeMeter(['L', 'R']);
      const [hi] = await w.mount('<busmeter-loudness-history></busmeter-loudness-history>', m);
      hi.style.setProperty('--busmeter-short-term', 'rgb(255, 0, 255)');
      await w.sleep(1100); // theme is re-read once a second
      // 120 events, half a second of audio each.
      for (let i = 0; i < 120; i++) {
        m.push({ momentaryLufs: -23, momentaryMaxSinceReadLufs: -23, shortTermLufs: -23 }, [], 24000);
        await w.frames(1);
      }
      await w.frames(2);
      // The lines canvas shows pictures (bitmaprenderer): read it through a 2D copy.
      const cv = hi.shadowRoot.querySelector('canvas');
      const { width, height } = cv;
      const copy = new OffscreenCanvas(width, height).getContext('2d')!;
      copy.drawImage(cv, 0, 0);
      const data = copy.getImageData(0, 0, width, height).data;
      let minX = width;
      let maxX = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const k = (y * width + x) * 4;
          if (data[k] > 200 && data[k + 1] < 60 && data[k + 2] > 200) {
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
          }
        }
      }
      return { width, minX, maxX, label: cv.getAttribute('aria-label') };
    });
    const left = 34; // plot starts 34 CSS px in (devicePixelRatio 1 here)
    const plotW = result.width - left;
    const expectedMinX = left + plotW * (1 - 59.5 / 180);
    expect(result.maxX).toBeGreaterThan(result.width - 4);
    expect(Math.abs(result.minX - expectedMinX)).toBeLessThan(plotW * 0.02);
    expect(result.label).toContain('short-term now \u221223.0 LUFS');
  });
});

describe('warnings', () => {
  it('shows bad samples, meter errors and input warnings; dismissable; announced politely and rate-limited', async () => {
    const result = await page.evaluate(async () => {
      const w = window as any;
      const m = new w.FakeMeter(['L', 'R']);
      const input = new EventTarget();
      const [wa] = await w.mount('<busmeter-warnings announce-interval-ms="400"></busmeter-warnings>', m);
      wa.input = input;
      await wa.updateComplete;
      const items = () => [...wa.shadowRoot.querySelectorAll('[part~="message"]')].map((li: any) => [li.dataset.level, li.querySelector('.text').textContent]);
      const announcer = wa.shadowRoot.querySelector('[part~="announcer"]');
      const out: any = { announcerRole: announcer.getAttribute('role'), live: announcer.getAttribute('aria-live') };
      out.empty = wa.shadowRoot.querySelector('[part~="empty"]')?.textContent;
      m.push({ badSamples: 5, badSamplesSinceRead: 5 });
      m.fail('module', 'CompileError: WebAssembly.compile(): expected magic word');
      input.dispatchEvent(new CustomEvent('warnings', { detail: { warnings: ['The browser kept echo cancellation on: levels will be wrong.'] } }));
      await wa.updateComplete;
      out.items = items();
      out.firstAnnouncement = announcer.textContent;
      await w.sleep(500);
      out.secondAnnouncement = announcer.textContent;
      // The input's problem went away.
      input.dispatchEvent(new CustomEvent('warnings', { detail: { warnings: [] } }));
      await wa.updateComplete;
      out.afterInputFixed = items().length;
      // Dismiss the error.
      wa.shadowRoot.querySelector('[data-id="meter-error:module"] [part~="dismiss"]').click();
      await wa.updateComplete;
      out.afterDismiss = items();
      out.stored = sessionStorage.getItem('busmeter-dismissed-warnings');
      m.fail('module', 'CompileError: again');
      await wa.updateComplete;
      out.stillDismissed = items().length;
      m.reset();
      await wa.updateComplete;
      out.afterReset = items().length;
      sessionStorage.clear();
      return out;
    });
    expect(result.announcerRole).toBe('status');
    expect(result.live).toBe('polite');
    expect(result.empty).toBe('No warnings.');
    expect(result.items).toEqual([
      ['warning', 'Warning: 5 NaN/Inf samples in the input were measured as silence.'],
      ['error', 'Error: The measuring module failed to load: CompileError: WebAssembly.compile(): expected magic word'],
      ['warning', 'Warning: The browser kept echo cancellation on: levels will be wrong.'],
    ]);
    // Rate-limited: the first message at once, the other two together after the interval.
    expect(result.firstAnnouncement).toBe('Warning: 5 NaN/Inf samples in the input were measured as silence.');
    expect(result.secondAnnouncement).toBe(
      '2 new messages. Error: The measuring module failed to load: CompileError: WebAssembly.compile(): expected magic word Warning: The browser kept echo cancellation on: levels will be wrong.',
    );
    expect(result.afterInputFixed).toBe(2);
    expect(result.afterDismiss).toEqual([['warning', 'Warning: 5 NaN/Inf samples in the input were measured as silence.']]);
    expect(JSON.parse(result.stored)).toEqual(['meter-error:module']);
    expect(result.stillDismissed).toBe(1);
    expect(result.afterReset).toBe(0);
  });

  it('has a plugins slot for the mastering-plugins detector', async () => {
    const result = await page.evaluate(async () => {
      const w = window as any;
      const [wa] = await w.mount('<busmeter-warnings><p slot="plugins" id="plug">A limiter seems to be on the mix bus.</p></busmeter-warnings>');
      await w.frames(2);
      const slot = wa.shadowRoot.querySelector('slot[name="plugins"]');
      return { assigned: slot.assignedElements().map((e: Element) => e.id), empty: !!wa.shadowRoot.querySelector('[part~="empty"]') };
    });
    expect(result).toEqual({ assigned: ['plug'], empty: false });
  });
});

describe('mastering warning', () => {
  it('shows state, confidence, reasons and what to do; empty while off; dismissed for the session; announced politely and rate-limited; starts over on reset', async () => {
    const result = await page.evaluate(async () => {
      const w = window as any;
      sessionStorage.clear();
      const m = new w.FakeMeter(['L', 'R']);
      // A scripted detector: each update() returns the verdict the test set, as MasteringDetector would.
      const detector: any = { verdict: { state: 'off', confidence: 0, reasons: [], kind: null, ceilingDbtp: null }, updates: 0, resets: 0,
        update() { this.updates++; return this.verdict; }, reset() { this.resets++; } };
      document.body.innerHTML = '<busmeter-warnings><busmeter-mastering-warning slot="plugins" announce-interval-ms="400"></busmeter-mastering-warning></busmeter-warnings>';
      const wa = document.querySelector('busmeter-warnings') as any;
      const mw = document.querySelector('busmeter-mastering-warning') as any;
      mw.detector = detector;
      mw.meter = m;
      wa.meter = m;
      await mw.updateComplete;
      await wa.updateComplete;
      const sr = mw.shadowRoot;
      const part = (p: string) => sr.querySelector(`[part~="${p}"]`);
      const changes: any[] = [];
      document.addEventListener('busmeter-mastering-change', (e: any) => changes.push(e.detail));
      const out: any = {};
      m.push({});
      await w.frames(2);
      out.off = { empty: mw.hasAttribute('data-empty'), card: !!part('card'), panelEmpty: wa.shadowRoot.querySelector('[part~="empty"]')?.textContent };
      out.announcer = [part('announcer').getAttribute('role'), part('announcer').getAttribute('aria-live')];
      detector.verdict = { state: 'on', confidence: 0.84, kind: 'limiter', ceilingDbtp: -0.3,
        reasons: ['peaks stop at \u22120.3 dBTP in 94 % of the last 6 s: that is a limiter\'s ceiling'] };
      m.push({});
      await mw.updateComplete;
      await wa.updateComplete;
      out.on = {
        empty: mw.hasAttribute('data-empty'), state: part('card').dataset.state, title: part('title').textContent,
        confidence: [part('confidence').textContent, part('confidence').dataset.value],
        reasons: [...sr.querySelectorAll('[part~="reasons"] li')].map((li: any) => li.textContent),
        advice: part('advice').textContent, panelEmpty: !!wa.shadowRoot.querySelector('[part~="empty"]'),
        announced: part('announcer').textContent,
      };
      // The confidence moves every window; the words refresh at most once a second.
      detector.verdict = { ...detector.verdict, confidence: 0.9 };
      m.push({});
      await mw.updateComplete;
      out.refreshedAtOnce = part('confidence').dataset.value;
      // Off again, then suspected within the announcement interval: announced once the interval is over.
      detector.verdict = { state: 'off', confidence: 0.1, reasons: [], kind: null, ceilingDbtp: null };
      m.push({});
      await mw.updateComplete;
      out.offAgain = { empty: mw.hasAttribute('data-empty'), announcedAtOnce: part('announcer').textContent };
      await w.sleep(450);
      out.offAnnounced = part('announcer').textContent;
      detector.verdict = { state: 'suspected', confidence: 0.5, kind: 'dynamics', ceilingDbtp: null,
        reasons: ['peaks are only 9.0 dB above the short-term loudness: the dynamics are squashed like a finished master\'s'] };
      m.push({});
      await mw.updateComplete;
      out.suspected = { title: part('title').textContent, advice: part('advice').textContent, announcedAtOnce: part('announcer').textContent };
      await w.sleep(450);
      out.suspectedAnnounced = part('announcer').textContent;
      // Dismissed: hidden for the session, even when the verdict comes back.
      part('dismiss').click();
      await mw.updateComplete;
      await wa.updateComplete;
      out.dismissed = { empty: mw.hasAttribute('data-empty'), card: !!part('card'), stored: sessionStorage.getItem('busmeter-dismissed-mastering'),
        panelEmpty: wa.shadowRoot.querySelector('[part~="empty"]')?.textContent };
      const again = document.createElement('busmeter-mastering-warning') as any;
      again.detector = { update: () => detector.verdict, reset() {} };
      again.meter = m;
      document.body.append(again);
      await again.updateComplete;
      m.push({});
      await again.updateComplete;
      out.newElementDismissed = !!again.shadowRoot.querySelector('[part~="card"]');
      sessionStorage.clear();
      const resetsBefore = detector.resets;
      m.reset();
      out.resetCalled = detector.resets - resetsBefore;
      out.changes = changes.map((c) => `${c.state}:${c.shown}`);
      out.updates = detector.updates;
      return out;
    });
    expect(result.off).toEqual({ empty: true, card: false, panelEmpty: 'No warnings.' });
    expect(result.announcer).toEqual(['status', 'polite']);
    expect(result.on).toEqual({
      empty: false, state: 'on', title: 'Warning: Your bus has mastering plugins on: a limiter',
      confidence: ['Confidence 84 %', '0.84'],
      reasons: ['Peaks stop at \u22120.3 dBTP in 94 % of the last 6 s: that is a limiter\'s ceiling.'],
      advice: 'Bypass the limiter on your master bus before you bounce. Then pull the mix down so that peaks sit between \u22126 and \u22123 dBFS: leave that headroom for mastering.',
      panelEmpty: false,
      announced: 'Warning: Your bus has mastering plugins on: a limiter. Bypass the limiter on your master bus before you bounce. Then pull the mix down so that peaks sit between \u22126 and \u22123 dBFS: leave that headroom for mastering.',
    });
    expect(result.refreshedAtOnce).toBe('0.84');
    expect(result.offAgain.empty).toBe(true);
    expect(result.offAgain.announcedAtOnce).toMatch(/^Warning: Your bus has mastering plugins on/);
    expect(result.offAnnounced).toBe('Mastering processing is no longer detected on the bus.');
    expect(result.suspected.title).toBe('Check: Mastering plugins may be on your bus (bus compression or a maximiser?)');
    expect(result.suspected.advice).toMatch(/^If you are auditioning a master, fine\. Bypass the compressor or maximiser on your master bus before you bounce\./);
    expect(result.suspected.announcedAtOnce).toBe('Mastering processing is no longer detected on the bus.');
    expect(result.suspectedAnnounced).toMatch(/^Warning: Mastering plugins may be on your bus/);
    expect(result.dismissed).toEqual({ empty: true, card: false, stored: 'true', panelEmpty: 'No warnings.' });
    expect(result.newElementDismissed).toBe(false);
    expect(result.resetCalled).toBe(1);
    // The second element tracks the state too, hidden (dismissed); the reset turns both off.
    expect(result.changes).toEqual(['on:true', 'off:false', 'suspected:true', 'suspected:false', 'suspected:false', 'off:false', 'off:false']);
    expect(result.updates).toBe(6);
    expect(pageErrors).toEqual([]);
  });
});

describe('panel', () => {
  it('passes target, scale and hold-ms to its parts and the meter to all of them', async () => {
    const result = await page.evaluate(async () => {
      const w = window as any;
      const m = new w.FakeMeter(['L', 'R']);
      document.body.innerHTML = '<busmeter-panel target="streaming" scale="ebu18" hold-ms="0"></busmeter-panel>';
      const panel = document.querySelector('busmeter-panel') as any;
      panel.meter = m;
      await panel.updateComplete;
      await w.frames(2);
      const sr = panel.shadowRoot;
      const lm = sr.querySelector('busmeter-loudness-meter');
      const pm = sr.querySelector('busmeter-peak-meter');
      const hi = sr.querySelector('busmeter-loudness-history');
      const parts = ['busmeter-peak-meter', 'busmeter-loudness-meter', 'busmeter-headroom', 'busmeter-warnings', 'busmeter-loudness-history', 'busmeter-mastering-warning'];
      return {
        meters: parts.map((p) => sr.querySelector(p).meter === m),
        target: lm.target,
        targetLufs: lm.targetLufs,
        scale: [lm.scale, hi.scale],
        holdMs: pm.holdMs,
      };
    });
    expect(result).toEqual({ meters: [true, true, true, true, true, true], target: 'streaming', targetLufs: -14, scale: ['ebu18', 'ebu18'], holdMs: 0 });
    expect(pageErrors).toEqual([]);
  });

  it('shows the analysis views (meter passed, spectrum with its max trace) unless no-analysis is set', async () => {
    const result = await page.evaluate(async () => {
      const w = window as any;
      const m = new w.FakeMeter(['L', 'R']);
      document.body.innerHTML = '<busmeter-panel></busmeter-panel>';
      const panel = document.querySelector('busmeter-panel') as any;
      panel.meter = m;
      await panel.updateComplete;
      const views = ['busmeter-spectrum', 'busmeter-goniometer', 'busmeter-correlation', 'busmeter-balance'];
      const shown = views.map((v) => panel.shadowRoot.querySelector(v)?.meter === m);
      const showPeak = panel.shadowRoot.querySelector('busmeter-spectrum').showPeak;
      panel.setAttribute('no-analysis', '');
      await panel.updateComplete;
      const hidden = views.map((v) => panel.shadowRoot.querySelector(v) === null);
      return { shown, showPeak, hidden };
    });
    expect(result).toEqual({ shown: [true, true, true, true], showPeak: true, hidden: [true, true, true, true] });
    expect(pageErrors).toEqual([]);
  });
});

// ---- Analysis views: known spectrum / stereo input, then roles, labels, ARIA values and pixels ----

/** Topmost row of a canvas column whose pixel is not transparent (-1: none), read in the page. */
const TOPMOST = `async (cv, x) => {
  const image = await window.canvasPixels(cv);
  const column = Math.round(x);
  for (let y = 0; y < image.height; y++) if (image.data[4 * (y * image.width + column) + 3] > 40) return y;
  return -1;
}`;

describe('spectrum', () => {
  it('draws the level trace at the level of each frequency (and the max trace with show-peak), names the loudest point, reads out under the pointer, and asks the meter for slope and smoothing', async () => {
    const first = await page.evaluate(async (topmostSource) => {
      const w = window as any;
      const topmost = eval(topmostSource);
      const m = new w.FakeMeter(['L', 'R']);
      const [el] = await w.mount('<busmeter-spectrum slope="4.5" smoothing="6"></busmeter-spectrum>', m);
      // A tone at the point nearest 1 kHz (−6 dB, max −3 dB) over a −70 dB floor.
      const nearest = (hz: number) => Math.abs(Math.log(hz / 1000)) < Math.log(1000) / 511 / 2;
      m.pushSpectrum((hz: number) => (nearest(hz) ? -6 : -70), (hz: number) => (nearest(hz) ? -3 : -60));
      await w.frames(2);
      const cv = el.shadowRoot.querySelector('canvas[part~="canvas"]');
      const tone = el.displayed.maxFrequencyHz;
      const at = (hz: number, db: number) => el.pixelFor(hz, db);
      const levelOnly = { tone: await topmost(cv, at(tone, -6).x), floor: await topmost(cv, at(100, -70).x) };
      el.showPeak = true;
      await el.updateComplete;
      await w.frames(2);
      const withPeak = { tone: await topmost(cv, at(tone, -3).x), floor: await topmost(cv, at(100, -60).x) };
      const rect = cv.getBoundingClientRect();
      w.spectrumTest = { el, cv, tone, nearest };
      return { hover: { x: rect.left + at(tone, -6).x * (rect.width / cv.width), y: rect.top + 20 }, tone, levelOnly, withPeak,
        expected: { tone: at(tone, -6).y, floor: at(100, -70).y, peakTone: at(tone, -3).y, peakFloor: at(100, -60).y } };
    }, TOPMOST);
    // Hover over the tone with the real pointer.
    await page.mouse.move(first.hover.x, first.hover.y);
    const r = await page.evaluate(async () => {
      const w = window as any;
      const { el, cv, tone, nearest } = w.spectrumTest;
      await w.frames(2);
      const readout = el.shadowRoot.querySelector('[part~="readout"]');
      const hovered = { text: readout.textContent, hz: Number(readout.dataset.frequency) };
      await w.sleep(1100); // the label is refreshed at most once a second
      el.meter.pushSpectrum((hz: number) => (nearest(hz) ? -6 : -70), (hz: number) => (nearest(hz) ? -3 : -60));
      await w.frames(2);
      return {
        tone,
        readout: hovered.text, readoutHz: hovered.hz,
        role: cv.getAttribute('role'), label: cv.getAttribute('aria-label'),
        displayed: { maxLevelDb: el.displayed.maxLevelDb, pointCount: el.displayed.pointCount },
        configured: el.meter.configured,
      };
    });
    await page.mouse.move(0, 0);
    const { levelOnly, withPeak, expected } = first;
    expect(Math.abs(Math.log(r.tone / 1000))).toBeLessThan(0.01);
    // The line is 1.5 px wide (× devicePixelRatio 1): its top is within 2 px of the level's y.
    expect(Math.abs(levelOnly.tone - expected.tone)).toBeLessThanOrEqual(2);
    expect(Math.abs(levelOnly.floor - expected.floor)).toBeLessThanOrEqual(2);
    expect(Math.abs(withPeak.tone - expected.peakTone)).toBeLessThanOrEqual(2);
    expect(Math.abs(withPeak.floor - expected.peakFloor)).toBeLessThanOrEqual(2);
    expect(r.readoutHz).toBeCloseTo(r.tone, 1);
    expect(r.readout).toContain('\u22126.0 dB');
    expect(r.readout).toContain('(max \u22123.0 dB)');
    expect(r.role).toBe('img');
    expect(r.label).toBe(`Spectrum, 20 Hz to 20 kHz: highest level \u22126.0 dB at ${r.tone < 1000 ? `${Math.round(r.tone)} Hz` : `${(r.tone / 1000).toFixed(2)} kHz`}`);
    expect(r.displayed).toEqual({ maxLevelDb: -6, pointCount: 512 });
    expect(r.configured).toEqual([{ slopeDbPerOctave: 4.5, smoothingOctaveFraction: 6 }]);
    expect(pageErrors).toEqual([]);
  });
});

describe('stereo views', () => {
  it('correlation: role="meter" from −1 to +1 with the value, its zone and the marker drawn at the value', async () => {
    const r = await page.evaluate(async () => {
      const w = window as any;
      const el = await w.correlationHeldAt(-0.5, -0.8);
      const bar = el.shadowRoot.querySelector('[part~="bar"]');
      const value = el.shadowRoot.querySelector('[part~="value"]');
      const cv = bar.querySelector('canvas');
      const image = await w.canvasPixels(cv);
      const pixel = (f: number) => { const k = 4 * ((image.height >> 1) * image.width + Math.round(f * (image.width - 1))); return [...image.data.slice(k, k + 3)]; };
      return {
        aria: ['role', 'aria-label', 'aria-valuemin', 'aria-valuemax', 'aria-valuenow', 'aria-valuetext'].map((a) => bar.getAttribute(a)),
        text: value.dataset.text, dataValue: value.dataset.value, zone: value.dataset.zone,
        marker: pixel(0.25), far: pixel(0.95), displayed: el.displayed,
      };
    });
    expect(r.aria).toEqual(['meter', 'Phase correlation', '-1', '1', '-0.5', '\u22120.50']);
    expect(r.text).toBe('\u22120.50');
    expect(r.dataValue).toBe('-0.50');
    expect(r.zone).toBe('negative');
    expect(r.marker).toEqual([0xff, 0x4b, 0x4b]); // --busmeter-over at −0.5
    expect(r.far).toEqual([0x1b, 0x1f, 0x25]); // the trough (--busmeter-surface) near +1
    expect(r.displayed).toEqual({ correlation: -0.5, correlationMin: -0.8 });
    expect(pageErrors).toEqual([]);
  });

  it('goniometer: draws each point once where x = (R − L)/2, y = (L + R)/2 fall, and the trace fades with persistence-ms', async () => {
    const r = await page.evaluate(async (topmostSource) => {
      const w = window as any;
      const topmost = eval(topmostSource);
      const m = new w.FakeMeter(['L', 'R']);
      const [el] = await w.mount('<busmeter-goniometer persistence-ms="100"></busmeter-goniometer>', m);
      // A mono signal: points on the vertical axis only, up to y = 0.5.
      const points = Array.from({ length: 200 }, (_, i) => [0, -0.5 + i / 199]);
      m.pushStereo({ correlation: 1 }, points);
      await w.frames(1);
      const cv = el.shadowRoot.querySelector('canvas[part~="canvas"]');
      // The page's canvas takes the worker's size with its first picture: wait for it before reading it.
      await w.canvasPixels(cv);
      const r0 = Math.min(cv.width, cv.height) / 2 - 2;
      const centre = { top: await topmost(cv, cv.width / 2), expectedTop: cv.height / 2 - 0.5 * r0, side: await topmost(cv, cv.width / 2 + 0.5 * r0) };
      const drawn = el.displayed.pointsDrawn;
      await w.sleep(1100); // 11 time constants: faded out
      const faded = await topmost(cv, cv.width / 2);
      return { centre, drawn, faded, role: cv.getAttribute('role'), label: cv.getAttribute('aria-label') };
    }, TOPMOST);
    expect(r.drawn).toBe(200);
    expect(Math.abs(r.centre.top - r.centre.expectedTop)).toBeLessThanOrEqual(2);
    expect(r.centre.side).toBe(-1); // nothing off the vertical axis
    expect(r.faded).toBe(-1);
    expect(r.role).toBe('img');
    expect(r.label).toBe('Goniometer of L and R: correlation +1.00');
    expect(pageErrors).toEqual([]);
  });

  it('balance: balance, mid and side meters with their values and texts, and the mono loss', async () => {
    const r = await page.evaluate(async () => {
      const w = window as any;
      const m = new w.FakeMeter(['L', 'R']);
      const [el] = await w.mount('<busmeter-balance></busmeter-balance>', m);
      const t0 = performance.now();
      while (performance.now() - t0 < 700) {
        m.pushStereo({ balanceDb: 3, midDb: -10, sideDb: -30, monoLossLu: 0.5 });
        await w.frames(1);
      }
      await w.settle();
      const sr = el.shadowRoot;
      const meter = (part: string) => ['role', 'aria-label', 'aria-valuemin', 'aria-valuemax', 'aria-valuenow', 'aria-valuetext'].map((a) => sr.querySelector(`[part~="${part}"]`).getAttribute(a));
      const text = (part: string) => sr.querySelector(`[part~="${part}"]`).dataset.text;
      return {
        balance: meter('balance'), mid: meter('mid'), side: meter('side'),
        texts: ['balance-value', 'mid-value', 'side-value', 'mono-loss'].map(text),
        displayed: el.displayed,
      };
    });
    expect(r.balance).toEqual(['meter', 'Stereo balance, dB (positive leans right)', '-12', '12', '3.0', 'R 3.0 dB']);
    expect(r.mid).toEqual(['meter', 'Mid level (L+R)/2, dB', '-60', '0', '-10.0', '\u221210.0 dB']);
    expect(r.side).toEqual(['meter', 'Side level (L\u2212R)/2, dB', '-60', '0', '-30.0', '\u221230.0 dB']);
    expect(r.texts).toEqual(['R 3.0', '\u221210.0', '\u221230.0', '0.5']);
    expect(r.displayed).toEqual({ balanceDb: 3, midDb: -10, sideDb: -30 });
    expect(pageErrors).toEqual([]);
  });
});

// ---- Where the moving canvases are drawn: the paint worker, or the main thread without one ----

describe('canvas readouts', () => {
  /**
   * Ink of a screenshot of `selector` relative to its box: the bounding box of the pixels that
   * differ from the background by more than 48 in a channel, the summed difference, and the
   * colour of the most inked pixel.
   */
  async function inkOf(selector: string) {
    const png = (await page.locator(selector).first().screenshot()).toString('base64');
    return page.evaluate(async (png) => {
      const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${png}`)).blob());
      const g = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
      g.drawImage(bitmap, 0, 0);
      const { data, width, height } = g.getImageData(0, 0, bitmap.width, bitmap.height);
      // The background: the commonest colour.
      const counts = new Map<number, number>();
      for (let k = 0; k < data.length; k += 4) {
        const rgb = (data[k]! << 16) | (data[k + 1]! << 8) | data[k + 2]!;
        counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
      }
      const commonest = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
      const bg = [commonest >> 16, (commonest >> 8) & 255, commonest & 255];
      let left = width, right = -1, top = height, bottom = -1, mass = 0, most = 0, colour = [0, 0, 0];
      for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
        const k = 4 * (y * width + x);
        const d = Math.max(...[0, 1, 2].map((c) => Math.abs(data[k + c]! - bg[c]!)));
        mass += d;
        if (d > most) { most = d; colour = [data[k]!, data[k + 1]!, data[k + 2]!]; }
        if (d <= 48) continue;
        left = Math.min(left, x); right = Math.max(right, x); top = Math.min(top, y); bottom = Math.max(bottom, y);
      }
      return { left, right: width - 1 - right, top, bottom: height - 1 - bottom, mass, colour };
    }, png);
  }

  /**
   * The readout `selector`'s text set as DOM text in a twin: the same classes and parent (so the
   * same styles), as wide as the readout, on the host's background, out of the way in a corner.
   */
  async function domTwin(host: string, selector: string): Promise<void> {
    await page.evaluate(async ([host, selector]) => {
      const hostEl = document.querySelector(host)!;
      const el = hostEl.shadowRoot!.querySelector<HTMLElement>(selector)!;
      const twin = document.createElement('span');
      twin.className = el.className.replace('canvas-readout', '');
      twin.dataset.twinText = '';
      if (el.dataset.zone) twin.dataset.zone = el.dataset.zone;
      // The same fraction of a pixel off the grid as the readout, so both are rasterised alike,
      // on a backdrop of the host's background that the screenshot's whole pixels fall on.
      const r = el.getBoundingClientRect();
      const box = `left: ${10 + (r.left % 1)}px; top: ${10 + (r.top % 1)}px; width: ${r.width}px; height: ${r.height}px`;
      twin.style.cssText = `display: block; position: absolute; ${box}`;
      const backdrop = document.createElement('span');
      backdrop.dataset.twin = '';
      backdrop.style.cssText = `display: block; position: fixed; left: 700px; top: 780px; width: 400px; height: 110px; background: ${getComputedStyle(hostEl).backgroundColor}`;
      backdrop.append(twin);
      twin.textContent = el.dataset.text!;
      el.after(backdrop);
      await (window as any).canvasPixels(el.querySelector('canvas'));
    }, [host, selector]);
  }

  it('a readout drawn on a canvas shows its text as the page would set it: the same place, size, weight and colour', async () => {
    await page.evaluate(async () => {
      const w = window as any;
      const m = new w.FakeMeter(['L', 'R']);
      await w.mount('<busmeter-loudness-meter target="-23"></busmeter-loudness-meter><busmeter-balance></busmeter-balance>', m);
      m.push({ integratedLufs: -23.4, momentaryLufs: -20.1, shortTermLufs: -30.7 });
      const t0 = performance.now();
      while (performance.now() - t0 < 300) {
        m.pushStereo({ balanceDb: -4.2, midDb: -10, sideDb: -31.6, monoLossLu: 0.5 });
        await w.frames(1);
      }
      await w.settle();
    });
    const cases = [
      ['busmeter-loudness-meter', '[data-reading="integrated"]', '\u221223.4'], // large, on target (green)
      ['busmeter-loudness-meter', '[data-reading="momentary"]', '\u221220.1'], // above target (warm)
      ['busmeter-loudness-meter', '[data-reading="short-term"]', '\u221230.7'], // below target (text colour)
      ['busmeter-balance', '[part~="balance-value"]', 'L 4.2'], // right-aligned
      ['busmeter-balance', '[part~="side-value"]', '\u221231.6'],
    ] as const;
    for (const [host, selector, expected] of cases) {
      expect(await text(`${host} ${selector}`)).toBe(expected);
      await domTwin(host, selector);
      const drawn = await inkOf(`${host} ${selector}`);
      const set = await inkOf(`${host} [data-twin-text]`);
      await page.evaluate((host) => document.querySelector(host)!.shadowRoot!.querySelector('[data-twin]')!.remove(), host);
      const where = `${selector} ${JSON.stringify({ drawn, set })}`;
      expect(drawn.right, where).toBeGreaterThanOrEqual(0);
      for (const edge of ['left', 'right', 'top', 'bottom'] as const) expect(Math.abs(drawn[edge] - set[edge]), `${edge} of ${where}`).toBeLessThanOrEqual(1);
      expect(drawn.mass / set.mass, where).toBeGreaterThan(0.85);
      expect(drawn.mass / set.mass, where).toBeLessThan(1.15);
      for (let c = 0; c < 3; c++) expect(Math.abs(drawn.colour[c]! - set.colour[c]!), where).toBeLessThanOrEqual(24);
    }
  });
});

describe('paint worker', () => {
  /** Mounts a correlation view, holds it at −0.5 for 0.7 s, and reads its bar's pixels as shown. */
  const correlationAtMinusHalf = async (p: Page) => p.evaluate(async () => {
    const w = window as any;
    const el = await w.correlationHeldAt(-0.5, -0.8);
    const cv = el.shadowRoot.querySelector('[part~="bar"] canvas');
    let mainThreadContext: string;
    try {
      mainThreadContext = cv.getContext('2d') ? 'yes' : 'none';
    } catch (error) {
      mainThreadContext = (error as Error).name; // a canvas handed to a worker has none here
    }
    const image = await w.canvasPixels(cv);
    const pixel = (f: number) => { const k = 4 * ((image.height >> 1) * image.width + Math.round(f * (image.width - 1))); return [...image.data.slice(k, k + 3)]; };
    return { mainThreadContext, marker: pixel(0.25), far: pixel(0.95), inWorker: w.paintsInWorker() };
  });

  /** Draws a scene of every recorded command on a live canvas and on a 2D context; compares them. */
  const replayScene = async (p: Page) => p.evaluate(async () => {
    const w = window as any;
    document.body.innerHTML = '<canvas id="a" style="width:160px;height:90px"></canvas><canvas id="b" width="160" height="90"></canvas>';
    const live = w.liveCanvas(document.getElementById('a'));
    live.resize(160, 90);
    const direct = (document.getElementById('b') as HTMLCanvasElement).getContext('2d')!;
    /** Every command a Paint2D records, on either context. */
    const scene = (g: any, path: any) => {
      g.fillStyle = '#1b1f25';
      g.fillRect(0, 0, 160, 90);
      g.save();
      g.translate(10, 5);
      g.globalAlpha = 0.5;
      g.fillStyle = 'rgb(63, 207, 114)';
      g.fillRect(0, 0, 40, 30);
      g.restore();
      const restored = [g.globalAlpha, g.fillStyle];
      g.strokeStyle = '#f2a93b';
      g.lineWidth = 3;
      g.strokeRect(60, 10, 30, 20);
      g.beginPath();
      g.moveTo(5, 80);
      g.lineTo(60, 50);
      g.lineTo(100, 85);
      g.closePath();
      g.fill();
      g.beginPath();
      g.arc(130, 40, 20, 0, Math.PI * 1.5, false);
      g.stroke();
      g.save();
      g.beginPath();
      g.rect(100, 60, 50, 25);
      g.clip();
      g.fillStyle = '#5f8fd6';
      g.fillRect(90, 50, 80, 40);
      g.restore();
      path.moveTo(0, 45);
      path.lineTo(159, 45);
      path.rect(70, 60, 20, 20);
      path.closePath();
      g.stroke(path);
      g.globalCompositeOperation = 'destination-out';
      g.globalAlpha = 0.25;
      g.fillRect(0, 0, 30, 90);
      g.globalAlpha = 1;
      g.globalCompositeOperation = 'source-over';
      g.font = '12px sans-serif';
      g.textAlign = 'right';
      g.textBaseline = 'top';
      g.fillStyle = '#ffffff';
      g.fillText('−23.0', 155, 2);
      g.clearRect(150, 80, 10, 10);
      return restored;
    };
    // Recorded in a frame of the shared loop, as the components draw.
    let liveState: unknown[] = [];
    await new Promise<void>((resolve) => {
      const stop = w.onFrame(() => {
        stop();
        liveState = scene(live.context, live.path());
        resolve();
      });
    });
    const directState = scene(direct, new Path2D());
    const a = await w.canvasPixels(live.canvas);
    const b = direct.getImageData(0, 0, 160, 90);
    let differing = 0;
    for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) differing++;
    let inked = 0;
    for (let i = 3; i < b.data.length; i += 4) if (b.data[i] > 0) inked++;
    return { inWorker: live.inWorker, isolated: globalThis.crossOriginIsolated, size: [a.width, a.height], differing, inked, liveState, directState };
  });

  /** The replay's expectations, whichever way the frames reach the worker. */
  const expectSameScene = (r: Awaited<ReturnType<typeof replayScene>>) => {
    expect(r.inWorker).toBe(true);
    expect(r.size).toEqual([160, 90]);
    expect(r.inked).toBeGreaterThan(10000); // the scene covers most of the canvas
    expect(r.differing).toBe(0);
    // save() / restore() bring back the state the recorder reports, as they do on a 2D context.
    expect(r.liveState).toEqual([1, '#1b1f25']);
    expect(r.liveState).toEqual(r.directState);
  };

  it('replays every drawing command in the worker as the 2D context draws it, through the shared-memory ring: the same pixels, bit for bit', async () => {
    const r = await replayScene(page);
    expect(r.isolated).toBe(true);
    expectSameScene(r);
    expect(pageErrors).toEqual([]);
  });

  it('the same where the page is not cross-origin isolated and the frames go as messages', async () => {
    const messages = await openPage('/__components-messages.html');
    const r = await replayScene(messages);
    await messages.close();
    expect(r.isolated).toBe(false);
    expectSameScene(r);
    expect(pageErrors).toEqual([]);
  });


  it('draws the moving canvases in the paint worker, and on the main thread where a Content-Security-Policy refuses workers: the same pixels', async () => {
    const inWorker = await correlationAtMinusHalf(page);
    expect(inWorker.inWorker).toBe(true);
    expect(inWorker.mainThreadContext).toBe('InvalidStateError');

    const warnings: string[] = [];
    const refused = await openPage('/__components-no-workers.html', warnings);
    const onMain = await correlationAtMinusHalf(refused);
    await refused.close();
    expect(onMain.inWorker).toBe(false);
    expect(onMain.mainThreadContext).toBe('yes');
    expect(warnings.some((text) => text.startsWith('busmeter: drawing on the main thread'))).toBe(true);
    // The same picture either way: the marker in --busmeter-over at −0.5, the trough near +1.
    expect(onMain.marker).toEqual([0xff, 0x4b, 0x4b]);
    expect(onMain.far).toEqual([0x1b, 0x1f, 0x25]);
    expect(inWorker.marker).toEqual(onMain.marker);
    expect(inWorker.far).toEqual(onMain.far);
    expect(pageErrors).toEqual([]);
  });
});
