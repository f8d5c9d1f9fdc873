// The Lit components in real Chromium, driven by a fake Meter (tests/support/fake-meter.ts) on
// the components page (tests/support/components-page.ts). Where the moving canvases are drawn: the paint worker, or the main thread without one; numbers drawn on canvas.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useComponentsPage } from '../support/components-page.js';

let page: Page;
const { pageErrors, openPage, text } = useComponentsPage((p) => { page = p; });

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
