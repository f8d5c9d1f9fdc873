// Lines for traces redrawn many times a second (the spectrum, the loudness history), stroked as
// one-device-pixel lines. Why: where the canvas is rasterised in software (no GPU, a blocklisted
// one, most virtual machines) Skia draws a line at most one pixel wide with its hairline
// rasteriser, but a wider one by computing the outline of the stroke, joins included, and filling
// that: the spectrum's 512-point line took 1.8 ms at 1.5 px and 0.03 ms at 1 px on a 2-core VM.
// A line `width` pixels wide is drawn as that many hairlines one pixel apart, centred on the path,
// which reads the same at a glance.

import type { Paint2D, PaintPath } from './live-canvas.js';

export function strokeHairlines(g: Paint2D, path: PaintPath, widthPx: number, color: string): void {
  const lines = Math.max(1, Math.round(widthPx));
  const first = -(lines - 1) / 2;
  g.strokeStyle = color;
  g.lineWidth = 1;
  for (let i = 0; i < lines; i++) {
    const dy = first + i;
    if (dy !== 0) g.translate(0, dy);
    g.stroke(path);
    if (dy !== 0) g.translate(0, -dy);
  }
}
