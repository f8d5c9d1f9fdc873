// The Lit components in real Chromium, driven by a fake Meter (tests/support/fake-meter.ts) on
// the components page (tests/support/components-page.ts). The warnings list, the mastering warning and the panel that holds everything.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useComponentsPage } from '../support/components-page.js';

let page: Page;
const { pageErrors } = useComponentsPage((p) => { page = p; });

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
    expect(result.suspected.title).toBe('Check: Is a compressor or maximiser on your bus?');
    expect(result.suspected.advice).toMatch(/^If one is on, fine while you audition a master\. Bypass the compressor or maximiser on your master bus before you bounce\..* If your bus is clean, this is your arrangement: drums at one velocity and dense, even bars read this way too\.$/);
    expect(result.suspected.announcedAtOnce).toBe('Mastering processing is no longer detected on the bus.');
    expect(result.suspectedAnnounced).toMatch(/^Check: Is a compressor or maximiser on your bus\? If one is on, fine while you audition a master\./);
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
      const views = ['busmeter-spectrum', 'busmeter-goniometer', 'busmeter-correlation', 'busmeter-balance', 'busmeter-coach'];
      const shown = views.map((v) => panel.shadowRoot.querySelector(v)?.meter === m);
      const showPeak = panel.shadowRoot.querySelector('busmeter-spectrum').showPeak;
      panel.setAttribute('no-analysis', '');
      await panel.updateComplete;
      const hidden = views.map((v) => panel.shadowRoot.querySelector(v) === null);
      return { shown, showPeak, hidden };
    });
    expect(result).toEqual({ shown: [true, true, true, true, true], showPeak: true, hidden: [true, true, true, true, true] });
    expect(pageErrors).toEqual([]);
  });
});
