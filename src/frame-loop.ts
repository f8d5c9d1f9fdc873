// One requestAnimationFrame loop for the whole page: meters drain their readings in it and
// components draw in it, so a page with ten meters still runs one rAF callback per frame.
//
//   const stop = onFrame((timestampMs) => { … });
//   stop();   // unsubscribe
//
// Callbacks run in subscription order. A callback that throws is reported (reportError) and
// does not stop the others. The loop runs only while something is subscribed. Where there is
// no requestAnimationFrame (a worker), it falls back to a 16 ms timer.

export type FrameCallback = (timestampMs: number) => void;

const callbacks = new Set<FrameCallback>();
let scheduled = false;

const hasRaf = typeof requestAnimationFrame === 'function';

function schedule(): void {
  if (scheduled || callbacks.size === 0) return;
  scheduled = true;
  if (hasRaf) requestAnimationFrame(tick);
  else setTimeout(() => tick(performance.now()), 16);
}

function tick(timestampMs: number): void {
  scheduled = false;
  for (const callback of callbacks) {
    try {
      callback(timestampMs);
    } catch (error) {
      if (typeof reportError === 'function') reportError(error);
      else setTimeout(() => { throw error; });
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
