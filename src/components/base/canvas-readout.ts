// A number that changes ten times a second (momentary loudness, correlation, mid and side
// levels), drawn on a live canvas instead of written into the page.
//
// Why: in Chromium every change of text lays out, pre-paints and paints the document again and
// hit-tests it under the pointer: about 3.4 ms of main-thread time for each 100 ms round of
// readouts in the full panel, over a third of everything the panel cost. A live canvas is drawn in
// the paint worker, and a change of its picture costs the main thread next to nothing.
//
// The readout element keeps its box, styles and attributes: a hidden sizer holds the widest text
// the readout expects, so the box never depends on the number shown; the canvas covers the box;
// the text is drawn in the element's computed font and colour (theme and zone styles apply as
// before), with figures of one width (tabular, as font-variant-numeric: tabular-nums sets for
// DOM text) so the digits do not shuffle. `data-text` holds the text shown, `data-value` the
// number; an element without a role of its own becomes role="img" named by the text.

import { html } from 'lit';
import { liveCanvas, type LiveCanvas } from '../../paint/live-canvas.js';
import { dataValue } from '../../rules/format.js';
import { type Zone } from '../../rules/targets.js';

/** How often the accessible name follows the text (a screen reader reads it on demand). */
const LABEL_INTERVAL_MS = 500;

/** The readout element's content: the sizer (the widest expected text) and the canvas. */
export function readoutContent(widest: string) {
  return html`<span class="sizer" aria-hidden="true">${widest}</span><canvas aria-hidden="true"></canvas>`;
}

interface TextStyle {
  /** CSS font at device-pixel size. */
  font: string;
  /** The font's style and weight, its size in device pixels, its family: to build a smaller one. */
  face: string;
  size: number;
  family: string;
  color: string;
  align: 'left' | 'right' | 'center';
}

interface FontMetrics {
  font: string;
  /** Width of the widest figure: every figure gets a cell this wide. */
  cell: number;
  /** Each figure's own width (it is centred in its cell). */
  figures: number[];
  ascent: number;
  descent: number;
  /** Widths of the other characters met so far (sign, point, dash, ∞). */
  widths: Map<string, number>;
}

let measurer: OffscreenCanvasRenderingContext2D | null | undefined;
let measuring = '';
const metricsByFont = new Map<string, FontMetrics>();

function measure(font: string, text: string): TextMetrics {
  if (measuring !== font) {
    measurer!.font = font;
    measuring = font;
  }
  return measurer!.measureText(text);
}

function metricsOf(font: string): FontMetrics | null {
  let m = metricsByFont.get(font);
  if (m) return m;
  measurer ??= typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(1, 1).getContext('2d') : null;
  if (!measurer) return null;
  const figures = Array.from({ length: 10 }, (_, d) => measure(font, String(d)).width);
  const box = measure(font, '0');
  m = { font, cell: Math.max(...figures), figures, ascent: box.fontBoundingBoxAscent, descent: box.fontBoundingBoxDescent, widths: new Map() };
  // A theme may change fonts at run time; the cache only ever holds the few fonts in use.
  if (metricsByFont.size > 64) metricsByFont.clear();
  metricsByFont.set(font, m);
  return m;
}

function isFigure(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

/** The advance of `ch`: a figure's cell, or the character's own width. */
function advanceOf(m: FontMetrics, ch: string): number {
  if (isFigure(ch)) return m.cell;
  let w = m.widths.get(ch);
  if (w === undefined) {
    w = measure(m.font, ch).width;
    m.widths.set(ch, w);
  }
  return w;
}

export class CanvasReadout {
  private readonly live: LiveCanvas | null;
  private text = '';
  private style: TextStyle | null = null;
  /** The theme the style was read under (a component keeps one object while its theme holds). */
  private styledFor: object | null = null;
  /** What the element's attributes hold, so they are compared here, not read back from the DOM. */
  private value: string;
  private zone: string | undefined;
  private label: string;
  private labelAt = -Infinity;
  private readonly labelled: boolean;

  constructor(readonly el: HTMLElement) {
    const canvas = el.querySelector('canvas');
    this.live = canvas ? liveCanvas(canvas) : null;
    this.text = el.dataset.text ?? '';
    this.value = el.dataset.value ?? '';
    this.zone = el.dataset.zone;
    this.label = this.text;
    this.labelled = !el.hasAttribute('role');
    if (this.labelled) {
      el.setAttribute('role', 'img');
      el.setAttribute('aria-label', this.text);
    }
  }

  /**
   * Shows `text` (data-value = `value`, data-zone = `zone` when given); draws only when the text
   * or the computed style changed. The style is read again when the zone changes and when
   * `theme` is a new object: the component's theme, which it replaces only when it changed
   * (reading the computed style after the attribute writes of a frame restyles the page).
   */
  set(text: string, value: number, zone: Zone | string | undefined, theme: object, now: number): void {
    const el = this.el;
    const dv = dataValue(value);
    if (dv !== this.value) {
      this.value = dv;
      el.dataset.value = dv;
    }
    let restyle = theme !== this.styledFor;
    if (zone !== undefined && zone !== this.zone) {
      this.zone = zone;
      el.dataset.zone = zone;
      restyle = true;
    }
    if (this.labelled && text !== this.label && now - this.labelAt >= LABEL_INTERVAL_MS) {
      this.label = text;
      this.labelAt = now;
      el.setAttribute('aria-label', text);
    }
    this.styledFor = theme;
    const restyled = restyle && this.readStyle();
    if (text === this.text && !restyled) return;
    this.text = text;
    el.dataset.text = text;
    this.draw();
  }

  /** After a resize (or a blank fresh canvas): sizes the canvas to the box and draws again. */
  refit(): void {
    if (!this.live) return;
    this.live.fit();
    this.readStyle();
    this.draw();
  }

  /** Reads the element's computed font, colour and alignment; true when they changed. */
  private readStyle(): boolean {
    const cs = getComputedStyle(this.el);
    const dpr = globalThis.devicePixelRatio || 1;
    const size = parseFloat(cs.fontSize) * dpr;
    const align = cs.textAlign === 'right' || cs.textAlign === 'end' ? 'right' : cs.textAlign === 'center' ? 'center' : 'left';
    const face = `${cs.fontStyle} ${cs.fontWeight}`;
    const font = `${face} ${size}px ${cs.fontFamily}`;
    const old = this.style;
    if (old && old.font === font && old.color === cs.color && old.align === align) return false;
    this.style = { font, face, size, family: cs.fontFamily, color: cs.color, align };
    return true;
  }

  private draw(): void {
    const live = this.live;
    const g = live?.context;
    if (!live || !g) return;
    const { width: w, height: h } = live;
    g.clearRect(0, 0, w, h);
    const style = this.style;
    const m = style && metricsOf(style.font);
    if (!style || !m || this.text === '') return;
    const text = this.text;
    let total = 0;
    for (const ch of text) total += advanceOf(m, ch);
    // A text wider than the box (a reading beyond what the sizer expects) is drawn smaller, not cut.
    const k = total > w ? w / total : 1;
    g.font = k === 1 ? style.font : `${style.face} ${style.size * k}px ${style.family}`;
    g.fillStyle = style.color;
    g.textAlign = 'left';
    g.textBaseline = 'alphabetic';
    // One line in a box as tall as its line: CSS puts the baseline half the leading below the top.
    const baseline = (h - (m.ascent + m.descent) * k) / 2 + m.ascent * k;
    let x = style.align === 'right' ? w - total * k : style.align === 'center' ? (w - total * k) / 2 : 0;
    for (const ch of text) {
      const advance = advanceOf(m, ch) * k;
      const own = isFigure(ch) ? m.figures[ch.charCodeAt(0) - 48]! * k : advance;
      g.fillText(ch, x + (advance - own) / 2, baseline);
      x += advance;
    }
  }
}
