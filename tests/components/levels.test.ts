// The Lit components in real Chromium, driven by a fake Meter (tests/support/fake-meter.ts) on
// the components page (tests/support/components-page.ts). The peak meter, the headroom advice and what every meter shares: roles, names, ARIA values.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useComponentsPage } from '../support/components-page.js';

let page: Page;
const { pageErrors, text } = useComponentsPage((p) => { page = p; });

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
      // Steady readings for longer than the ARIA throttle interval (500 ms), counted on the clock
      // the throttle reads (the frames' timestamps), not on wall time: on a loaded machine 700 ms
      // of wall time can hold too few frames for a second announcement.
      const frameTime = () => Number(document.timeline.currentTime);
      await (window as any).frames(1);
      const t0 = frameTime();
      while (frameTime() - t0 < 700) {
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
          // The frame's timestamp, the clock the throttle reads: a late frame runs its callbacks
          // later than its timestamp, so wall-clock gaps between updates can be shorter.
          for (const r of records) if (r.attributeName === 'aria-valuenow') times[i].push(Number(document.timeline.currentTime));
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
