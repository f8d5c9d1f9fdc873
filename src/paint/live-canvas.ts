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
import { createRing, RING_DRAWN, ringEmpty, writeFrame, type RingBuffers } from './paint-ring.js';
import paintWorkerUrl from './paint-worker.ts?worker&url';

/** A path to fill or stroke (Path2D's subset the components use). */
export interface PaintPath {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  closePath(): void;
}

/** The part of CanvasRenderingContext2D the components draw with; a real 2D context is one. */
export interface Paint2D {
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  globalAlpha: number;
  lineWidth: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  globalCompositeOperation: GlobalCompositeOperation;
  save(): void;
  restore(): void;
  translate(x: number, y: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  strokeRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number, counterclockwise?: boolean): void;
  closePath(): void;
  fill(path?: PaintPath): void;
  stroke(path?: PaintPath): void;
  clip(): void;
  fillText(text: string, x: number, y: number): void;
}

let workerAllowed = true;

/**
 * Whether live canvases may be drawn in a worker (default true). Takes effect for canvases made
 * live after the call; false keeps all drawing on the main thread (to compare, or to debug).
 */
export function configurePainting(options: { worker: boolean }): void {
  workerAllowed = options.worker;
}

/** Whether canvases made live now are drawn in the paint worker. */
export function paintsInWorker(): boolean {
  return workerAllowed && relay().state !== 'failed' && relaySupported();
}

function relaySupported(): boolean {
  return typeof Worker === 'function' && typeof OffscreenCanvas === 'function' &&
    typeof HTMLCanvasElement === 'function' && typeof HTMLCanvasElement.prototype.transferControlToOffscreen === 'function';
}

// ---- One frame's recording, shared by every live canvas of the page ----

class FrameRecording {
  ops: Float64Array;
  length = 0;
  /** The string table (paint-ops.ts): index of each string sent so far. */
  private readonly table = new Map<string, number>();
  /** Strings first used this frame, to send with it. */
  private fresh: string[] = [];
  /** The table was emptied: the next frame tells the worker to empty its own. */
  private restart = false;
  /** Buffers the worker handed back. */
  private readonly spare: Float64Array[] = [];
  /** The canvas the latest commands draw on (-1: none yet this frame). */
  selected = -1;
  /** The latest path object written out this frame. */
  lastPath: RecordedPath | null = null;
  lastPathLength = 0;
  /** Frames taken so far (paths are handed out per frame). */
  frame = 0;
  /** Frames sent to the worker, and the latest it has drawn. */
  sent = 0;
  drawn = 0;

  constructor() {
    this.ops = new Float64Array(INITIAL_OPS);
  }

  reserve(count: number): void {
    if (this.length + count <= this.ops.length) return;
    let size = this.ops.length * 2;
    while (size < this.length + count) size *= 2;
    const grown = new Float64Array(size);
    grown.set(this.ops.subarray(0, this.length));
    this.ops = grown;
  }

  select(id: number): void {
    if (this.selected === id) return;
    this.reserve(2);
    this.ops[this.length++] = Op.Select;
    this.ops[this.length++] = id;
    this.selected = id;
  }

  /** The table index of `text` (added to the table, and to this frame's new strings, on first use). */
  string(text: string): number {
    let index = this.table.get(text);
    if (index === undefined) {
      index = this.table.size;
      this.table.set(text, index);
      this.fresh.push(text);
    }
    return index;
  }

  /**
   * The frame's message, its buffer to be transferred (null when nothing was drawn); recording
   * goes on in a spare buffer.
   */
  take(): Extract<PaintMessage, { type: 'frame' }> | null {
    this.endFrame();
    if (this.length === 0) return null;
    const message: Extract<PaintMessage, { type: 'frame' }> = {
      type: 'frame', ops: this.ops, length: this.length, strings: this.fresh.length ? this.fresh : null, restart: this.restart,
      sequence: ++this.sent,
    };
    this.sentStrings();
    let next = this.spare.pop();
    while (next && next.length < this.ops.length) next = this.spare.pop(); // outgrown
    this.ops = next ?? new Float64Array(this.ops.length);
    this.length = 0;
    return message;
  }

  /**
   * Writes the frame into the ring (src/paint/paint-ring.ts); false when the ring has no
   * room for it now: its commands stay and go with the next frame's.
   */
  writeTo(ring: RingBuffers, newestCanvas: number): boolean {
    this.endFrame();
    if (this.length === 0) return true;
    if (!writeFrame(ring, this.sent + 1, newestCanvas, this.restart, this.fresh.length ? this.fresh : null, this.ops, this.length)) return false;
    this.sent++;
    this.sentStrings();
    this.length = 0;
    return true;
  }

  /** The frame's new strings are on their way: start collecting the next frame's. */
  private sentStrings(): void {
    if (this.fresh.length) this.fresh = [];
    this.restart = false;
    // Texts that change (a readout drawn on a canvas) would grow the table without end: start
    // it again now and then. Emptied between frames, so no index of a frame is lost.
    if (this.table.size > MAX_STRINGS) {
      this.table.clear();
      this.restart = true;
    }
  }

  /** Ends a frame without sending it: its commands go with the next frame's. */
  endFrame(): void {
    this.frame++;
    this.selected = -1;
    this.lastPath = null;
  }

  /** A buffer back from the worker. */
  giveBack(ops: Float64Array): void {
    if (this.spare.length < 4) this.spare.push(ops);
  }
}

/** Numbers the ring holds (2 MiB): some fifty frames of the full panel. */
const RING_CAPACITY = 1 << 18;

/** Frames sent as messages and not yet drawn by the worker, at most. */
const MAX_FRAMES_IN_FLIGHT = 3;

/** Strings the table holds before it starts again. */
const MAX_STRINGS = 4096;

/** Numbers a frame buffer holds at first (it grows to the largest frame). */
const INITIAL_OPS = 1 << 14;

/** A path recorded on the main thread; drawn as a Path2D by the worker. */
class RecordedPath implements PaintPath {
  segments = new Float64Array(256);
  length = 0;
  count = 0;

  reset(): void {
    this.length = 0;
    this.count = 0;
  }

  private room(numbers: number): Float64Array {
    if (this.length + numbers > this.segments.length) {
      const grown = new Float64Array(this.segments.length * 2);
      grown.set(this.segments);
      this.segments = grown;
    }
    this.count++;
    return this.segments;
  }

  moveTo(x: number, y: number): void {
    const s = this.room(3);
    s[this.length] = Op.PathMoveTo;
    s[this.length + 1] = x;
    s[this.length + 2] = y;
    this.length += 3;
  }

  lineTo(x: number, y: number): void {
    const s = this.room(3);
    s[this.length] = Op.PathLineTo;
    s[this.length + 1] = x;
    s[this.length + 2] = y;
    this.length += 3;
  }

  rect(x: number, y: number, w: number, h: number): void {
    const s = this.room(5);
    s[this.length] = Op.PathRect;
    s[this.length + 1] = x;
    s[this.length + 2] = y;
    s[this.length + 3] = w;
    s[this.length + 4] = h;
    this.length += 5;
  }

  closePath(): void {
    const s = this.room(1);
    s[this.length++] = Op.PathClose;
  }
}

/** A 2D context's state at first, and after sizing. */
const STATE = {
  fill: '#000000' as string,
  stroke: '#000000' as string,
  alpha: 1,
  width: 1,
  font: '10px sans-serif',
  align: 'start' as CanvasTextAlign,
  baseline: 'alphabetic' as CanvasTextBaseline,
  composite: 'source-over' as GlobalCompositeOperation,
};

/** Paint2D that records into the frame's recording, for canvas `id`. */
class RecordingContext implements Paint2D {
  private fill_ = STATE.fill;
  private stroke_ = STATE.stroke;
  private alpha = STATE.alpha;
  private width_ = STATE.width;
  private font_ = STATE.font;
  private align = STATE.align;
  private baseline = STATE.baseline;
  private composite = STATE.composite;

  /** States put aside by save(), reused (no allocation per save once the stack is deep enough). */
  private readonly saved: Array<typeof STATE> = [];
  private depth = 0;

  constructor(private readonly recording: FrameRecording, private readonly id: number) {}

  /** Sizing a canvas resets its state: so does the recorder's. */
  resetState(): void {
    this.fill_ = STATE.fill;
    this.stroke_ = STATE.stroke;
    this.alpha = STATE.alpha;
    this.width_ = STATE.width;
    this.font_ = STATE.font;
    this.align = STATE.align;
    this.baseline = STATE.baseline;
    this.composite = STATE.composite;
    this.depth = 0;
  }

  private op(code: Op, count: number): Float64Array {
    const r = this.recording;
    r.select(this.id);
    r.reserve(count + 1);
    r.ops[r.length++] = code;
    return r.ops;
  }

  private op2(code: Op, a: number, b: number): void {
    const ops = this.op(code, 2);
    const r = this.recording;
    ops[r.length++] = a;
    ops[r.length++] = b;
  }

  private op4(code: Op, a: number, b: number, c: number, d: number): void {
    const ops = this.op(code, 4);
    const r = this.recording;
    ops[r.length++] = a;
    ops[r.length++] = b;
    ops[r.length++] = c;
    ops[r.length++] = d;
  }

  private opString(code: Op, text: string): void {
    const index = this.recording.string(text);
    const ops = this.op(code, 1);
    ops[this.recording.length++] = index;
  }

  get fillStyle(): string { return this.fill_; }
  set fillStyle(value: string | CanvasGradient | CanvasPattern) {
    this.fill_ = styleString(value);
    this.opString(Op.FillStyle, this.fill_);
  }

  get strokeStyle(): string { return this.stroke_; }
  set strokeStyle(value: string | CanvasGradient | CanvasPattern) {
    this.stroke_ = styleString(value);
    this.opString(Op.StrokeStyle, this.stroke_);
  }

  get globalAlpha(): number { return this.alpha; }
  set globalAlpha(value: number) {
    this.alpha = value;
    const ops = this.op(Op.GlobalAlpha, 1);
    ops[this.recording.length++] = value;
  }

  get lineWidth(): number { return this.width_; }
  set lineWidth(value: number) {
    this.width_ = value;
    const ops = this.op(Op.LineWidth, 1);
    ops[this.recording.length++] = value;
  }

  get font(): string { return this.font_; }
  set font(value: string) {
    this.font_ = value;
    this.opString(Op.Font, value);
  }

  get textAlign(): CanvasTextAlign { return this.align; }
  set textAlign(value: CanvasTextAlign) {
    this.align = value;
    this.opString(Op.TextAlign, value);
  }

  get textBaseline(): CanvasTextBaseline { return this.baseline; }
  set textBaseline(value: CanvasTextBaseline) {
    this.baseline = value;
    this.opString(Op.TextBaseline, value);
  }

  get globalCompositeOperation(): GlobalCompositeOperation { return this.composite; }
  set globalCompositeOperation(value: GlobalCompositeOperation) {
    this.composite = value;
    this.opString(Op.CompositeOperation, value);
  }

  save(): void {
    // The state the getters report is saved and restored too, as the 2D context does.
    const saved = this.saved[this.depth] ?? (this.saved[this.depth] = { ...STATE });
    saved.fill = this.fill_;
    saved.stroke = this.stroke_;
    saved.alpha = this.alpha;
    saved.width = this.width_;
    saved.font = this.font_;
    saved.align = this.align;
    saved.baseline = this.baseline;
    saved.composite = this.composite;
    this.depth++;
    this.op(Op.Save, 0);
  }

  restore(): void {
    if (this.depth > 0) {
      const saved = this.saved[--this.depth];
      this.fill_ = saved.fill;
      this.stroke_ = saved.stroke;
      this.alpha = saved.alpha;
      this.width_ = saved.width;
      this.font_ = saved.font;
      this.align = saved.align;
      this.baseline = saved.baseline;
      this.composite = saved.composite;
    }
    this.op(Op.Restore, 0);
  }
  translate(x: number, y: number): void { this.op2(Op.Translate, x, y); }
  clearRect(x: number, y: number, w: number, h: number): void { this.op4(Op.ClearRect, x, y, w, h); }
  fillRect(x: number, y: number, w: number, h: number): void { this.op4(Op.FillRect, x, y, w, h); }
  strokeRect(x: number, y: number, w: number, h: number): void { this.op4(Op.StrokeRect, x, y, w, h); }
  beginPath(): void { this.op(Op.BeginPath, 0); }
  moveTo(x: number, y: number): void { this.op2(Op.MoveTo, x, y); }
  lineTo(x: number, y: number): void { this.op2(Op.LineTo, x, y); }
  rect(x: number, y: number, w: number, h: number): void { this.op4(Op.Rect, x, y, w, h); }
  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number, counterclockwise = false): void {
    const ops = this.op(Op.Arc, 6);
    const r = this.recording;
    ops[r.length++] = x;
    ops[r.length++] = y;
    ops[r.length++] = radius;
    ops[r.length++] = startAngle;
    ops[r.length++] = endAngle;
    ops[r.length++] = counterclockwise ? 1 : 0;
  }
  closePath(): void { this.op(Op.ClosePath, 0); }

  fill(path?: PaintPath): void {
    if (path) this.drawPath(path, Op.FillPath);
    else this.op(Op.Fill, 0);
  }

  stroke(path?: PaintPath): void {
    if (path) this.drawPath(path, Op.StrokePath);
    else this.op(Op.Stroke, 0);
  }

  clip(): void { this.op(Op.Clip, 0); }

  fillText(text: string, x: number, y: number): void {
    const index = this.recording.string(text);
    const ops = this.op(Op.FillText, 3);
    const r = this.recording;
    ops[r.length++] = index;
    ops[r.length++] = x;
    ops[r.length++] = y;
  }

  /** Writes the path out once per frame (a trace stroked as several hairlines is sent once). */
  private drawPath(path: PaintPath, op: Op.FillPath | Op.StrokePath): void {
    if (!(path instanceof RecordedPath)) throw new TypeError('busmeter: draw paths made by LiveCanvas.path() on a live canvas');
    const r = this.recording;
    if (r.lastPath !== path || r.lastPathLength !== path.length) {
      const ops = this.op(Op.PathBegin, 1 + path.length);
      ops[r.length++] = path.count;
      ops.set(path.segments.subarray(0, path.length), r.length);
      r.length += path.length;
      r.lastPath = path;
      r.lastPathLength = path.length;
    }
    this.op(op, 0);
  }
}

function styleString(value: string | CanvasGradient | CanvasPattern): string {
  if (typeof value !== 'string') throw new TypeError('busmeter: live canvases take colours as strings (no gradients or patterns)');
  return value;
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

function startWorker(r: Relay): Worker {
  if (r.worker) return r.worker;
  const worker = new Worker(new URL(paintWorkerUrl, import.meta.url), { type: 'module' });
  worker.addEventListener('message', (event: MessageEvent<PaintReply>) => {
    if (event.data?.type !== 'buffer') return;
    r.recording.giveBack(event.data.ops);
    r.recording.drawn = event.data.sequence;
  });
  worker.addEventListener('error', (event) => {
    // The worker did not start (refused by a Content-Security-Policy, or its file is missing):
    // draw everything on the main thread from now on.
    event.preventDefault();
    fail(r, event.message || 'the paint worker failed to start');
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
    if (paintsInWorker()) {
      const worker = startWorker(r);
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
