// A Painter on a 2D canvas: the app draws the report's plots with the same routine the CLI uses
// for its PNG (src/offline/report/plots.ts).

import type { Painter } from './plots.js';

export class CanvasPainter implements Painter {
  readonly width: number;
  readonly height: number;

  constructor(private readonly ctx: CanvasRenderingContext2D) {
    this.width = ctx.canvas.width;
    this.height = ctx.canvas.height;
  }

  fillRect(x: number, y: number, w: number, h: number, color: string): void {
    this.ctx.fillStyle = color;
    this.ctx.fillRect(x, y, w, h);
  }

  polyline(xy: readonly number[], color: string, lineWidth: number): void {
    const ctx = this.ctx;
    ctx.strokeStyle = color;
    ctx.lineWidth = lineWidth;
    ctx.lineJoin = 'round';
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i + 1 < xy.length; i += 2) {
      const [x, y] = [xy[i], xy[i + 1]];
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        pen = false;
        continue;
      }
      // Half-pixel offset keeps one-pixel grid lines sharp.
      if (pen) ctx.lineTo(x + 0.5, y + 0.5);
      else ctx.moveTo(x + 0.5, y + 0.5);
      pen = true;
    }
    ctx.stroke();
  }

  text(x: number, y: number, text: string, color: string, align: 'left' | 'right' | 'center' = 'left'): void {
    const ctx = this.ctx;
    ctx.fillStyle = color;
    ctx.font = '11px ui-monospace, "DejaVu Sans Mono", monospace';
    ctx.textBaseline = 'top';
    ctx.textAlign = align;
    ctx.fillText(text, x, y);
  }
}
