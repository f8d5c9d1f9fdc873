// The plumbing the analysis views (spectrum, correlation, goniometer, balance) share: follow a
// Meter's 'spectrum' / 'stereo' / 'reset' events through one AbortController, draw in the shared
// frame loop, refit canvases on resize, re-read the theme at most once a second. No view lives here.

import { LitElement, type PropertyValues } from 'lit';
import { onFrame } from '../../live/frame-loop.js';
import type { Meter } from '../../live/meter-types.js';
import { fitCanvas } from '../../paint/canvas-size.js';
import { keepTheme, readTheme, type ThemeColors } from './theme.js';
import { LiveCanvas } from '../../paint/live-canvas.js';
import { ResizeFlag } from '../../paint/resize-flag.js';

export abstract class AnalysisView extends LitElement {
  static override properties = {
    meter: { attribute: false },
  };

  /** The Meter to follow (src/live/meter-types.ts). */
  declare meter: Meter | null;

  /** Something new to draw (set by the event handlers, cleared by the frame). */
  protected dirty = true;
  protected theme: ThemeColors | null = null;
  private themeReadAt = -Infinity;
  private controller: AbortController | null = null;
  private stopFrames: (() => void) | null = null;
  private readonly geometry = new ResizeFlag(this);

  constructor() {
    super();
    this.meter = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.attach();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.detach();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('meter')) {
      this.detach();
      this.onMeterReset();
      this.attach();
    }
    this.dirty = true;
    this.geometry.dirty = true;
  }

  /** Subscribes to the meter's events (signal aborts them all). */
  protected abstract listen(meter: Meter, signal: AbortSignal): void;

  /** Forget what was shown (meter reset or replaced). */
  protected abstract onMeterReset(): void;

  /** Draws a frame; `resized` = canvases were refitted (redraw static layers). */
  protected abstract frame(t: number, theme: ThemeColors, resized: boolean): void;

  /** Extra theme values a view reads (custom properties of its own), refreshed with the theme. */
  protected readExtraTheme(_style: CSSStyleDeclaration): void {}

  /** Canvases to size to their boxes (after the first render): elements, or live canvases. */
  protected abstract canvases(): Array<HTMLCanvasElement | LiveCanvas>;

  private attach(): void {
    if (!this.isConnected) return;
    if (this.meter && !this.controller) {
      this.controller = new AbortController();
      const { signal } = this.controller;
      this.meter.addEventListener('reset', () => {
        this.onMeterReset();
        this.dirty = true;
      }, { signal });
      this.listen(this.meter, signal);
    }
    if (!this.stopFrames) this.stopFrames = onFrame((t) => this.tick(t));
  }

  private detach(): void {
    this.controller?.abort();
    this.controller = null;
    this.stopFrames?.();
    this.stopFrames = null;
  }

  private tick(t: number): void {
    const canvases = this.canvases();
    if (!canvases.length) return;
    if (!this.theme || t - this.themeReadAt > 1000) {
      this.theme = keepTheme(this.theme, readTheme(this));
      this.readExtraTheme(getComputedStyle(this));
      this.themeReadAt = t;
    }
    let resized = false;
    if (this.geometry.take()) {
      resized = true;
      for (const cv of canvases) {
        if (cv instanceof LiveCanvas) cv.fit();
        else fitCanvas(cv);
      }
      this.dirty = true;
    }
    this.frame(t, this.theme, resized);
  }
}
