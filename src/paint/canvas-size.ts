// Canvas sizing: a canvas's backing store matches its CSS box × devicePixelRatio.

/** The backing-store size, in device pixels, that fills `canvas`'s box (at least 1 × 1). */
export function backingSize(canvas: HTMLCanvasElement): [width: number, height: number] {
  const dpr = globalThis.devicePixelRatio || 1;
  return [Math.max(1, Math.round(canvas.clientWidth * dpr)), Math.max(1, Math.round(canvas.clientHeight * dpr))];
}

/**
 * Sizes a canvas's backing store to its CSS box × devicePixelRatio. Returns true when the size
 * changed (the caller then redraws everything).
 */
export function fitCanvas(canvas: HTMLCanvasElement): boolean {
  const [w, h] = backingSize(canvas);
  if (canvas.width === w && canvas.height === h) return false;
  canvas.width = w;
  canvas.height = h;
  return true;
}
