// One frame's recording, shared by every live canvas of the page: the components draw on a
// RecordingContext (Paint2D), which writes paint ops (paint-ops.ts) into the frame's buffer for
// the paint worker to replay, bit for bit as a 2D context draws them.

import { Op, type PaintMessage } from './paint-ops.js';
import { writeFrame, type RingBuffers } from './paint-ring.js';
import type { Paint2D, PaintPath } from './paint2d.js';

export class FrameRecording {
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
export const RING_CAPACITY = 1 << 18;

/** Frames sent as messages and not yet drawn by the worker, at most. */
export const MAX_FRAMES_IN_FLIGHT = 3;

/** Strings the table holds before it starts again. */
const MAX_STRINGS = 4096;

/** Numbers a frame buffer holds at first (it grows to the largest frame). */
const INITIAL_OPS = 1 << 14;

/** A path recorded on the main thread; drawn as a Path2D by the worker. */
export class RecordedPath implements PaintPath {
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
export class RecordingContext implements Paint2D {
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
