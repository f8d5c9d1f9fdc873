// The paint worker: the page's live canvases (src/paint/live-canvas.ts) are handed to it as
// OffscreenCanvases, and it replays each frame's recorded drawing on them. Why a worker: a 2D
// canvas drawn on the main thread costs the main thread its rasterising and, where compositing
// is in software, a copy of every canvas into the compositor in every frame. Canvases drawn here
// reach the compositor without the main thread (in Chromium, eight meter-sized canvases redrawn
// at 60 fps cost the main thread about 70 ms a second drawn there, and 4 ms drawn here).

import { argumentCount, Op, type PaintMessage, type PaintReply } from './paint-ops.js';
import { drainFrames, RING_DRAWN, type RingBuffers, type RingFrame } from './paint-ring.js';

type Context = OffscreenCanvasRenderingContext2D;

const contexts = new Map<number, Context>();
/** The newest canvas handed over: a frame that draws on a newer one waits for its 'adopt'. */
let newestAdopted = 0;
let ring: RingBuffers | null = null;
/** The string table (paint-ops.ts): grows with each frame's new strings. */
const strings: string[] = [];

self.onmessage = (event: MessageEvent<PaintMessage>) => {
  const message = event.data;
  if (message.type === 'adopt') {
    const g = message.canvas.getContext('2d');
    if (g) contexts.set(message.id, g);
    newestAdopted = Math.max(newestAdopted, message.id);
  } else if (message.type === 'ring') {
    ring = { data: message.data, control: message.control };
    const drain = () => {
      drainFrames(ring!, drawRingFrame);
      nextFrame(drain);
    };
    nextFrame(drain);
  } else if (message.type === 'drop') {
    contexts.delete(message.id);
  } else if (message.type === 'frame') {
    try {
      // With a ring, this is a frame too big for it: the ring's reader learns it was drawn.
      drawFrame(message.restart, message.strings, message.ops, message.length, message.sequence);
    } finally {
      self.postMessage({ type: 'buffer', ops: message.ops, sequence: message.sequence } satisfies PaintReply, { transfer: [message.ops.buffer] });
    }
  }
};

/** This worker's animation frames where it has them (Chromium, Firefox), else a 60 Hz timer. */
const nextFrame: (callback: () => void) => void = typeof (self as { requestAnimationFrame?: unknown }).requestAnimationFrame === 'function'
  ? (callback) => { (self as unknown as { requestAnimationFrame(cb: () => void): number }).requestAnimationFrame(callback); }
  : (callback) => { setTimeout(callback, 16); };

function drawRingFrame(frame: RingFrame): boolean {
  // Its canvases' 'adopt' messages were posted before it was written; wait for them.
  if (frame.newestCanvas > newestAdopted) return false;
  drawFrame(frame.restart, frame.strings, frame.ops, frame.ops.length, frame.sequence);
  return true;
}

/**
 * One frame, from a message or the ring: extends the string table (emptied first when
 * `restart`), draws the `length` numbers of `ops`, and where there is a ring, marks `sequence`
 * drawn in it.
 */
function drawFrame(restart: boolean, fresh: readonly string[] | null, ops: Float64Array, length: number, sequence: number): void {
  if (restart) strings.length = 0;
  if (fresh) for (const text of fresh) strings.push(text);
  replay(ops, length);
  if (ring) Atomics.store(ring.control, RING_DRAWN, sequence);
}

/** Draws one frame's commands (src/paint/paint-ops.ts). */
function replay(ops: Float64Array, n: number): void {
  let g: Context | undefined;
  let path: Path2D | null = null;
  let i = 0;
  while (i < n) {
    const op = ops[i++] as Op;
    if (op === Op.Select) {
      g = contexts.get(ops[i++]);
      continue;
    }
    if (!g) {
      i += argumentCount(op);
      continue;
    }
    switch (op) {
      case Op.Size:
        g.canvas.width = ops[i++];
        g.canvas.height = ops[i++];
        break;
      case Op.FillStyle: g.fillStyle = strings[ops[i++]]; break;
      case Op.StrokeStyle: g.strokeStyle = strings[ops[i++]]; break;
      case Op.GlobalAlpha: g.globalAlpha = ops[i++]; break;
      case Op.LineWidth: g.lineWidth = ops[i++]; break;
      case Op.Font: g.font = strings[ops[i++]]; break;
      case Op.TextAlign: g.textAlign = strings[ops[i++]] as CanvasTextAlign; break;
      case Op.TextBaseline: g.textBaseline = strings[ops[i++]] as CanvasTextBaseline; break;
      case Op.CompositeOperation: g.globalCompositeOperation = strings[ops[i++]] as GlobalCompositeOperation; break;
      case Op.Save: g.save(); break;
      case Op.Restore: g.restore(); break;
      case Op.Translate: g.translate(ops[i], ops[i + 1]); i += 2; break;
      case Op.ClearRect: g.clearRect(ops[i], ops[i + 1], ops[i + 2], ops[i + 3]); i += 4; break;
      case Op.FillRect: g.fillRect(ops[i], ops[i + 1], ops[i + 2], ops[i + 3]); i += 4; break;
      case Op.StrokeRect: g.strokeRect(ops[i], ops[i + 1], ops[i + 2], ops[i + 3]); i += 4; break;
      case Op.BeginPath: g.beginPath(); break;
      case Op.MoveTo: g.moveTo(ops[i], ops[i + 1]); i += 2; break;
      case Op.LineTo: g.lineTo(ops[i], ops[i + 1]); i += 2; break;
      case Op.Rect: g.rect(ops[i], ops[i + 1], ops[i + 2], ops[i + 3]); i += 4; break;
      case Op.Arc: g.arc(ops[i], ops[i + 1], ops[i + 2], ops[i + 3], ops[i + 4], ops[i + 5] !== 0); i += 6; break;
      case Op.ClosePath: g.closePath(); break;
      case Op.Fill: g.fill(); break;
      case Op.Stroke: g.stroke(); break;
      case Op.Clip: g.clip(); break;
      case Op.FillText: g.fillText(strings[ops[i]], ops[i + 1], ops[i + 2]); i += 3; break;
      case Op.PathBegin: {
        path = new Path2D();
        i++;
        break;
      }
      case Op.PathMoveTo: path?.moveTo(ops[i], ops[i + 1]); i += 2; break;
      case Op.PathLineTo: path?.lineTo(ops[i], ops[i + 1]); i += 2; break;
      case Op.PathRect: path?.rect(ops[i], ops[i + 1], ops[i + 2], ops[i + 3]); i += 4; break;
      case Op.PathClose: path?.closePath(); break;
      case Op.FillPath: if (path) g.fill(path); break;
      case Op.StrokePath: if (path) g.stroke(path); break;
      default:
        throw new Error(`busmeter paint worker: unknown drawing command ${op}`);
    }
  }
}
