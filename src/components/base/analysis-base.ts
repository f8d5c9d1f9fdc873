// The plumbing the analysis views (spectrum, correlation, goniometer, balance) share: follow a
// Meter's 'spectrum' / 'stereo' / 'reset' events and draw in the shared frame loop through a
// MeterLink (the one way a component follows a meter), refit canvases on resize, re-read the
// theme at most once a second. No view lives here.

import { LitElement, type PropertyValues } from 'lit';
import type { Meter } from '../../live/meter-types.js';
import { fitCanvas } from '../../paint/canvas-size.js';
import { keepTheme, readTheme, type ThemeColors } from './theme.js';
import { LiveCanvas } from '../../paint/live-canvas.js';
import { ResizeFlag } from '../../paint/resize-flag.js';
import { MeterLink } from './meter-link.js';

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
  private readonly geometry = new ResizeFlag(this);
  private readonly link = new MeterLink(this, {
    events: {
      reset: () => {
        this.onMeterReset();
        this.dirty = true;
      },
    },
    listen: (meter, signal) => this.listen(meter, signal),
    frame: (t) => this.tick(t),
  });

  constructor() {
    super();
    this.meter = null;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('meter')) this.link.relink(() => this.onMeterReset());
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
