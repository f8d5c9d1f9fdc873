// A canvas for a picture that changes seldom (a scale, a grid, the headroom gauge): drawn on an
// OffscreenCanvas and handed to the visible canvas as an ImageBitmap ('bitmaprenderer' context).
//
// Why not a 2D canvas: Chromium copies every 2D canvas of the page into the compositor in every
// frame in which anything on the page changed, whether or not that canvas did (in software
// compositing about 1 ns a pixel: a 700 × 200 grid costs 0.15 ms a frame, 9 ms a second at 60 fps).
// A bitmaprenderer canvas is copied only when it is given a new picture. Handing over a picture
// costs more than drawing a 2D canvas, so this is for layers redrawn a few times a second at most.
//
//   const layer = new BitmapLayer(canvas);
//   if (layer.fit()) layer.paint((g, width, height) => drawScale(g, width, height));   // after a resize

import { fitCanvas } from './canvas-size.js';

export class BitmapLayer {
  private readonly renderer: ImageBitmapRenderingContext | null;
  private surface: OffscreenCanvas | null = null;
  private context: OffscreenCanvasRenderingContext2D | null = null;

  constructor(readonly canvas: HTMLCanvasElement) {
    this.renderer = canvas.getContext('bitmaprenderer');
  }

  /** Sizes the canvas to its box × devicePixelRatio; true when the size changed (then redraw). */
  fit(): boolean {
    return fitCanvas(this.canvas);
  }

  /**
   * Draws a new picture, canvas.width × canvas.height, and shows it. `draw` gets a transparent
   * surface: every picture handed over leaves a fresh one behind. Draws nothing where there is no
   * OffscreenCanvas.
   */
  paint(draw: (g: OffscreenCanvasRenderingContext2D, width: number, height: number) => void): void {
    const { width, height } = this.canvas;
    if (!this.renderer || typeof OffscreenCanvas !== 'function') return;
    if (!this.surface || this.surface.width !== width || this.surface.height !== height) {
      this.surface = new OffscreenCanvas(width, height);
      this.context = this.surface.getContext('2d');
    }
    if (!this.context) return;
    draw(this.context, width, height);
    this.renderer.transferFromImageBitmap(this.surface.transferToImageBitmap());
  }
}
