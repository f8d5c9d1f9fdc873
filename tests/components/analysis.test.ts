// The Lit components in real Chromium, driven by a fake Meter (tests/support/fake-meter.ts) on
// the components page (tests/support/components-page.ts). Analysis views: known spectrum / stereo input, then roles, labels, ARIA values and pixels.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useComponentsPage } from '../support/components-page.js';

let page: Page;
const { pageErrors } = useComponentsPage((p) => { page = p; });

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
