// The Lit components in real Chromium, driven by a fake Meter (tests/support/fake-meter.ts) on
// the components page (tests/support/components-page.ts). The loudness meter and the loudness history.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useComponentsPage } from '../support/components-page.js';

let page: Page;
useComponentsPage((p) => { page = p; });

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
