// The 2D drawing API the components draw with (a subset of CanvasRenderingContext2D): the
// element's own context where drawing stays on the main thread, a recording context otherwise.

/** A path to fill or stroke (Path2D's subset the components use). */
export interface PaintPath {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  closePath(): void;
}

/** The part of CanvasRenderingContext2D the components draw with; a real 2D context is one. */
export interface Paint2D {
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  globalAlpha: number;
  lineWidth: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  globalCompositeOperation: GlobalCompositeOperation;
  save(): void;
  restore(): void;
  translate(x: number, y: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  strokeRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number, counterclockwise?: boolean): void;
  closePath(): void;
  fill(path?: PaintPath): void;
  stroke(path?: PaintPath): void;
  clip(): void;
  fillText(text: string, x: number, y: number): void;
}
