// A canvas that changes every frame (a meter bar, a trace), drawn off the main thread where the
// browser can: the element's control goes to the page's paint worker
// (src/paint/paint-worker.ts, transferControlToOffscreen), the component draws on a
// recording context with the 2D API it uses (Paint2D), and the frame loop sends one frame's
// recording for every live canvas of the page to the worker in one message when the frame ends.
//
// Why: in Chromium a 2D canvas drawn on the main thread costs the main thread its rasterising and,
// where compositing is in software (no GPU, most virtual machines), a copy of the canvas into the
// compositor in every frame; that was most of what the panel cost. A canvas drawn in a worker
// reaches the compositor without the main thread.
//
// Where there is no OffscreenCanvas transfer or no Worker, or after configurePainting({ worker:
// false }), or when the worker cannot start (a Content-Security-Policy without 'self' for
// workers), the component draws on the element's own 2D context instead: same calls, same
// pictures.
//
//   const live = liveCanvas(canvasElement);
//   if (live.fit()) { … }            // after a resize: sizes the backing store to the box × dpr
//   const g = live.context;           // Paint2D (null if the canvas has no 2D context)
//   g?.fillRect(0, 0, live.width, live.height);

import { onFrameEnd } from '../live/frame-loop.js';
import { ResizeFlag } from './resize-flag.js';
import { backingSize } from './canvas-size.js';
import { Op, type PaintMessage, type PaintReply } from './paint-ops.js';
import { createRing, RING_DRAWN, ringEmpty, type RingBuffers } from './paint-ring.js';
import { givenPaintWorkerUrl, setPaintWorkerUrl } from '../live/assets.js';
import { defaultPaintWorkerUrl } from './paint-worker-url.js';
import type { Paint2D, PaintPath } from './paint2d.js';
import { FrameRecording, MAX_FRAMES_IN_FLIGHT, RecordedPath, RING_CAPACITY, RecordingContext } from './recording.js';

export type { Paint2D, PaintPath } from './paint2d.js';

let workerAllowed = true;

/**
 * `worker`: whether live canvases may be drawn in a worker (default true). Takes effect for
 * canvases made live after the call; false keeps all drawing on the main thread (to compare, or
 * to debug). `workerUrl`: where the paint worker is (default: paint-worker.js beside the
 * package's module; a worker is always of the page's origin), for a worker not started yet.
 */
export function configurePainting(options: { worker?: boolean; workerUrl?: string | URL }): void {
  if (options.worker !== undefined) workerAllowed = options.worker;
  if (options.workerUrl !== undefined) setPaintWorkerUrl(options.workerUrl);
}

/** Whether canvases made live now are drawn in the paint worker. */
export function paintsInWorker(): boolean {
  return workerAllowed && relay().state !== 'failed' && relaySupported();
}

function relaySupported(): boolean {
  return typeof Worker === 'function' && typeof OffscreenCanvas === 'function' &&
    typeof HTMLCanvasElement === 'function' && typeof HTMLCanvasElement.prototype.transferControlToOffscreen === 'function' &&
    !transferCrashesPage();
}

/**
 * WebKitGTK / WPE (WebKit on Linux, not Safari): a canvas transferred to a worker and drawn there
 * every frame crashes the page's web process within seconds (WebKitGTK 2.50.6 in its compositing
 * mode, a failed assertion; a page of one worker drawing two rectangles per frame does it too).
 * A crash cannot be caught or detected from the page, so there the canvases are drawn on the main
 * thread. The one place the meter looks at the user agent: no feature test can see this.
 */
export function transferCrashesPage(userAgent = typeof navigator === 'object' ? navigator.userAgent : ''): boolean {
  return /\bAppleWebKit\//.test(userAgent) && /\b(Linux|X11)\b/.test(userAgent) &&
    !/Chrome|Chromium|CriOS|Edg\/|Android/.test(userAgent);
}

// ---- The relay: the worker, the live canvases, the frame's message ----

interface Relay {
  state: 'idle' | 'running' | 'failed';
  worker: Worker | null;
  recording: FrameRecording;
  nextId: number;
  /**
   * Live canvases drawn in the worker, by id, to fall back when the worker fails. Weakly: a
   * canvas whose component is gone must be free to go (its worker side is dropped then).
   */
  relayed: Map<number, WeakRef<LiveCanvas>>;
  /** The id of the newest canvas handed to the worker. */
  newestRelayed: number;
  /** Frames go through this ring where the page is cross-origin isolated, else as messages. */
  ring: RingBuffers | null;
}

let theRelay: Relay | null = null;

function relay(): Relay {
  theRelay ??= { state: 'idle', worker: null, recording: new FrameRecording(), nextId: 1, relayed: new Map(), newestRelayed: 0, ring: null };
  return theRelay;
}

/** The running paint worker (started on first use), or null when it cannot start (then drawing falls back). */
function startWorker(r: Relay): Worker | null {
  if (r.worker) return r.worker;
  const url = new URL(givenPaintWorkerUrl() ?? defaultPaintWorkerUrl(), globalThis.document?.baseURI).href;
  let worker: Worker;
  try {
    worker = new Worker(url, { type: 'module' });
  } catch (error) {
    // e.g. a worker URL of another origin (SecurityError)
    fail(r, `the paint worker ${url} could not start: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
  worker.addEventListener('message', (event: MessageEvent<PaintReply>) => {
    if (event.data?.type !== 'buffer') return;
    r.recording.giveBack(event.data.ops);
    r.recording.drawn = event.data.sequence;
  });
  worker.addEventListener('error', (event) => {
    // The worker did not start (refused by a Content-Security-Policy, or its file is missing):
    // draw everything on the main thread from now on.
    event.preventDefault();
    fail(r, `the paint worker ${url} failed: ${event.message || 'it could not be loaded'}`);
  });
  r.worker = worker;
  r.state = 'running';
  if (globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function') {
    r.ring = createRing(RING_CAPACITY);
    worker.postMessage({ type: 'ring', data: r.ring.data, control: r.ring.control } satisfies PaintMessage);
  }
  onFrameEnd(() => sendFrame(r));
  return worker;
}

/** Sends the frame's recording to the worker: at the end of every frame, and for whenPainted(). */
function sendFrame(r: Relay): void {
  const recording = r.recording;
  const worker = r.worker;
  if (r.state !== 'running' || !worker) {
    recording.endFrame();
    return;
  }
  if (r.ring) {
    readDrawn(r);
    if (recording.writeTo(r.ring, r.newestRelayed)) return;
    // No room. A worker behind gets the commands with a later frame; one frame too big for the
    // ring goes as a message, once the ring is empty (so frames stay in order).
    if (recording.length < r.ring.data.length / 2 || !ringEmpty(r.ring)) return;
  }
  // A worker that falls behind (a slow machine, a busy core) gets the next frames in one
  // message: drawing is incremental, so every command is kept, in order; fewer messages queue.
  if (recording.sent - recording.drawn >= MAX_FRAMES_IN_FLIGHT) {
    recording.endFrame();
    return;
  }
  const message = recording.take();
  if (message) worker.postMessage(message, [message.ops.buffer]);
}

/** Takes the newest frame the worker has drawn from the ring (frames sent as messages report it in their reply). */
function readDrawn(r: Relay): void {
  if (r.ring) r.recording.drawn = Math.max(r.recording.drawn, Atomics.load(r.ring.control, RING_DRAWN));
}

/** Whether every canvas drawn in the worker shows its last size on the page. */
function placeholdersShowTheirSize(r: Relay): boolean {
  if (r.state !== 'running') return true;
  for (const ref of r.relayed.values()) {
    const live = ref.deref();
    if (live && live.inWorker && live.canvas.isConnected && (live.canvas.width !== live.width || live.canvas.height !== live.height)) return false;
  }
  return true;
}

/**
 * Resolves once everything drawn on live canvases so far is on the page (drawn by the worker and
 * shown): for tests and screenshots that read canvases. At once where nothing is drawn in a worker.
 */
export function whenPainted(): Promise<void> {
  return new Promise((resolve) => {
    const r = theRelay;
    if (!r || r.state !== 'running') {
      resolve();
      return;
    }
    // What is recorded and not sent yet goes now (the frame loop may have stopped).
    if (r.recording.length > 0) sendFrame(r);
    const sequence = r.recording.sent + (r.recording.length > 0 ? 1 : 0);
    let shownFor = 0;
    const check = () => {
      if (r.state !== 'running') {
        resolve();
        return;
      }
      readDrawn(r);
      if (r.recording.length > 0 && r.recording.sent < sequence) sendFrame(r); // held back: retry
      // Drawn by the worker; its pictures reach the page's canvases a frame or more later, the
      // later the busier the machine (a canvas shows its new size once its first picture at that
      // size has arrived).
      if (r.recording.drawn >= sequence) {
        shownFor++;
        if (shownFor >= 2 && (placeholdersShowTheirSize(r) || shownFor > 120)) {
          resolve();
          return;
        }
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}

function fail(r: Relay, reason: string): void {
  if (r.state === 'failed') return;
  r.state = 'failed';
  r.worker?.terminate();
  console.warn(`busmeter: drawing on the main thread (${reason})`);
  for (const live of r.relayed.values()) live.deref()?.fallBack();
  r.relayed.clear();
}

const canvasesDropped = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<number>((id) => {
    const r = theRelay;
    r?.relayed.delete(id);
    if (r?.state === 'running') r.worker?.postMessage({ type: 'drop', id } satisfies PaintMessage);
  })
  : null;

const lives = new WeakMap<HTMLCanvasElement, LiveCanvas>();

/** The live canvas of `canvas` (made on first use; a canvas can be handed to the worker only once). */
export function liveCanvas(canvas: HTMLCanvasElement): LiveCanvas {
  let live = lives.get(canvas);
  if (!live) {
    live = new LiveCanvas(canvas);
    lives.set(canvas, live);
  }
  return live;
}

export class LiveCanvas {
  /** Backing-store size in device pixels. */
  width: number;
  height: number;
  /** Paint2D for this canvas: a recorder when drawn in the worker, else the element's 2D context. */
  context: Paint2D | null;
  private readonly id: number;
  private local: boolean;
  /** Recorded paths, reused: those handed out in frame `pathsFrame`. */
  private readonly paths: RecordedPath[] = [];
  private pathsUsed = 0;
  private pathsFrame = -1;

  constructor(private element: HTMLCanvasElement) {
    this.width = element.width;
    this.height = element.height;
    const r = relay();
    this.id = r.nextId++;
    const worker = paintsInWorker() ? startWorker(r) : null;
    if (worker) {
      const offscreen = element.transferControlToOffscreen();
      worker.postMessage({ type: 'adopt', id: this.id, canvas: offscreen } satisfies PaintMessage, [offscreen]);
      this.context = new RecordingContext(r.recording, this.id);
      this.local = false;
      r.relayed.set(this.id, new WeakRef(this));
      r.newestRelayed = this.id;
      canvasesDropped?.register(element, this.id);
    } else {
      this.context = element.getContext('2d');
      this.local = true;
    }
  }

  /** The element on the page (a fresh one after a fall-back from the worker). */
  get canvas(): HTMLCanvasElement {
    return this.element;
  }

  /** Whether this canvas is drawn in the paint worker. */
  get inWorker(): boolean {
    return !this.local;
  }

  /**
   * A new, empty path for fill(path) / stroke(path) on this canvas, valid for the frame it is
   * made in (a live canvas reuses its recorded paths from frame to frame: no allocation).
   */
  path(): PaintPath {
    if (this.local) return new Path2D();
    const r = relay().recording;
    if (this.pathsFrame !== r.frame) {
      this.pathsFrame = r.frame;
      this.pathsUsed = 0;
    }
    let path = this.paths[this.pathsUsed];
    if (!path) this.paths.push((path = new RecordedPath()));
    this.pathsUsed++;
    path.reset();
    return path;
  }

  /** Sizes the backing store to the element's box × devicePixelRatio; true when it changed (then redraw). */
  fit(): boolean {
    return this.resize(...backingSize(this.element));
  }

  /** Sizes the backing store (clears the canvas, as sizing any canvas does); true when it changed. */
  resize(width: number, height: number): boolean {
    if (width === this.width && height === this.height) return false;
    this.width = width;
    this.height = height;
    if (this.local) {
      this.element.width = width;
      this.element.height = height;
    } else {
      (this.context as RecordingContext).resetState();
      const r = relay().recording;
      r.select(this.id);
      r.reserve(3);
      r.ops[r.length++] = Op.Size;
      r.ops[r.length++] = width;
      r.ops[r.length++] = height;
    }
    return true;
  }

  /**
   * The worker failed: put a fresh canvas in the element's place (a transferred canvas cannot be
   * drawn on the main thread) and draw on it from now on. The next fit() sizes it.
   */
  fallBack(): void {
    if (this.local) return;
    const fresh = this.element.cloneNode(false) as HTMLCanvasElement;
    this.element.replaceWith(fresh);
    lives.set(fresh, this);
    this.element = fresh;
    this.local = true;
    this.context = fresh.getContext('2d');
    const { width, height } = this;
    this.width = this.height = -1;
    this.resize(width, height);
    // The fresh canvas is blank: the component must draw everything again, not only what changes.
    const root = fresh.getRootNode();
    if (root instanceof ShadowRoot) ResizeFlag.raise(root.host);
  }
}
