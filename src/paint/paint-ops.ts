// The drawing commands a LiveCanvas records on the main thread and the paint worker replays on
// its OffscreenCanvas (src/paint/live-canvas.ts, src/paint/paint-worker.ts). One frame
// of drawing for every live canvas of the page is one Float64Array of these codes, each followed
// by its numeric arguments, plus a table of the frame's strings (colours, fonts, texts), which
// arguments name by index. Both sides import this module, so the codes cannot drift apart.

export enum Op {
  /** id: the canvas the following commands draw on. */
  Select = 1,
  /** width, height: size the canvas (clears it and resets its state, as for any canvas). */
  Size,
  FillStyle,
  StrokeStyle,
  GlobalAlpha,
  LineWidth,
  Font,
  TextAlign,
  TextBaseline,
  CompositeOperation,
  Save,
  Restore,
  /** x, y */
  Translate,
  /** x, y, w, h */
  ClearRect,
  FillRect,
  StrokeRect,
  BeginPath,
  MoveTo,
  LineTo,
  Rect,
  /** x, y, radius, start angle, end angle, counterclockwise (0 / 1) */
  Arc,
  ClosePath,
  Fill,
  Stroke,
  Clip,
  /** string, x, y */
  FillText,
  /**
   * segment count: starts a path object (Path2D) made of the PathMoveTo / PathLineTo / PathRect /
   * PathClose segments that follow; FillPath and StrokePath draw the latest one.
   */
  PathBegin,
  PathMoveTo,
  PathLineTo,
  PathRect,
  PathClose,
  FillPath,
  StrokePath,
}

/** How many numbers follow each command (the worker skips the commands of a canvas that is gone). */
export function argumentCount(op: Op): number {
  switch (op) {
    case Op.Select: case Op.FillStyle: case Op.StrokeStyle: case Op.GlobalAlpha: case Op.LineWidth: case Op.Font:
    case Op.TextAlign: case Op.TextBaseline: case Op.CompositeOperation: case Op.PathBegin: return 1;
    case Op.Size: case Op.Translate: case Op.MoveTo: case Op.LineTo: case Op.PathMoveTo: case Op.PathLineTo: return 2;
    case Op.FillText: return 3;
    case Op.ClearRect: case Op.FillRect: case Op.StrokeRect: case Op.Rect: case Op.PathRect: return 4;
    case Op.Arc: return 6;
    default: return 0;
  }
}

/** Messages to the paint worker. */
export type PaintMessage =
  | { type: 'adopt'; id: number; canvas: OffscreenCanvas }
  | { type: 'drop'; id: number }
  /** Frames come through this ring (src/paint/paint-ring.ts) from now on, besides messages. */
  | { type: 'ring'; data: Float64Array; control: Int32Array }
  /**
   * `length` numbers of `ops` are the frame; `strings` extend the string table, emptied first
   * when `restart` (the table is kept to a bounded size).
   */
  | { type: 'frame'; ops: Float64Array; length: number; strings: string[] | null; restart: boolean; sequence: number };

/** Messages from the paint worker: frame `sequence` is drawn, and its buffer free for another frame. */
export type PaintReply = { type: 'buffer'; ops: Float64Array; sequence: number };
