// Frames of drawing commands (src/paint/paint-ops.ts) from the main thread to the paint
// worker through a SharedArrayBuffer ring, where the page is cross-origin isolated: the main
// thread copies a frame in and moves the write index; the worker reads whatever frames are
// there in each of its own animation frames. No message per frame and no buffer handed back:
// posting a frame cost the main thread about 0.15 ms (structured clone, transfer, the reply).
//
// One writer (the main thread), one reader (the worker). A frame is contiguous in the ring:
//   [FRAME, length of the whole frame, sequence, newest canvas id, restart (0 / 1),
//    string count, (string length, its UTF-16 code units)…, command count, commands…]
// A frame that does not fit before the end starts again at 0, after a WRAP mark. The writer
// never fills the ring to the last slot, so equal indices always mean "empty".

export const RING_WRITE = 0;
export const RING_READ = 1;
/** The sequence of the newest frame the worker has drawn. */
export const RING_DRAWN = 2;
const CONTROL_SLOTS = 4;

const FRAME = -1;
const WRAP = -2;
const HEADER = 6;

export interface RingBuffers {
  data: Float64Array;
  control: Int32Array;
}

export function createRing(capacity: number): RingBuffers {
  return {
    data: new Float64Array(new SharedArrayBuffer(capacity * Float64Array.BYTES_PER_ELEMENT)),
    control: new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT)),
  };
}

/** The numbers `strings` take in a frame. */
function stringsSize(strings: readonly string[] | null): number {
  let n = 0;
  if (strings) for (const text of strings) n += 1 + text.length;
  return n;
}

/**
 * Writes one frame; false when the ring has no room for it now (the worker is behind: the caller
 * keeps the commands and tries again with the next frame).
 */
export function writeFrame(
  ring: RingBuffers, sequence: number, newestCanvas: number, restart: boolean,
  strings: readonly string[] | null, ops: Float64Array, count: number,
): boolean {
  const { data, control } = ring;
  const capacity = data.length;
  const n = HEADER + stringsSize(strings) + 1 + count;
  const read = Atomics.load(control, RING_READ);
  let at = Atomics.load(control, RING_WRITE);
  if (at >= read) {
    // Free: [at, capacity) and [0, read). Keep one slot free at the end for a WRAP mark.
    if (capacity - at <= n) {
      if (n >= read) return false;
      data[at] = WRAP;
      at = 0;
    }
  } else if (read - at <= n) {
    return false;
  }
  let k = at;
  data[k++] = FRAME;
  data[k++] = n;
  data[k++] = sequence;
  data[k++] = newestCanvas;
  data[k++] = restart ? 1 : 0;
  data[k++] = strings ? strings.length : 0;
  if (strings) {
    for (const text of strings) {
      data[k++] = text.length;
      for (let i = 0; i < text.length; i++) data[k++] = text.charCodeAt(i);
    }
  }
  data[k++] = count;
  data.set(ops.subarray(0, count), k);
  Atomics.store(control, RING_WRITE, at + n);
  return true;
}

/** Whether the worker has read every frame written. */
export function ringEmpty(ring: RingBuffers): boolean {
  return Atomics.load(ring.control, RING_READ) === Atomics.load(ring.control, RING_WRITE);
}

export interface RingFrame {
  sequence: number;
  newestCanvas: number;
  restart: boolean;
  strings: string[] | null;
  /** The commands, a view into the ring (valid during the visit only). */
  ops: Float64Array;
}

/**
 * Visits the frames written since the last drain, oldest first, and frees them. A visit that
 * returns false leaves that frame and the ones after it for the next drain.
 */
export function drainFrames(ring: RingBuffers, visit: (frame: RingFrame) => boolean): void {
  const { data, control } = ring;
  const write = Atomics.load(control, RING_WRITE);
  let at = Atomics.load(control, RING_READ);
  while (at !== write) {
    if (data[at] === WRAP) {
      at = 0;
      continue;
    }
    if (data[at] !== FRAME) throw new Error(`busmeter paint ring: no frame at ${at}`);
    const n = data[at + 1];
    let k = at + HEADER;
    const stringCount = data[at + 5];
    let strings: string[] | null = null;
    if (stringCount > 0) {
      strings = [];
      for (let s = 0; s < stringCount; s++) {
        const length = data[k++];
        let text = '';
        for (let i = 0; i < length; i++) text += String.fromCharCode(data[k + i]);
        k += length;
        strings.push(text);
      }
    }
    const count = data[k++];
    const frame: RingFrame = {
      sequence: data[at + 2], newestCanvas: data[at + 3], restart: data[at + 4] === 1, strings, ops: data.subarray(k, k + count),
    };
    if (!visit(frame)) break;
    at += n;
    Atomics.store(control, RING_READ, at);
  }
}
