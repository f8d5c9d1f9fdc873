// The component tests' page (served by Vite at /__components.html, see
// tests/support/components-page.ts): every element registered, the fake meter, and the helpers
// the tests call through page.evaluate() as window.mount(), window.settle(), …

import '../../src/components/index.js';
import { liveCanvas, paintsInWorker, whenPainted } from '../../src/paint/live-canvas.js';
import { onFrame } from '../../src/live/frame-loop.js';
import { FakeMeter } from '../support/fake-meter.js';

type MeterElement = HTMLElement & { meter: unknown; updateComplete: Promise<unknown> };

const w = window as unknown as Record<string, unknown> & {
  frames(n?: number): Promise<void>;
  sleep(ms: number): Promise<void>;
  mount(markup: string, meter?: FakeMeter): Promise<MeterElement[]>;
  settle(): Promise<void>;
};

w.FakeMeter = FakeMeter;
w.frames = (n = 2) => new Promise<void>((resolve) => {
  const step = () => (--n <= 0 ? resolve() : requestAnimationFrame(step));
  requestAnimationFrame(step);
});
/**
 * The pixels of a canvas as shown: live canvases are drawn in the paint worker, so wait until
 * its drawing is on the page, then read a copy (a canvas handed to the worker has no 2D context here).
 */
w.paintsInWorker = paintsInWorker;
w.liveCanvas = liveCanvas;
w.onFrame = onFrame;
w.canvasPixels = async (cv: HTMLCanvasElement) => {
  await whenPainted();
  const copy = new OffscreenCanvas(cv.width, cv.height).getContext('2d')!;
  copy.drawImage(cv, 0, 0);
  return copy.getImageData(0, 0, cv.width, cv.height);
};
w.sleep = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Numbers and words refresh at most 10 times a second: wait for the next refresh. */
w.settle = async () => { await w.sleep(120); await w.frames(2); };
/** Mounts markup, gives every busmeter element the meter, waits for the first render. */
w.mount = async (markup, meter) => {
  document.body.innerHTML = markup;
  const els = [...document.body.querySelectorAll('*')].filter((e) => e.localName.startsWith('busmeter-')) as MeterElement[];
  if (meter) for (const el of els) el.meter = meter;
  await Promise.all(els.map((e) => e.updateComplete));
  await w.frames(2);
  return els;
};
/** A correlation view fed the same correlation (and minimum) every frame for 0.7 s, its numbers refreshed. */
w.correlationHeldAt = async (correlation: number, correlationMin: number) => {
  const m = new FakeMeter(['L', 'R']);
  const [el] = await w.mount('<busmeter-correlation></busmeter-correlation>', m);
  const t0 = performance.now();
  while (performance.now() - t0 < 700) {
    m.pushStereo({ correlation, correlationMin });
    await w.frames(1);
  }
  await w.settle();
  return el;
};
document.body.dataset.ready = 'true';
