// <busmeter-headroom>: the bounce-for-mastering headroom rule in plain words: master-bus peaks
// between −6 and −3 dBFS, never clipping.

import { html, LitElement, type PropertyValues } from 'lit';
import type { Meter } from '../../live/meter-types.js';
import { AriaThrottle } from '../base/aria.js';
import { FLOOR_DB } from '../../contract/readings-layout.js';
import { fire } from '../base/events.js';
import { formatSigned } from '../../rules/format.js';
import { readTheme, themeStyles, type ThemeColors } from '../base/theme.js';
import { styles } from './styles.js';
import { ResizeFlag } from '../../paint/resize-flag.js';
import { MeterLink } from '../base/meter-link.js';
import { BitmapLayer } from '../../paint/bitmap-layer.js';
import {
  BOUNCE_WINDOW_HIGH_DBFS as WINDOW_HIGH_DBFS, BOUNCE_WINDOW_LOW_DBFS as WINDOW_LOW_DBFS, headroomAdvice, type HeadroomAdvice, type HeadroomState,
} from '../../rules/headroom.js';

/** The bounce window for a mix going to mastering (project brief): peaks −6 … −3 dBFS (src/rules/headroom.ts). */
export { WINDOW_HIGH_DBFS, WINDOW_LOW_DBFS, headroomAdvice };
export type { HeadroomAdvice, HeadroomState } from '../../rules/headroom.js';

const M = '\u2212';
const GAUGE_MIN = -24;
const GAUGE_MAX = 3;

/**
 * Headroom gauge for a bounce going to mastering: the max true peak since reset (and the max
 * sample peak) on a −24 … +3 dB gauge with the −6 … −3 dBFS window, and one sentence saying what
 * to do with the master fader:
 * - above −3: "2.0 dB too hot: pull the master fader down 2.0 dB to bring peaks to −3 dBFS …"
 * - −6 … −3: "Ready to bounce: peaks at −4.2 dBFS, inside −6 … −3."
 * - below −6: "7.0 dB of headroom to spare: you can bring it up by up to 7.0 dB …"
 * - a clip run, a true-peak over or a true peak above 0 dBTP: "Clipping: …", latched until reset.
 *
 * @fires busmeter-headroom-change - The advice changed state; detail: HeadroomAdvice.
 *
 * @csspart gauge - The gauge (role="meter", max true peak).
 * @csspart message - The sentence (data-state="waiting|spare|ready|hot|clipping", data-adjust-db).
 * @csspart detail - Max true peak and max sample peak in numbers (data-true-peak, data-sample-peak).
 *
 * @cssproperty --busmeter-bg - Background.
 * @cssproperty --busmeter-fg - Text.
 * @cssproperty --busmeter-muted - Gauge labels.
 * @cssproperty --busmeter-surface - Gauge trough.
 * @cssproperty --busmeter-ok - "Ready" state and the window on the gauge.
 * @cssproperty --busmeter-warn - "Too hot".
 * @cssproperty --busmeter-over - "Clipping".
 * @cssproperty --busmeter-font - Font family.
 */
export class BusmeterHeadroom extends LitElement {
  /** The tag the element is registered under (src/components/elements.ts). */
  static readonly tag = 'busmeter-headroom';

  static override properties = {
    meter: { attribute: false },
  };

  static override styles = [themeStyles, styles];

  /** The Meter to follow. */
  declare meter: Meter | null;

  private readonly link = new MeterLink(this, {
    events: {
      readings: () => {
        this.fresh = true;
      },
      reset: () => {
        this.fresh = true;
        this.textAt = -Infinity;
        this.aria.invalidate();
      },
    },
    frame: (t) => this.frame(t),
  });
  private readonly geometry = new ResizeFlag(this);
  /** The gauge changes only when a maximum does: a picture, not a 2D canvas. */
  private gauge: BitmapLayer | null = null;
  private messageEl: HTMLElement | null = null;
  private detailEl: HTMLElement | null = null;
  private aria = new AriaThrottle();
  private theme: ThemeColors | null = null;
  private themeReadAt = -Infinity;
  private fresh = true;
  private drawnTp = NaN;
  private drawnSp = NaN;
  private state: HeadroomState | null = null;
  private textAt = -Infinity;

  constructor() {
    super();
    this.meter = null;
  }

  /** The advice currently shown. */
  get advice(): HeadroomAdvice {
    const r = this.meter?.readings;
    return headroomAdvice(r ? r.truePeakMaxDbtp : FLOOR_DB, r?.clipRuns ?? 0, r?.truePeakOvers ?? 0);
  }

  protected override firstUpdated(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    this.gauge = canvas ? new BitmapLayer(canvas) : null;
    this.messageEl = this.renderRoot.querySelector('[part~="message"]');
    this.detailEl = this.renderRoot.querySelector('[part~="detail"]');
    this.aria.el = this.renderRoot.querySelector('[part~="gauge"]');
    this.fresh = true;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('meter')) {
      this.link.relink();
      this.fresh = true;
    }
  }

  private frame(t: number): void {
    const gauge = this.gauge;
    if (!gauge) return;
    if (!this.theme || t - this.themeReadAt > 1000) {
      this.theme = readTheme(this);
      this.themeReadAt = t;
    }
    if (this.geometry.take()) {
      gauge.fit();
      this.drawnTp = NaN;
    }
    const r = this.meter?.readings;
    const tp = r ? r.truePeakMaxDbtp : FLOOR_DB;
    const sp = r ? r.samplePeakMaxDbfs : FLOOR_DB;
    if (tp !== this.drawnTp || sp !== this.drawnSp) {
      this.drawnTp = tp;
      this.drawnSp = sp;
      const theme = this.theme;
      gauge.paint((g, w, h) => this.draw(g, w, h, theme, tp, sp));
    }
    // Words and numbers: at most 10 times a second.
    if (!this.fresh || t - this.textAt < 100) return;
    this.fresh = false;
    this.textAt = t;
    const advice = headroomAdvice(tp, r?.clipRuns ?? 0, r?.truePeakOvers ?? 0);
    const m = this.messageEl;
    if (m) {
      if (m.textContent !== advice.message) m.textContent = advice.message;
      // The state is styled: write it only when it changes (each write restyles the sentence).
      if (m.dataset.state !== advice.state) m.dataset.state = advice.state;
      const adjust = advice.adjustDb.toFixed(1);
      if (m.dataset.adjustDb !== adjust) m.dataset.adjustDb = adjust;
    }
    const d = this.detailEl;
    if (d) {
      const text = `Max true peak ${formatSigned(tp, 1, true)} dBTP \u00b7 max sample peak ${formatSigned(sp, 1, true)} dBFS`;
      if (d.textContent !== text) d.textContent = text;
      d.dataset.truePeak = tp > FLOOR_DB ? tp.toFixed(2) : '-inf';
      d.dataset.samplePeak = sp > FLOOR_DB ? sp.toFixed(2) : '-inf';
    }
    this.aria.offer(t, tp > FLOOR_DB ? tp : GAUGE_MIN, GAUGE_MIN, GAUGE_MAX, advice.message);
    if (advice.state !== this.state) {
      this.state = advice.state;
      fire<HeadroomAdvice>(this, 'busmeter-headroom-change', advice);
    }
  }

  private draw(g: OffscreenCanvasRenderingContext2D, w: number, h: number, theme: ThemeColors, tp: number, sp: number): void {
    const dpr = globalThis.devicePixelRatio || 1;
    const labelH = Math.round(12 * dpr);
    const barH = h - labelH;
    const x = (db: number) => ((Math.min(GAUGE_MAX, Math.max(GAUGE_MIN, db)) - GAUGE_MIN) / (GAUGE_MAX - GAUGE_MIN)) * w;
    g.fillStyle = theme.surface;
    g.fillRect(0, 0, w, barH);
    // The window, and the over zone.
    g.fillStyle = theme.ok;
    g.globalAlpha = 0.28;
    g.fillRect(x(WINDOW_LOW_DBFS), 0, x(WINDOW_HIGH_DBFS) - x(WINDOW_LOW_DBFS), barH);
    g.fillStyle = theme.over;
    g.fillRect(x(0), 0, w - x(0), barH);
    g.globalAlpha = 1;
    if (tp > FLOOR_DB) {
      const color = tp > 0 ? theme.over : tp > WINDOW_HIGH_DBFS + 0.05 ? theme.warn : tp >= WINDOW_LOW_DBFS - 0.05 ? theme.ok : theme.fg;
      g.fillStyle = color;
      g.globalAlpha = 0.55;
      g.fillRect(0, barH * 0.25, x(tp), barH * 0.5);
      g.globalAlpha = 1;
      g.fillRect(Math.round(x(tp)) - Math.round(1.5 * dpr), 0, Math.max(3, Math.round(3 * dpr)), barH);
    }
    if (sp > FLOOR_DB) {
      g.fillStyle = theme.fg;
      g.fillRect(Math.round(x(sp)) - Math.round(dpr / 2), barH * 0.15, Math.max(1, Math.round(dpr)), barH * 0.7);
    }
    g.font = `${Math.round(10 * dpr)}px ${theme.font}`;
    g.textBaseline = 'bottom';
    g.textAlign = 'center';
    for (const mark of [-24, -18, -12, -9, -6, -3, 0, 3]) {
      g.fillStyle = mark === -6 || mark === -3 ? theme.ok : theme.muted;
      const text = mark > 0 ? `+${mark}` : mark === 0 ? '0' : `${M}${-mark}`;
      g.fillText(text, Math.min(w - 8 * dpr, Math.max(8 * dpr, x(mark))), h);
    }
  }

  protected override render() {
    return html`
      <div class="title">Headroom for the mastering bounce</div>
      <div class="gauge canvas-box" part="gauge" role="meter" aria-label="Headroom: max true peak since reset, dBTP"
        aria-valuemin=${GAUGE_MIN} aria-valuemax=${GAUGE_MAX} aria-valuenow=${GAUGE_MIN} aria-valuetext="No signal yet">
        <canvas aria-hidden="true"></canvas>
      </div>
      <p class="message" part="message" data-state="waiting" data-adjust-db="0.0">Waiting for signal: play the loudest part of the mix.</p>
      <div class="detail" part="detail" data-true-peak="-inf" data-sample-peak="-inf"></div>
    `;
  }
}
