// Longer than 400 lines on purpose: one element whose bars, hold, maxima and clip lights share per-channel state drawn in one frame.
// <busmeter-peak-meter>: per-channel sample-peak and true-peak bars with IEC 60268-18 style
// fall-back, peak hold, numeric maxima and a latched clip/over indicator.

import { html, LitElement, type PropertyValues } from 'lit';
import type { Meter } from '../../live/meter-types.js';
import { AriaThrottle } from '../base/aria.js';
import { FLOOR_DB } from '../../contract/readings-layout.js';
import { PEAK_MARKS, PEAK_SCALE_MAX_DB, PEAK_SCALE_MIN_DB, peakFraction } from '../../rules/peak-scale.js';
import { fire } from '../base/events.js';
import { formatSigned } from '../../rules/format.js';
import { readTheme, themeStyles, type ThemeColors } from '../base/theme.js';
import { styles } from './styles.js';
import { setReadout } from '../base/text.js';
import { ResizeFlag } from '../../paint/resize-flag.js';
import { MeterLink } from '../base/meter-link.js';
import { BitmapLayer } from '../../paint/bitmap-layer.js';
import { liveCanvas, type LiveCanvas, type Paint2D } from '../../paint/live-canvas.js';

/**
 * Fall-back of the bars, dB per second: IEC 60268-18 digital peak meter return time of 20 dB in
 * 1.7 s (≈ 11.8 dB/s). Attack is instantaneous: every frame shows the highest sample / true peak
 * measured since the previous frame, so no peak is ever missed.
 */
export const DEFAULT_FALL_DB_PER_S = 20 / 1.7;

/** Why a clip indicator latched. */
export interface ClipDetail {
  channel: number;
  label: string;
  reason: 'clip-run' | 'true-peak-over';
}

/**
 * Per-channel peak meter: a wide true-peak bar (dBTP) with the sample-peak bar (dBFS) drawn
 * inside it, peak-hold markers, the maxima since reset per channel, and a clip/over light per
 * channel that latches on a new clip run (≥ 3 samples at full scale), a new true-peak over or a
 * true peak above 0 dBTP, until clicked (or Enter/Space). Clearing one light clears them all.
 *
 * Ballistics: instantaneous attack; fall-back `fallDbPerSecond` (default 20 dB in 1.7 s, as the
 * IEC 60268-18 digital peak meter). Peak hold lasts `holdMs`, then the hold marker falls with
 * the bar; `holdMs = 0` holds until reset. Scale: −60 … +3 dBFS, expanded above −20 dB, with
 * the −6 … −3 dBFS bounce window shaded.
 *
 * @fires busmeter-clip - A clip light latched; detail: {channel, label, reason}.
 * @fires busmeter-clip-clear - The user cleared the clip lights.
 *
 * @csspart header - The overall maxima above the bars.
 * @csspart true-peak-max - Overall max true peak (data-value = dBTP, "-inf" for none).
 * @csspart sample-peak-max - Overall max sample peak (data-value = dBFS).
 * @csspart grid - The grid of channels.
 * @csspart clip - Each clip/over light (a button; data-latched="true|false").
 * @csspart bar - Each channel's bar (role="meter", true peak; data-channel).
 * @csspart scale - The dBFS scale canvas.
 * @csspart label - Each channel label.
 * @csspart channel-true-peak-max - Each channel's max true peak (data-channel, data-value).
 * @csspart channel-sample-peak-max - Each channel's max sample peak (data-channel, data-value).
 *
 * @cssproperty --busmeter-bg - Background.
 * @cssproperty --busmeter-fg - Text and scale.
 * @cssproperty --busmeter-muted - Secondary text.
 * @cssproperty --busmeter-surface - Bar trough and buttons.
 * @cssproperty --busmeter-ok - Bars below −3 dBFS.
 * @cssproperty --busmeter-warn - Bars from −3 to 0 dBFS.
 * @cssproperty --busmeter-over - Bars above 0 dBFS / dBTP and latched clip lights.
 * @cssproperty --busmeter-accent - Focus ring and the −6 … −3 dBFS window on the scale.
 * @cssproperty --busmeter-font - Font family.
 * @cssproperty --busmeter-peak-bar-min-height - Minimum bar height (default 240px).
 */
export class BusmeterPeakMeter extends LitElement {
  /** The tag the element is registered under (src/components/elements.ts). */
  static readonly tag = 'busmeter-peak-meter';

  static override properties = {
    meter: { attribute: false },
    holdMs: { type: Number, attribute: 'hold-ms' },
    fallDbPerSecond: { type: Number, attribute: 'fall-db-per-second' },
    _labels: { state: true },
  };

  static override styles = [themeStyles, styles];

  /** The Meter to draw (src/live/meter-types.ts). */
  declare meter: Meter | null;
  /** Peak-hold time in ms (default 2000); 0 holds until reset. */
  declare holdMs: number;
  /** Bar fall-back speed, dB/s (default 20 dB in 1.7 s ≈ 11.8 dB/s, IEC 60268-18). */
  declare fallDbPerSecond: number;
  declare private _labels: string[];

  // Per-channel state, reallocated when the channel count changes.
  private pendingSp = new Float64Array(0);
  private pendingTp = new Float64Array(0);
  private shownSp = new Float64Array(0);
  // The loudest peaks since the last ARIA announcement: a screen reader hears the peak of the
  // last half second, not wherever the falling bar happened to be when the throttle let it speak.
  private ariaSp = new Float64Array(0);
  private ariaTp = new Float64Array(0);
  private shownTp = new Float64Array(0);
  private holdSp = new Float64Array(0);
  private holdTp = new Float64Array(0);
  private holdSpUntil = new Float64Array(0);
  private holdTpUntil = new Float64Array(0);
  private drawnSp = new Float64Array(0);
  private drawnTp = new Float64Array(0);
  private drawnHoldSp = new Float64Array(0);
  private drawnHoldTp = new Float64Array(0);
  private clipBase = new Float64Array(0);
  private overBase = new Float64Array(0);
  private latched: boolean[] = [];
  private fresh = false;
  private textAt = -Infinity;

  private canvases: LiveCanvas[] = [];
  /** Rows (canvas px) of what stands still on a bar, for bars `height` px tall: set on resize. */
  private rows = { height: -1, warn: 0, over: 0, windowLow: 0, ticks: new Float64Array(0) };
  private bars: HTMLElement[] = [];
  private clipButtons: HTMLButtonElement[] = [];
  private tpCells: HTMLElement[] = [];
  private spCells: HTMLElement[] = [];
  private tpAria: AriaThrottle[] = [];
  private spAria: AriaThrottle[] = [];
  private scaleLayer: BitmapLayer | null = null;
  private tpMaxEl: HTMLElement | null = null;
  private spMaxEl: HTMLElement | null = null;
  private theme: ThemeColors | null = null;
  private themeReadAt = -Infinity;
  private lastT = -1;

  private readonly link = new MeterLink(this, {
    events: { readings: () => this.ingest(), reset: () => this.onReset() },
    attached: () => this.ingest(),
    frame: (t) => this.frame(t),
    detached: () => {
      this.lastT = -1;
    },
  });
  private readonly geometry = new ResizeFlag(this);

  constructor() {
    super();
    this.meter = null;
    this.holdMs = 2000;
    this.fallDbPerSecond = DEFAULT_FALL_DB_PER_S;
    this._labels = ['L', 'R'];
    this.allocate(2);
  }

  /**
   * What the bars show right now (after ballistics), per channel, dB: sample peak, true peak and
   * their hold markers. FLOOR_DB (−200) = nothing.
   */
  get displayed(): { samplePeak: number[]; truePeak: number[]; holdSamplePeak: number[]; holdTruePeak: number[]; clip: boolean[] } {
    return {
      samplePeak: [...this.shownSp],
      truePeak: [...this.shownTp],
      holdSamplePeak: [...this.holdSp],
      holdTruePeak: [...this.holdTp],
      clip: [...this.latched],
    };
  }

  /** Clears the clip/over lights (the meter keeps counting). */
  clearClip(): void {
    let any = false;
    for (let c = 0; c < this.latched.length; c++) {
      if (this.latched[c]) any = true;
      this.latched[c] = false;
    }
    this.syncClipButtons();
    if (any) fire(this, 'busmeter-clip-clear');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('meter')) {
      const labels = this.meter?.layout?.labels ?? this.meter?.readings?.channels.map((c) => c.label) ?? ['L', 'R'];
      if (labels.join('\u0000') !== this._labels.join('\u0000')) this._labels = [...labels];
      this.allocate(this._labels.length);
    }
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('_labels') || !this.canvases.length) {
      this.collectElements();
      this.geometry.dirty = true;
    }
    if (changed.has('meter')) {
      this.link.relink();
    }
  }

  private allocate(n: number): void {
    const floor = () => new Float64Array(n).fill(FLOOR_DB);
    this.pendingSp = floor();
    this.pendingTp = floor();
    this.shownSp = floor();
    this.ariaSp = floor();
    this.ariaTp = floor();
    this.shownTp = floor();
    this.holdSp = floor();
    this.holdTp = floor();
    this.holdSpUntil = new Float64Array(n);
    this.holdTpUntil = new Float64Array(n);
    this.drawnSp = new Float64Array(n).fill(NaN);
    this.drawnTp = new Float64Array(n).fill(NaN);
    this.drawnHoldSp = new Float64Array(n).fill(NaN);
    this.drawnHoldTp = new Float64Array(n).fill(NaN);
    this.clipBase = new Float64Array(n);
    this.overBase = new Float64Array(n);
    this.latched = new Array<boolean>(n).fill(false);
    const r = this.meter?.readings;
    if (r) {
      for (let c = 0; c < n && c < r.channels.length; c++) {
        this.clipBase[c] = r.channels[c].clipRuns;
        this.overBase[c] = r.channels[c].truePeakOvers;
      }
    }
  }

  private collectElements(): void {
    const root = this.renderRoot;
    this.canvases = [...root.querySelectorAll<HTMLCanvasElement>('canvas.bar-canvas')].map(liveCanvas);
    this.bars = [...root.querySelectorAll<HTMLElement>('[part~="bar"]')];
    this.clipButtons = [...root.querySelectorAll<HTMLButtonElement>('button.clip')];
    this.tpCells = [...root.querySelectorAll<HTMLElement>('[part~="channel-true-peak-max"]')];
    this.spCells = [...root.querySelectorAll<HTMLElement>('[part~="channel-sample-peak-max"]')];
    this.tpAria = this.bars.map((el) => new AriaThrottle(el));
    this.spAria = [...root.querySelectorAll<HTMLElement>('.sp-meter')].map((el) => new AriaThrottle(el));
    const scaleCanvas = root.querySelector<HTMLCanvasElement>('canvas.scale');
    if (scaleCanvas && this.scaleLayer?.canvas !== scaleCanvas) this.scaleLayer = new BitmapLayer(scaleCanvas);
    this.tpMaxEl = root.querySelector<HTMLElement>('[part~="true-peak-max"]');
    this.spMaxEl = root.querySelector<HTMLElement>('[part~="sample-peak-max"]');
    const grid = root.querySelector<HTMLElement>('.grid');
    grid?.style.setProperty('--_channels', String(this._labels.length));
    this.drawnSp.fill(NaN);
    this.drawnTp.fill(NaN);
    this.syncClipButtons();
  }

  private onReset(): void {
    const n = this._labels.length;
    this.allocate(n);
    for (const a of this.tpAria) a.invalidate();
    for (const a of this.spAria) a.invalidate();
    this.syncClipButtons();
    this.fresh = true;
    this.textAt = -Infinity;
  }

  /** Takes in the readings of one meter frame: since-read peaks are kept until drawn. */
  private ingest(): void {
    const r = this.meter?.readings;
    if (!r) return;
    const n = Math.min(r.channels.length, this.pendingSp.length);
    for (let c = 0; c < n; c++) {
      const ch = r.channels[c];
      if (ch.samplePeakDbfs > this.pendingSp[c]) this.pendingSp[c] = ch.samplePeakDbfs;
      if (ch.truePeakDbtp > this.pendingTp[c]) this.pendingTp[c] = ch.truePeakDbtp;
      if (ch.samplePeakDbfs > this.ariaSp[c]) this.ariaSp[c] = ch.samplePeakDbfs;
      if (ch.truePeakDbtp > this.ariaTp[c]) this.ariaTp[c] = ch.truePeakDbtp;
      let reason: ClipDetail['reason'] | null = null;
      if (ch.clipRuns > this.clipBase[c]) reason = 'clip-run';
      else if (ch.truePeakOvers > this.overBase[c] || ch.truePeakDbtp > 0) reason = 'true-peak-over';
      this.clipBase[c] = ch.clipRuns;
      this.overBase[c] = ch.truePeakOvers;
      if (reason && !this.latched[c]) {
        this.latched[c] = true;
        this.syncClipButtons();
        fire<ClipDetail>(this, 'busmeter-clip', { channel: c, label: this._labels[c] ?? `${c + 1}`, reason });
      }
    }
    this.fresh = true;
  }

  private syncClipButtons(): void {
    for (let c = 0; c < this.clipButtons.length; c++) {
      const b = this.clipButtons[c];
      const on = !!this.latched[c];
      const label = this._labels[c] ?? `${c + 1}`;
      b.dataset.latched = String(on);
      b.textContent = on ? 'OVER' : 'clip';
      b.setAttribute('aria-label', on ? `Clip or over on ${label}: press to clear` : `No clip on ${label}`);
    }
  }

  private frame(t: number): void {
    const dt = this.lastT < 0 ? 0 : Math.min(250, Math.max(0, t - this.lastT));
    this.lastT = t;
    const fall = (this.fallDbPerSecond > 0 ? this.fallDbPerSecond : DEFAULT_FALL_DB_PER_S) * (dt / 1000);
    const holdMs = this.holdMs > 0 ? this.holdMs : Infinity;
    const n = this.shownSp.length;
    for (let c = 0; c < n; c++) {
      this.shownSp[c] = this.ballistics(this.shownSp[c], this.pendingSp[c], fall);
      this.shownTp[c] = this.ballistics(this.shownTp[c], this.pendingTp[c], fall);
      // Hold: a new high re-arms the timer; after it runs out the marker falls with the bar.
      if (this.pendingSp[c] >= this.holdSp[c]) {
        this.holdSp[c] = this.pendingSp[c];
        this.holdSpUntil[c] = t + holdMs;
      } else if (t > this.holdSpUntil[c]) {
        this.holdSp[c] = Math.max(this.shownSp[c], this.holdSp[c] - fall);
      }
      if (this.pendingTp[c] >= this.holdTp[c]) {
        this.holdTp[c] = this.pendingTp[c];
        this.holdTpUntil[c] = t + holdMs;
      } else if (t > this.holdTpUntil[c]) {
        this.holdTp[c] = Math.max(this.shownTp[c], this.holdTp[c] - fall);
      }
      this.pendingSp[c] = FLOOR_DB;
      this.pendingTp[c] = FLOOR_DB;
    }
    this.draw(t);
  }

  private ballistics(shown: number, incoming: number, fall: number): number {
    if (incoming >= shown) return incoming;
    const fallen = shown - fall;
    return fallen < PEAK_SCALE_MIN_DB - 1 ? FLOOR_DB : Math.max(incoming, fallen);
  }

  private draw(t: number): void {
    if (!this.canvases.length) return;
    if (!this.theme || t - this.themeReadAt > 1000) {
      this.theme = readTheme(this);
      this.themeReadAt = t;
    }
    const theme = this.theme;
    if (this.geometry.take()) {
      for (const cv of this.canvases) cv.fit();
      if (this.scaleLayer) {
        this.scaleLayer.fit();
        this.scaleLayer.paint((g, w, h) => this.drawScale(g, w, h, theme));
      }
      this.drawnSp.fill(NaN);
    }
    const n = Math.min(this.canvases.length, this.shownSp.length);
    for (let c = 0; c < n; c++) {
      const sp = this.shownSp[c];
      const tp = this.shownTp[c];
      const hs = this.holdSp[c];
      const ht = this.holdTp[c];
      if (
        Math.abs(sp - this.drawnSp[c]) < 0.01 && Math.abs(tp - this.drawnTp[c]) < 0.01 &&
        Math.abs(hs - this.drawnHoldSp[c]) < 0.01 && Math.abs(ht - this.drawnHoldTp[c]) < 0.01
      ) continue;
      this.drawnSp[c] = sp;
      this.drawnTp[c] = tp;
      this.drawnHoldSp[c] = hs;
      this.drawnHoldTp[c] = ht;
      const cv = this.canvases[c];
      if (cv.context) this.drawBar(cv.context, cv.width, cv.height, sp, tp, hs, ht, theme);
    }
    // Numbers and ARIA.
    const r = this.meter?.readings;
    if (r && this.fresh && t - this.textAt >= 100) {
      // Numbers: at most 10 times a second (the bars move every frame).
      this.fresh = false;
      this.textAt = t;
      setReadout(this.tpMaxEl, formatSigned(r.truePeakMaxDbtp, 1, true), r.truePeakMaxDbtp);
      setReadout(this.spMaxEl, formatSigned(r.samplePeakMaxDbfs, 1, true), r.samplePeakMaxDbfs);
      // Styled: written only when it changes, as the cells' below.
      const hot = String(r.truePeakMaxDbtp > 0 || r.clipRuns > 0);
      if (this.tpMaxEl && this.tpMaxEl.dataset.hot !== hot) this.tpMaxEl.dataset.hot = hot;
      for (let c = 0; c < n && c < r.channels.length; c++) {
        const ch = r.channels[c];
        setReadout(this.tpCells[c], formatSigned(ch.truePeakMaxDbtp, 1, true), ch.truePeakMaxDbtp);
        setReadout(this.spCells[c], formatSigned(ch.samplePeakMaxDbfs, 1, true), ch.samplePeakMaxDbfs);
        const cellHot = String(ch.truePeakMaxDbtp > 0 || ch.clipRuns > 0);
        if (this.tpCells[c] && this.tpCells[c].dataset.hot !== cellHot) this.tpCells[c].dataset.hot = cellHot;
      }
    }
    for (let c = 0; c < n; c++) {
      const tpAria = this.tpAria[c];
      const spAria = this.spAria[c];
      if (tpAria?.due(t)) {
        const tp = this.ariaTp[c];
        this.ariaTp[c] = FLOOR_DB;
        tpAria.offer(t, tp > FLOOR_DB ? tp : PEAK_SCALE_MIN_DB, PEAK_SCALE_MIN_DB, PEAK_SCALE_MAX_DB, `${formatSigned(tp)} dBTP`);
      }
      if (spAria?.due(t)) {
        const sp = this.ariaSp[c];
        this.ariaSp[c] = FLOOR_DB;
        spAria.offer(t, sp > FLOOR_DB ? sp : PEAK_SCALE_MIN_DB, PEAK_SCALE_MIN_DB, PEAK_SCALE_MAX_DB, `${formatSigned(sp)} dBFS`);
      }
    }
  }

  /** The row (canvas px from the top) of `db` on a bar `h` px tall. */
  private rowOf(db: number, h: number): number {
    return h - peakFraction(db) * h;
  }

  /**
   * Rows are whole pixels: a rectangle with a fractional edge is anti-aliased, which in software
   * rendering made a bar 3.5 times dearer to draw (150 µs against 43 µs a frame on a 2-core VM),
   * for a difference of under a pixel (a quarter of a dB on a 240 px bar).
   */
  private placeRows(h: number): void {
    const rows = this.rows;
    rows.height = h;
    rows.warn = Math.round(this.rowOf(-3, h));
    rows.over = Math.round(this.rowOf(0, h));
    rows.windowLow = Math.round(this.rowOf(-6, h));
    const marks = PEAK_MARKS.filter((mark) => mark !== PEAK_SCALE_MAX_DB && mark !== PEAK_SCALE_MIN_DB);
    rows.ticks = Float64Array.from(marks, (mark) => Math.round(this.rowOf(mark, h)));
  }

  private drawBar(
    g: Paint2D, w: number, h: number, sp: number, tp: number, holdSp: number, holdTp: number, theme: ThemeColors,
  ): void {
    if (this.rows.height !== h) this.placeRows(h);
    const rows = this.rows;
    const dpr = globalThis.devicePixelRatio || 1;
    g.fillStyle = theme.surface;
    g.fillRect(0, 0, w, h);
    // The bounce window −6 … −3 dBFS, faintly, in the trough.
    g.fillStyle = theme.accent;
    g.globalAlpha = 0.1;
    g.fillRect(0, rows.warn, w, rows.windowLow - rows.warn);
    g.globalAlpha = 1;
    // True peak: the full width, dimmer; sample peak: the inner half, full strength.
    this.drawSegments(g, tp, 0, w, 0.45, h, theme);
    const inner = Math.round(w * 0.25);
    this.drawSegments(g, sp, inner, w - 2 * inner, 1, h, theme);
    // Scale ticks across the bar.
    g.fillStyle = theme.bg;
    g.globalAlpha = 0.55;
    const tick = Math.max(1, Math.round(dpr * 0.75));
    for (let i = 0; i < rows.ticks.length; i++) g.fillRect(0, rows.ticks[i], w, tick);
    g.globalAlpha = 1;
    // Hold markers.
    const line = Math.max(2, Math.round(2 * dpr));
    if (holdTp > PEAK_SCALE_MIN_DB) {
      g.fillStyle = holdTp > 0 ? theme.over : holdTp > -3 ? theme.warn : theme.fg;
      g.fillRect(0, Math.round(this.rowOf(holdTp, h)), w, line);
    }
    if (holdSp > PEAK_SCALE_MIN_DB) {
      g.fillStyle = theme.fg;
      g.fillRect(inner, Math.round(this.rowOf(holdSp, h)), w - 2 * inner, line);
    }
  }

  /** A bar up to `level` in zone segments: ok below −3, warn −3 … 0, over above 0 dBFS. */
  private drawSegments(g: Paint2D, level: number, x: number, width: number, alpha: number, h: number, theme: ThemeColors): void {
    if (!(level > PEAK_SCALE_MIN_DB)) return;
    const { warn, over } = this.rows;
    g.globalAlpha = alpha;
    const top = Math.round(this.rowOf(level, h));
    g.fillStyle = theme.ok;
    g.fillRect(x, Math.max(top, warn), width, h - Math.max(top, warn));
    if (top < warn) {
      g.fillStyle = theme.warn;
      g.fillRect(x, Math.max(top, over), width, warn - Math.max(top, over));
    }
    if (top < over) {
      g.fillStyle = theme.over;
      g.fillRect(x, top, width, over - top);
    }
    g.globalAlpha = 1;
  }

  private drawScale(g: OffscreenCanvasRenderingContext2D, w: number, h: number, theme: ThemeColors): void {
    const dpr = globalThis.devicePixelRatio || 1;
    const y = (db: number) => h - peakFraction(db) * h;
    // The bounce window −6 … −3 dBFS: a strip beside the ticks.
    g.fillStyle = theme.accent;
    g.globalAlpha = 0.6;
    g.fillRect(w - 3 * dpr, y(-3), 3 * dpr, y(-6) - y(-3));
    g.globalAlpha = 1;
    g.font = `${Math.round(10 * dpr)}px ${theme.font}`;
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    let lastY = -Infinity;
    for (const mark of PEAK_MARKS) {
      const yy = Math.min(h - 6 * dpr, Math.max(6 * dpr, y(mark)));
      if (Math.abs(yy - lastY) < 11 * dpr) continue;
      lastY = yy;
      g.fillStyle = mark > 0 ? theme.over : mark === 0 ? theme.fg : theme.muted;
      g.fillText(mark > 0 ? `+${mark}` : mark === 0 ? '0' : `\u2212${-mark}`, w - 9 * dpr, yy);
      g.fillRect(w - 7 * dpr, Math.round(y(mark)), 3 * dpr, Math.max(1, Math.round(dpr)));
    }
  }

  protected override render() {
    const labels = this._labels;
    const idx = labels.map((_, i) => i);
    return html`
      <div class="header" part="header">
        <div>
          <div class="caption">True peak max</div>
          <span class="big num" part="true-peak-max" data-reading="true-peak-max" data-value="-inf">\u2212\u221e</span>
          <span class="unit">dBTP</span>
        </div>
        <div>
          <div class="caption">Sample peak max</div>
          <span class="num" part="sample-peak-max" data-reading="sample-peak-max" data-value="-inf">\u2212\u221e</span>
          <span class="unit">dBFS</span>
        </div>
      </div>
      <div class="grid" part="grid">
        <span class="rowhead"></span>
        ${idx.map((c) => html`<button class="clip" part="clip" data-channel=${c} data-latched="false" @click=${this.clearClip}>clip</button>`)}
        <div class="scale canvas-box"><canvas class="scale" part="scale" aria-hidden="true"></canvas></div>
        ${idx.map(
          (c) => html`<div class="bar canvas-box" part="bar" data-channel=${c} role="meter" aria-label=${`True peak, ${labels[c]}`}
              aria-valuemin=${PEAK_SCALE_MIN_DB} aria-valuemax=${PEAK_SCALE_MAX_DB} aria-valuenow=${PEAK_SCALE_MIN_DB}
              aria-valuetext="\u2212\u221e dBTP">
              <canvas class="bar-canvas" aria-hidden="true"></canvas>
              <span class="sr-only sp-meter" role="meter" aria-label=${`Sample peak, ${labels[c]}`}
                aria-valuemin=${PEAK_SCALE_MIN_DB} aria-valuemax=${PEAK_SCALE_MAX_DB} aria-valuenow=${PEAK_SCALE_MIN_DB}
                aria-valuetext="\u2212\u221e dBFS"></span>
            </div>`,
        )}
        <span class="rowhead"></span>
        ${idx.map((c) => html`<span class="label" part="label">${labels[c]}</span>`)}
        <span class="rowhead">TP max</span>
        ${idx.map(
          (c) => html`<span class="cell tp num" part="channel-true-peak-max" data-channel=${c} data-value="-inf"
            aria-label=${`Max true peak, ${labels[c]}, dBTP`}>\u2212\u221e</span>`,
        )}
        <span class="rowhead">SP max</span>
        ${idx.map(
          (c) => html`<span class="cell num" part="channel-sample-peak-max" data-channel=${c} data-value="-inf"
            aria-label=${`Max sample peak, ${labels[c]}, dBFS`}>\u2212\u221e</span>`,
        )}
      </div>
    `;
  }
}
