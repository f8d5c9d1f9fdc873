// Longer than 400 lines on purpose: one loop over the three engines whose checks share one build of the app, one dev server and one launch per engine.
// The meter in every browser engine, through one harness (tests/support/engines): Chromium,
// Firefox (firefox-esr, WebDriver BiDi) and WebKit (WebKitGTK's MiniBrowser, WebKitWebDriver).
// Each engine: the built app with the −23 LUFS test tone read in M, S, I and true peak, the
// transport the page's isolation allows, no uncaught error; the app with the engine's fake
// capture device, checked against a ScriptProcessorNode on the same device; offline analysis equal to
// the Node API (the CLI's kernel) on the same samples. The README's engine table comes from here.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer } from '../src/node.js';
import type { Readings } from '../src/engine/readings.js';
import { ENGINES, launchEngine, type Engine, type EngineName, type EnginePage } from './support/engines/index.js';
import { serveBuiltApp, serveDev, type Served } from './support/engines/serve.js';
import { programme, type ProgrammeOptions } from './pages/programme.js';
import { floatWav } from './support/wav.js';
import { transferCrashesPage } from '../src/paint/live-canvas.js';

const root = join(import.meta.dirname, '..');
/** The component tests' page (tests/pages/components-page.ts: every element, the fake meter, helpers). */
const COMPONENTS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>busmeter components</title></head>
<body><script type="module" src="/tests/pages/components-page.ts"></script></body></html>`;

/** Chromium's pictures, which the other engines' are compared with (Chromium runs first). */
const chromiumPictures: { scene?: number[] } = {};

let app: Served;
let dev: Served;
let scratch: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'busmeter-engines-'));
  [app, dev] = await Promise.all([serveBuiltApp(), serveDev({ '/__components.html': COMPONENTS_PAGE })]);
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

/**
 * The built app, once its script has run: the panel's readings exist (a click before then is lost:
 * WebDriver's navigation returns at the load event, and the app wires its buttons in module scripts).
 */
async function openApp(engine: Engine): Promise<EnginePage> {
  const p = await engine.open(app.url);
  await p.waitFor('the app ready', () => {
    const panel = document.querySelector('busmeter-panel');
    const meter = panel?.shadowRoot?.querySelector('busmeter-loudness-meter');
    return !!meter?.shadowRoot?.querySelector('[data-reading="integrated"]') && document.getElementById('connect') !== null;
  }, { timeoutMs: 60_000 });
  return p;
}

/** Polls `condition` (in Node, e.g. one page.evaluate) every 100 ms until true, or throws after `timeoutMs`. */
async function until(what: string, condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(ENGINES)('%s', (engineName: EngineName) => {
  it('the app: the −23 LUFS test tone reads −23.0 in M, S, I and true peak; the transport the page allows; no uncaught error', async () => {
    const engine = await launchEngine(engineName);
    try {
      const p = await openApp(engine);
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
      const loudnessKeys = ['momentary', 'short-term', 'integrated'];
      // M, S and I settle within 3.5 s of a steady tone (S's 3 s window); wait for the condition.
      // On a loaded machine an engine can starve its audio thread, and the gap lowers the loudness
      // the meter receives (WebKit's I read −23.05 under load). So the tone is measured up to three
      // times, each after a reset, and the closest measurement is held to ±0.05; no measurement may
      // read louder than the tone, since a gap never raises M, S or I.
      // The readings' data-values carry hundredths: the distance from the tone in whole hundredths,
      // so that −23.05 is 0.05 away and not 0.0500000000000007 (which failed the bound once).
      const offTone = (value: number) => Math.round(Math.abs(value + 23) * 100) / 100;
      const deviation = (shown: Record<string, Shown>) => Math.max(...keys.map((key) => offTone(shown[key]?.value ?? -Infinity)));
      const attempts: Record<string, Shown>[] = [];
      for (let attempt = 0; attempt < 3 && !(attempts.length > 0 && deviation(attempts[attempts.length - 1]) <= 0.05); attempt++) {
        if (attempt > 0) await page.click(p, '#reset');
        // A measurement that never shows −23.0 (a starved moment took I to −23.1) does not end the
        // test here: the next one, after a reset, may, and the closest one is held to it below.
        let shown: Record<string, Shown> = {};
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
        } catch (error) {
          console.log(`${engineName}, measurement ${attempt + 1}: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          shown = await p.evaluate(readShown);
          console.log(`${engineName} (${facts.userAgent}), measurement ${attempt + 1}: test tone M ${shown.momentary?.text} (${shown.momentary?.value}), S ${shown['short-term']?.text}, I ${shown.integrated?.text} (${shown.integrated?.value}), TP max ${shown['true-peak-max']?.text} (${shown['true-peak-max']?.value}), SP max ${shown['sample-peak-max']?.text}`);
        }
        attempts.push(shown);
      }
      for (const shown of attempts) {
        for (const key of loudnessKeys) expect(shown[key].value, `${key} never above the tone`).toBeLessThanOrEqual(-23 + 0.05);
      }
      const r = attempts.reduce((best, shown) => (deviation(shown) < deviation(best) ? shown : best));
      for (const key of keys) {
        expect(r[key].text, key).toBe(`${MINUS}23.0`);
        expect(offTone(r[key].value), `${key} data-value ${r[key].value}`).toBeLessThanOrEqual(0.05);
      }
      const transport = await p.evaluate(() => document.getElementById('transport-kind')!.textContent);
      const shared = facts.isolated && facts.sharedArrayBuffer;
      console.log(`${engineName}: cross-origin isolated ${facts.isolated}, SharedArrayBuffer ${facts.sharedArrayBuffer}, canvas transfer ${facts.offscreenTransfer} → ${transport}`);
      expect(facts.isolated, 'the preview server sends COOP and COEP').toBe(true);
      // Where the panel's canvases are drawn: a canvas handed to the paint worker refuses getContext.
      const canvases = await p.evaluate(() => {
        const all = (node: Document | ShadowRoot, out: HTMLCanvasElement[] = []): HTMLCanvasElement[] => {
          out.push(...node.querySelectorAll('canvas'));
          for (const e of node.querySelectorAll('*')) if (e.shadowRoot) all(e.shadowRoot, out);
          return out;
        };
        let transferred = 0;
        const list = all(document.querySelector('busmeter-panel')!.shadowRoot!);
        for (const c of list) {
          try {
            c.getContext('2d');
          } catch {
            transferred++;
          }
        }
        return { total: list.length, transferred };
      });
      console.log(`${engineName}: ${canvases.transferred} of the panel's ${canvases.total} canvases drawn in the paint worker`);
      if (engineName === 'webkit') expect(canvases.transferred, 'WebKitGTK draws on the main thread').toBe(0);
      else expect(canvases.transferred, 'the paint worker draws the moving canvases').toBeGreaterThan(5);
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

  it('the app with the engine\'s fake capture device: the meter\'s sample peak is what a ScriptProcessorNode reads on the same device; what the browser did not grant is said', async () => {
    const tone = sineProgramme(1000, [[20, -23]]);
    const wav = join(scratch, `${engineName}-capture.wav`);
    writeFileSync(wav, floatWav(44100, [tone, tone]));
    const engine = await launchEngine(engineName, { fakeCaptureWav: wav });
    try {
      const p = await openApp(engine);
      await page.click(p, '#connect');
      try {
        await p.waitFor('the input live', () => document.getElementById('status')!.dataset.state === 'live', { timeoutMs: 30_000 });
      } catch (error) {
        const status = await page.status(p);
        throw new Error(`${(error as Error).message}; status ${status.state}: "${status.text}"; warnings ${JSON.stringify(await p.evaluate(readWarnings))}; errors ${JSON.stringify(await p.errors())}`);
      }
      // The same device opened again with the meter's constraints, measured by a ScriptProcessorNode.
      const device = await p.evaluate(async () => {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: { ideal: 2 } } });
        const track = stream.getAudioTracks()[0];
        const settings = track.getSettings();
        const ctx = new AudioContext();
        await ctx.resume();
        // Every sample, gaplessly (a ScriptProcessorNode: in every engine, and no module to load
        // under the page's CSP), for 4 s: longer than the mock device's beep pattern.
        const processor = ctx.createScriptProcessor(4096, 2, 1);
        let peak = 0;
        processor.onaudioprocess = (e) => {
          for (let c = 0; c < e.inputBuffer.numberOfChannels; c++) {
            for (const v of e.inputBuffer.getChannelData(c)) peak = Math.max(peak, Math.abs(v));
          }
        };
        const silent = new GainNode(ctx, { gain: 0 });
        ctx.createMediaStreamSource(stream).connect(processor).connect(silent).connect(ctx.destination);
        await new Promise((resolve) => setTimeout(resolve, 4000));
        processor.disconnect();
        track.stop();
        await ctx.close();
        return {
          label: track.label,
          peakDbfs: 20 * Math.log10(peak),
          settings: { echoCancellation: settings.echoCancellation, noiseSuppression: settings.noiseSuppression, autoGainControl: settings.autoGainControl, channelCount: settings.channelCount, sampleRate: settings.sampleRate },
        };
      });
      const r = await p.evaluate(readShown);
      const warnings = await p.evaluate(readWarnings);
      console.log(`${engineName} fake capture "${device.label}": ScriptProcessorNode peak ${device.peakDbfs.toFixed(2)} dBFS, settings ${JSON.stringify(device.settings)}; ` +
        `meter SP max ${r['sample-peak-max'].text} (${r['sample-peak-max'].value}), TP max ${r['true-peak-max'].text}, M ${r.momentary.text}, I ${r.integrated.text}; warnings ${JSON.stringify(warnings)}`);
      expect(device.peakDbfs, 'the fake device plays something').toBeGreaterThan(-60);
      expect(Math.abs(r['sample-peak-max'].value - device.peakDbfs), 'meter sample peak vs ScriptProcessorNode').toBeLessThanOrEqual(0.1);
      expect(r.momentary.value).toBeGreaterThan(-60);
      // Every processing the browser reports as on is named in the panel, and a mono track too.
      const said = warnings.join(' ');
      // (WebDriver gives a setting the browser does not report as null.)
      const unknown = (v: unknown) => v === undefined || v === null;
      const on = (v: unknown) => !unknown(v) && v !== false;
      expect(said.includes('kept echo cancellation on')).toBe(on(device.settings.echoCancellation));
      expect(said.includes('kept noise suppression on')).toBe(on(device.settings.noiseSuppression));
      expect(said.includes('kept automatic gain control on')).toBe(on(device.settings.autoGainControl));
      const unreported = (['echoCancellation', 'noiseSuppression', 'autoGainControl'] as const).filter((k) => unknown(device.settings[k]));
      expect(said.includes('does not say whether'), `unreported: ${unreported.join(', ')}`).toBe(unreported.length > 0);
      expect(said.includes('came back mono')).toBe(device.settings.channelCount === 1);
      expect(await p.errors()).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  it('offline analysis (OfflineAudioContext + the worklet) gives the Node API\'s numbers on the same samples', async () => {
    const engine = await launchEngine(engineName);
    try {
      const p = await engine.open(`${dev.url}tests/pages/meter-harness.html`);
      await p.waitFor('the harness ready', () => document.getElementById('status')?.textContent === 'ready', { timeoutMs: 60_000 });
      const options: ProgrammeOptions = { sampleRate: 48000, frames: 48000 * 8 + 77, channels: 2, seed: 3 };
      const got = await p.evaluate((o: ProgrammeOptions) => (window as unknown as { harness: { analyzeProgramme(o: ProgrammeOptions): Promise<{ readings: Readings }> } }).harness.analyzeProgramme(o), options);
      const analyzer = createAnalyzer({ sampleRate: options.sampleRate, layout: options.channels });
      analyzer.push(programme(options));
      const node = analyzer.read();
      const pairs: [string, number, number][] = [
        ['I', got.readings.integratedLufs, node.integratedLufs],
        ['LRA', got.readings.loudnessRangeLu, node.loudnessRangeLu],
        ['max M', got.readings.momentaryMaxLufs, node.momentaryMaxLufs],
        ['max S', got.readings.shortTermMaxLufs, node.shortTermMaxLufs],
        ['TP max', got.readings.truePeakMaxDbtp, node.truePeakMaxDbtp],
        ...node.channels.flatMap((c, i): [string, number, number][] => [
          [`TP ch${i}`, got.readings.channels[i].truePeakMaxDbtp, c.truePeakMaxDbtp],
          [`SP ch${i}`, got.readings.channels[i].samplePeakMaxDbfs, c.samplePeakMaxDbfs],
        ]),
      ];
      console.log(`${engineName} offline vs Node: ${pairs.map(([k, a, b]) => `${k} ${a.toFixed(3)}/${b.toFixed(3)}`).join(', ')}`);
      expect(got.readings.frames).toBe(node.frames);
      for (const [what, a, b] of pairs) expect(Math.abs(a - b), `${what}: ${engineName} ${a}, Node ${b}`).toBeLessThanOrEqual(0.01);
      expect(await p.errors()).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  // Chromium (--autoplay-policy=document-user-activation-required) and Firefox
  // (media.autoplay.block-webaudio) still ran the context here when a script started it:
  // only WebKit refuses it until a gesture (Firefox's refusal comes from a missing sound server, below).
  it('the components: the paint worker (or the main thread where the engine cannot use it) draws what a 2D context draws, bit for bit; the picture matches Chromium\'s but for edges and text', async () => {
    const engine = await launchEngine(engineName);
    try {
      const p = await engine.open(`${dev.url}__components.html`);
      await p.waitFor('the components page', () => document.body.dataset.ready === 'true', { timeoutMs: 60_000 });
      // The correlation view held at −0.5: its marker in --busmeter-over, the trough near +1 empty.
      const correlation = await p.evaluate(async () => {
        const w = window as any;
        const el = await w.correlationHeldAt(-0.5, -0.8);
        const cv = el.shadowRoot.querySelector('[part~="bar"] canvas');
        const image = await w.canvasPixels(cv);
        const pixel = (f: number) => { const k = 4 * ((image.height >> 1) * image.width + Math.round(f * (image.width - 1))); return [...image.data.slice(k, k + 3)]; };
        return { marker: pixel(0.25), far: pixel(0.95), inWorker: w.paintsInWorker() as boolean };
      });
      // Every recorded command drawn on a live canvas and on a plain 2D context.
      const scene = await p.evaluate(async () => {
        const w = window as any;
        document.body.innerHTML = '<canvas id="a" style="width:160px;height:90px"></canvas><canvas id="b" width="160" height="90"></canvas>';
        const live = w.liveCanvas(document.getElementById('a'));
        live.resize(160, 90);
        const direct = (document.getElementById('b') as HTMLCanvasElement).getContext('2d')!;
        const draw = (g: any, path: any) => {
          g.fillStyle = '#1b1f25'; g.fillRect(0, 0, 160, 90);
          g.save(); g.translate(10, 5); g.globalAlpha = 0.5; g.fillStyle = 'rgb(63, 207, 114)'; g.fillRect(0, 0, 40, 30); g.restore();
          g.strokeStyle = '#f2a93b'; g.lineWidth = 3; g.strokeRect(60, 10, 30, 20);
          g.beginPath(); g.moveTo(5, 80); g.lineTo(60, 50); g.lineTo(100, 85); g.closePath(); g.fill();
          g.beginPath(); g.arc(130, 40, 20, 0, Math.PI * 1.5, false); g.stroke();
          g.save(); g.beginPath(); g.rect(100, 60, 50, 25); g.clip(); g.fillStyle = '#5f8fd6'; g.fillRect(90, 50, 80, 40); g.restore();
          path.moveTo(0, 45); path.lineTo(159, 45); path.rect(70, 60, 20, 20); path.closePath(); g.stroke(path);
          g.globalCompositeOperation = 'destination-out'; g.globalAlpha = 0.25; g.fillRect(0, 0, 30, 90);
          g.globalAlpha = 1; g.globalCompositeOperation = 'source-over';
          g.font = '12px sans-serif'; g.textAlign = 'right'; g.textBaseline = 'top'; g.fillStyle = '#ffffff'; g.fillText('\u221223.0', 155, 2);
          g.clearRect(150, 80, 10, 10);
        };
        await new Promise<void>((resolve) => {
          const stop = w.onFrame(() => { stop(); draw(live.context, live.path()); resolve(); });
        });
        draw(direct, new Path2D());
        const a = await w.canvasPixels(live.canvas);
        const b = direct.getImageData(0, 0, 160, 90);
        let differing = 0;
        for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) differing++;
        return { inWorker: live.inWorker as boolean, size: [a.width, a.height], differing, pixels: [...b.data] };
      });
      const expectWorker = engineName !== 'webkit';
      let vsChromium = 'reference';
      if (engineName === 'chromium') chromiumPictures.scene = scene.pixels;
      else {
        const reference = chromiumPictures.scene;
        expect(reference, 'Chromium\'s picture (the chromium tests run first)').toBeDefined();
        // A pixel differs when a channel is off by more than 8/255: the flat fills, the clip and the
        // compositing must agree; antialiased edges (the arc, the diagonals) and the text's glyphs
        // are each engine's own rasteriser and font hinting: 185 (1.3 %) in Firefox, 222 (1.5 %) in
        // WebKit of the 14,400 pixels here; the limit is 5 %.
        let off = 0;
        for (let i = 0; i < scene.pixels.length; i += 4) {
          if ([0, 1, 2, 3].some((c) => Math.abs(scene.pixels[i + c] - reference![i + c]) > 8)) off++;
        }
        vsChromium = `${off} of ${scene.pixels.length / 4} pixels differ from Chromium's by more than 8/255`;
        expect(off / (scene.pixels.length / 4), vsChromium).toBeLessThan(0.05);
      }
      console.log(`${engineName} components: correlation marker ${correlation.marker}, trough ${correlation.far}, paint worker ${correlation.inWorker}; scene on a live canvas vs a 2D context: ${scene.differing} bytes differ; ${vsChromium}`);
      expect(correlation.inWorker).toBe(expectWorker);
      expect(scene.inWorker).toBe(expectWorker);
      expect(correlation.marker).toEqual([0xff, 0x4b, 0x4b]);
      expect(correlation.far).toEqual([0x1b, 0x1f, 0x25]);
      expect(scene.size).toEqual([160, 90]);
      expect(scene.differing).toBe(0);
      expect(await p.errors()).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  if (engineName === 'webkit') it('where the AudioContext does not run (autoplay refused), the app says so in words and the meter is not silently blank', async () => {
    const engine = await launchEngine(engineName, { autoplay: false });
    try {
      const p = await openApp(engine);
      await page.click(p, 'input[name="source"][value="signal"]');
      await page.click(p, '#signal-start');
      const warnings = await p.waitFor('the AudioContext warning', () => {
        const all = (node: Document | ShadowRoot, out: string[] = []): string[] => {
          for (const e of node.querySelectorAll('busmeter-warnings')) out.push(e.shadowRoot?.textContent ?? '');
          for (const e of node.querySelectorAll('*')) if (e.shadowRoot) all(e.shadowRoot, out);
          return out;
        };
        const text = all(document).join(' ').replace(/\s+/g, ' ');
        return text.includes('not running this page\'s audio') ? text : '';
      }, { timeoutMs: 30_000 });
      const state = await p.evaluate(() => document.getElementById('status')!.dataset.state);
      console.log(`${engineName}, autoplay refused: status ${state}; ${warnings.slice(warnings.indexOf('The browser is not running'), warnings.indexOf('The browser is not running') + 120)}…`);
      expect(warnings).toMatch(/The browser is not running this page's audio \(its AudioContext is "(suspended|running|interrupted)"\)/);
      expect(await p.errors()).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  it('the mastering warning: none on the plain music, raised within 10 s of the bus limiter (this engine\'s DynamicsCompressorNode) going in, cleared within 10 s of it going out', async () => {
    const engine = await launchEngine(engineName);
    try {
      const p = await openApp(engine);
      // Times are read on the meter's audio clock (seconds of audio it has measured): the limit is
      // 10 s of audio, and on a loaded machine an engine's wall clock runs ahead of its audio.
      await p.evaluate(() => {
        const log: { what: string; shown: boolean; t: number }[] = [];
        const w = window as unknown as { masteringLog: typeof log; audioSeconds: () => number };
        w.masteringLog = log;
        w.audioSeconds = () => {
          const r = (document.getElementById('meter') as HTMLElement & { meter: { readings: { frames: number; sampleRate: number } } | null }).meter?.readings;
          return r && r.sampleRate > 0 ? r.frames / r.sampleRate : Number.NaN;
        };
        document.addEventListener('busmeter-mastering-change', (e) => {
          const { state, shown } = (e as CustomEvent<{ state: string; shown: boolean }>).detail;
          log.push({ what: `${state}${shown ? ' shown' : ''}`, shown, t: w.audioSeconds() });
        });
      });
      await page.click(p, 'input[name="source"][value="signal"]');
      await p.evaluate(() => {
        const select = document.getElementById('signal') as HTMLSelectElement;
        select.value = 'music';
        select.dispatchEvent(new Event('change'));
      });
      await page.click(p, '#signal-start');
      await p.waitFor('the music playing', () => document.getElementById('status')!.dataset.state === 'playing');
      const cardState = () => {
        const find = (node: Document | ShadowRoot): string | null => {
          for (const e of node.querySelectorAll('busmeter-mastering-warning')) {
            const card = e.shadowRoot?.querySelector('[part~="card"]') as HTMLElement | null;
            return e.hasAttribute('data-empty') ? 'empty' : (card?.dataset.state ?? 'none');
          }
          for (const e of node.querySelectorAll('*')) {
            if (e.shadowRoot) {
              const found = find(e.shadowRoot);
              if (found) return found;
            }
          }
          return null;
        };
        return find(document);
      };
      // The plain mix, 8 s: measured (the loop peaks at −8 dBFS), and no warning.
      await new Promise((resolve) => setTimeout(resolve, 8000));
      const plain = await p.evaluate(readShown);
      expect(Math.round(plain['sample-peak-max'].value), 'the music reaches the meter').toBe(-8);
      expect(await p.evaluate(cardState)).toBe('empty');
      const toggleLimiter = () => p.evaluate(() => {
        (document.getElementById('limiter') as HTMLInputElement).click();
        return (window as unknown as { audioSeconds: () => number }).audioSeconds();
      });
      const onAt = await toggleLimiter();
      // The wall-clock bounds only keep a broken run from hanging; the limits are checked below on audio time.
      await until('the warning "on"', async () => (await p.evaluate(cardState)) === 'on', 60_000);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const offAt = await toggleLimiter();
      await until('the warning cleared', async () => (await p.evaluate(cardState)) === 'empty', 60_000);
      const log = await p.evaluate(() => (window as unknown as { masteringLog: { what: string; shown: boolean; t: number }[] }).masteringLog);
      const raisedS = log.find((e) => e.t >= onAt && e.what === 'on shown')!.t - onAt;
      const clearedS = log.find((e) => e.t >= offAt && !e.shown)!.t - offAt;
      console.log(`${engineName} mastering warning: "on" ${raisedS.toFixed(1)} s of audio after the limiter went in, cleared ${clearedS.toFixed(1)} s of audio after it went out; changes ${log.map((e) => `${e.what} at ${e.t.toFixed(1)} s`).join(' → ')}`);
      expect(Number.isFinite(onAt) && Number.isFinite(offAt), 'the meter counts the audio it measured').toBe(true);
      expect(raisedS).toBeLessThanOrEqual(10);
      expect(clearedS).toBeLessThanOrEqual(10);
      expect(await p.errors()).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  if (engineName === 'firefox') {
    it('Firefox with no sound server: its AudioContext never runs, and the app says so', async () => {
      const engine = await launchEngine(engineName, { soundServer: false });
      try {
        const p = await openApp(engine);
        await page.click(p, 'input[name="source"][value="signal"]');
        await page.click(p, '#signal-start');
        await p.waitFor('the AudioContext warning', () => {
          const all = (node: Document | ShadowRoot, out: string[] = []): string[] => {
            for (const e of node.querySelectorAll('busmeter-warnings')) out.push(e.shadowRoot?.textContent ?? '');
            for (const e of node.querySelectorAll('*')) if (e.shadowRoot) all(e.shadowRoot, out);
            return out;
          };
          return all(document).join(' ').includes('no audio output to run on');
        }, { timeoutMs: 30_000 });
        expect(await p.errors()).toEqual([]);
      } finally {
        await engine.close();
      }
    });
  }
});

describe('the paint worker where canvas transfer crashes the page', () => {
  it('WebKitGTK and WPE draw on the main thread; Safari, Chromium-based browsers and Firefox keep the worker', () => {
    const agents: [string, boolean][] = [
      ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15', true], // MiniBrowser 2.50
      ['Mozilla/5.0 (X11; Ubuntu; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15 Epiphany/46', true],
      ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', false],
      ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1', false],
      ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36', false],
      ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', false],
      ['Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0', false],
    ];
    for (const [agent, crashes] of agents) expect(transferCrashesPage(agent), agent).toBe(crashes);
  });
});

/** A sine with 10 ms raised-cosine fades at 44.1 kHz, `segments` of [seconds, peak dBFS]. */
function sineProgramme(frequencyHz: number, segments: [number, number][]): Float32Array {
  const rate = 44100;
  const total = segments.reduce((sum, [sec]) => sum + Math.round(sec * rate), 0);
  const out = new Float32Array(total);
  const fade = Math.round(0.01 * rate);
  let i = 0;
  for (const [seconds, db] of segments) {
    const amplitude = 10 ** (db / 20);
    const end = i + Math.round(seconds * rate);
    for (; i < end; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / rate);
  }
  for (let k = 0; k < fade; k++) {
    const g = 0.5 - 0.5 * Math.cos((Math.PI * k) / fade);
    out[k] *= g;
    out[total - 1 - k] *= g;
  }
  return out;
}
