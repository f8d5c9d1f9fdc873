// One requestAnimationFrame loop for the whole page: meters drain their readings in it and
// components draw in it, so a page with ten meters still runs one rAF callback per frame.
//
//   const stop = onFrame((timestampMs) => { … });
//   stop();   // unsubscribe
//
// Callbacks run in subscription order, then the frame-end callbacks (onFrameEnd: the paint
// worker's relay sends the frame's drawing there). A callback that throws is reported
// (reportError) and does not stop the others. The loop runs only while something is subscribed. Where there is
// no requestAnimationFrame (a worker), it falls back to a 16 ms timer.

export type FrameCallback = (timestampMs: number) => void;

const callbacks = new Set<FrameCallback>();
const endCallbacks = new Set<() => void>();
let scheduled = false;

const hasRaf = typeof requestAnimationFrame === 'function';

function schedule(): void {
  if (scheduled || callbacks.size === 0) return;
  scheduled = true;
  if (hasRaf) requestAnimationFrame(tick);
  else setTimeout(() => tick(performance.now()), 16);
}

function report(error: unknown): void {
  if (typeof reportError === 'function') reportError(error);
  else setTimeout(() => { throw error; });
}

function tick(timestampMs: number): void {
  scheduled = false;
  for (const callback of callbacks) {
    try {
      callback(timestampMs);
    } catch (error) {
      report(error);
    }
  }
  for (const callback of endCallbacks) {
    try {
      callback();
    } catch (error) {
      report(error);
    }
  }
  schedule();
}

/** Calls `callback` once per animation frame until the returned function is called. */
export function onFrame(callback: FrameCallback): () => void {
  callbacks.add(callback);
  schedule();
  return () => {
    callbacks.delete(callback);
  };
}

/**
 * Calls `callback` at the end of every frame, after the frame callbacks (for as long as the page
 * lives: the loop itself still runs only while a frame callback is subscribed).
 */
export function onFrameEnd(callback: () => void): void {
  endCallbacks.add(callback);
}
