// <busmeter-loudness-meter>: EBU Mode loudness (EBU Tech 3341): momentary and short-term bars
// on the EBU +9 or +18 scale around a target, integrated loudness, LRA, maxima and PLR.

import { html, LitElement, type PropertyValues } from 'lit';
import type { Meter } from '../../live/meter-types.js';
import { AriaThrottle } from '../base/aria.js';
import { FLOOR_DB } from '../../contract/readings-layout.js';
import { LOUDNESS_SCALES, loudnessZone, resolveScale, resolveTarget, type LoudnessScale, type TargetSpec, type Zone } from '../../rules/targets.js';
import { fire } from '../base/events.js';
import { formatReading, formatSigned } from '../../rules/format.js';
import { keepTheme, readTheme, themeStyles, type ThemeColors } from '../base/theme.js';
import { styles } from './styles.js';
import { ResizeFlag } from '../../paint/resize-flag.js';
import { MeterLink } from '../base/meter-link.js';
import { BitmapLayer } from '../../paint/bitmap-layer.js';
import { liveCanvas, type LiveCanvas, type Paint2D } from '../../paint/live-canvas.js';
import { CanvasReadout, readoutContent } from '../base/canvas-readout.js';

/** Text refresh interval of the numbers (EBU Tech 3341 asks ≥ 10 updates a second). */
const TEXT_INTERVAL_MS = 100;
/** The widest texts the readouts' boxes are made for (a wider one is drawn smaller). */
const WIDEST = '\u221288.8';
const WIDEST_LU = '88.8';

/**
 * EBU Mode loudness meter. Bars for momentary (M, 400 ms) and short-term (S, 3 s) loudness on
 * the EBU +9 scale (−18 … +9 LU around the target) or EBU +18 (−36 … +18 LU), with a marker at
 * the maximum since reset; numbers for integrated loudness I (large), M, S, max M, max S, loudness
 * range LRA and PLR (max true peak − I). `unit` switches every loudness value and the scale
 * between absolute LUFS and LU relative to the target.
 *
 * Target colouring: a loudness value within ±1 LU of the target is "on" (--busmeter-ok, green),
 * more than 1 LU above it is "above" (--busmeter-warn, warm), more than 1 LU below it is "below"
 * (--busmeter-fg / --busmeter-neutral on bars: neutral, since quieter than the target is not an
 * error before normalisation). Each coloured readout carries `data-zone="on|above|below|none"`.
 *
 * Targets (`target`): 'ebu-r128' −23 LUFS (default), 'atsc-a85' −24, 'streaming' −14 (Spotify,
 * YouTube, Amazon, Tidal), 'apple-music' −16, 'deezer' −15, or a number (LUFS) for a custom one.
 *
 * @fires busmeter-unit-change - The user toggled LUFS/LU; detail: {unit}.
 *
 * @csspart header - Target and buttons.
 * @csspart target - The target text (data-value = target LUFS).
 * @csspart unit-toggle - The LUFS/LU button.
 * @csspart reset - The reset button.
 * @csspart bars - The scale and the two bars.
 * @csspart scale - The scale canvas.
 * @csspart bar - Each bar (role="meter"; data-reading-bar="momentary|short-term").
 * @csspart readouts - The numbers.
 * @csspart value - Every number, drawn on a canvas (data-reading names it; data-text is the text shown;
 *   data-value is LUFS or LU; data-zone).
 * @csspart integrated - The integrated loudness number.
 *
 * @cssproperty --busmeter-bg - Background.
 * @cssproperty --busmeter-fg - Text; readings below the target.
 * @cssproperty --busmeter-muted - Captions and scale.
 * @cssproperty --busmeter-surface - Bar troughs, buttons.
 * @cssproperty --busmeter-ok - Within ±1 LU of the target.
 * @cssproperty --busmeter-warn - More than 1 LU above the target.
 * @cssproperty --busmeter-neutral - Bar segments below the target.
 * @cssproperty --busmeter-accent - Target line, focus ring.
 * @cssproperty --busmeter-font - Font family.
 * @cssproperty --busmeter-loudness-bar-min-height - Minimum bar height (default 240px).
 */
export class BusmeterLoudnessMeter extends LitElement {
  /** The tag the element is registered under (src/components/elements.ts). */
  static readonly tag = 'busmeter-loudness-meter';

  static override properties = {
    meter: { attribute: false },
    target: {
      converter: { fromAttribute: (v: string | null) => (v !== null && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v) },
    },
    scale: { reflect: true },
    unit: { reflect: true },
  };

  static override styles = [themeStyles, styles];

  /** The Meter to draw. */
  declare meter: Meter | null;
  /** 'ebu-r128' (default), 'atsc-a85', 'streaming', 'apple-music', 'deezer' or a number (LUFS). */
  declare target: TargetSpec;
  /** 'ebu9' (−18 … +9 LU, default) or 'ebu18' (−36 … +18 LU). */
  declare scale: LoudnessScale;
  /** 'lufs' (absolute, default) or 'lu' (relative to the target). */
  declare unit: 'lufs' | 'lu';

  private readonly link = new MeterLink(this, {
    events: {
      readings: () => {
        this.fresh = true;
      },
      reset: () => this.refresh(),
    },
    attached: () => this.refresh(),
    frame: (t) => this.frame(t),
  });
  private readonly geometry = new ResizeFlag(this);
  private theme: ThemeColors | null = null;
  private themeReadAt = -Infinity;
  private fresh = false;
  private textAt = -Infinity;
  private drawnM = NaN;
  private drawnS = NaN;
  private drawnMaxM = NaN;
  private drawnMaxS = NaN;
  private mCanvas: LiveCanvas | null = null;
  private sCanvas: LiveCanvas | null = null;
  /** The target resolved once per change (a numeric one would build its label every frame). */
  private resolved = resolveTarget('ebu-r128');
  private scaleLayer: BitmapLayer | null = null;
  private readouts: Record<string, CanvasReadout> = {};
  private ariaM = new AriaThrottle();
  private ariaS = new AriaThrottle();
  private ariaI = new AriaThrottle();

  constructor() {
    super();
    this.meter = null;
    this.target = 'ebu-r128';
    this.scale = 'ebu9';
    this.unit = 'lufs';
  }

  /** The target in LUFS. */
  get targetLufs(): number {
    return resolveTarget(this.target).lufs;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('target')) this.resolved = resolveTarget(this.target);
  }

  protected override firstUpdated(): void {
    const root = this.renderRoot;
    const m = root.querySelector<HTMLCanvasElement>('canvas.m');
    const s = root.querySelector<HTMLCanvasElement>('canvas.s');
    this.mCanvas = m ? liveCanvas(m) : null;
    this.sCanvas = s ? liveCanvas(s) : null;
    const scaleCanvas = root.querySelector<HTMLCanvasElement>('canvas.scale');
    this.scaleLayer = scaleCanvas ? new BitmapLayer(scaleCanvas) : null;
    for (const el of root.querySelectorAll<HTMLElement>('[data-reading]')) this.readouts[el.dataset.reading!] = new CanvasReadout(el);
    this.ariaM.el = root.querySelector('[data-reading-bar="momentary"]');
    this.ariaS.el = root.querySelector('[data-reading-bar="short-term"]');
    this.ariaI.el = root.querySelector('[part~="integrated"]');
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('meter')) {
      this.link.relink();
    }
    if (changed.has('target') || changed.has('scale') || changed.has('unit')) {
      this.geometry.dirty = true;
      this.refresh();
    }
  }

  private refresh(): void {
    this.fresh = true;
    this.textAt = -Infinity;
    this.drawnM = NaN;
    this.ariaM.invalidate();
    this.ariaS.invalidate();
    this.ariaI.invalidate();
  }

  private toggleUnit(): void {
    this.unit = this.unit === 'lu' ? 'lufs' : 'lu';
    fire(this, 'busmeter-unit-change', { unit: this.unit });
  }

  private resetMeter(): void {
    this.meter?.reset();
  }

  private frame(t: number): void {
    if (!this.mCanvas) return;
    if (!this.theme || t - this.themeReadAt > 1000) {
      this.theme = keepTheme(this.theme, readTheme(this));
      this.themeReadAt = t;
    }
    const theme = this.theme;
    const target = this.resolved.lufs;
    const range = LOUDNESS_SCALES[resolveScale(this.scale)];
    if (this.geometry.take()) {
      this.mCanvas.fit();
      this.sCanvas?.fit();
      if (this.scaleLayer) {
        this.scaleLayer.fit();
        this.scaleLayer.paint((g, w, h) => this.drawScale(g, w, h, theme, target, range));
      }
      for (const key in this.readouts) this.readouts[key]!.refit();
      this.drawnM = NaN;
    }
    const r = this.meter?.readings;
    const m = r ? r.momentaryLufs : FLOOR_DB;
    const s = r ? r.shortTermLufs : FLOOR_DB;
    const maxM = r ? r.momentaryMaxLufs : FLOOR_DB;
    const maxS = r ? r.shortTermMaxLufs : FLOOR_DB;
    if (
      !(Math.abs(m - this.drawnM) < 0.01) || !(Math.abs(s - this.drawnS) < 0.01) ||
      maxM !== this.drawnMaxM || maxS !== this.drawnMaxS
    ) {
      this.drawnM = m;
      this.drawnS = s;
      this.drawnMaxM = maxM;
      this.drawnMaxS = maxS;
      if (this.mCanvas.context) this.drawBar(this.mCanvas.context, this.mCanvas, m, maxM, theme, target, range);
      if (this.sCanvas?.context) this.drawBar(this.sCanvas.context, this.sCanvas, s, maxS, theme, target, range);
    }
    if (!r || !this.fresh || t - this.textAt < TEXT_INTERVAL_MS) return;
    this.fresh = false;
    this.textAt = t;
    const rel = this.unit === 'lu';
    const loud = (v: number) => (rel ? formatReading(v > FLOOR_DB ? v - target : FLOOR_DB, 1, true) : formatReading(v, 1));
    const zoneOf = (v: number): Zone => loudnessZone(v, target);
    const set = (key: string, text: string, value: number, zone?: Zone) => this.readouts[key]?.set(text, value, zone, theme, t);
    set('momentary', loud(m), m, zoneOf(m));
    set('short-term', loud(s), s, zoneOf(s));
    set('integrated', loud(r.integratedLufs), r.integratedLufs, zoneOf(r.integratedLufs));
    set('momentary-max', loud(maxM), maxM, zoneOf(maxM));
    set('short-term-max', loud(maxS), maxS, zoneOf(maxS));
    const hasLra = r.loudnessRangeHighLufs > FLOOR_DB;
    set('loudness-range', hasLra ? formatSigned(r.loudnessRangeLu, 1) : '\u2014', hasLra ? r.loudnessRangeLu : FLOOR_DB);
    set('plr', formatReading(r.plrLu, 1), r.plrLu);
    const lo = rel ? range.min : target + range.min;
    const hi = rel ? range.max : target + range.max;
    const v = (x: number) => (x > FLOOR_DB ? (rel ? x - target : x) : lo);
    const unitText = rel ? 'LU' : 'LUFS';
    this.ariaM.offer(t, v(m), lo, hi, `${loud(m)} ${unitText}`);
    this.ariaS.offer(t, v(s), lo, hi, `${loud(s)} ${unitText}`);
    this.ariaI.offer(t, v(r.integratedLufs), lo, hi, `${loud(r.integratedLufs)} ${unitText}`);
  }

  /** The row (canvas px from the top) of a loudness `relLu` LU from the target, on a bar `h` px tall. */
  private rowOf(relLu: number, h: number, range: { min: number; max: number }): number {
    return h - ((Math.min(range.max, Math.max(range.min, relLu)) - range.min) / (range.max - range.min)) * h;
  }

  private drawBar(
    g: Paint2D, cv: LiveCanvas, lufs: number, maxLufs: number, theme: ThemeColors, target: number,
    range: { min: number; max: number },
  ): void {
    const w = cv.width;
    const h = cv.height;
    const dpr = globalThis.devicePixelRatio || 1;
    g.fillStyle = theme.surface;
    g.fillRect(0, 0, w, h);
    if (lufs > FLOOR_DB && lufs - target > range.min) {
      // Whole pixels: fractional edges are anti-aliased, several times dearer in software (see peak-meter.ts).
      const top = Math.round(this.rowOf(lufs - target, h, range));
      const yLow = Math.round(this.rowOf(-1, h, range));
      const yHigh = Math.round(this.rowOf(1, h, range));
      g.fillStyle = theme.neutral;
      g.fillRect(0, Math.max(top, yLow), w, h - Math.max(top, yLow));
      if (top < yLow) {
        g.fillStyle = theme.ok;
        g.fillRect(0, Math.max(top, yHigh), w, yLow - Math.max(top, yHigh));
      }
      if (top < yHigh) {
        g.fillStyle = theme.warn;
        g.fillRect(0, top, w, yHigh - top);
      }
    }
    // Target line.
    g.fillStyle = theme.accent;
    g.fillRect(0, Math.round(this.rowOf(0, h, range)) - Math.round(dpr), w, Math.max(2, Math.round(2 * dpr)));
    // Max since reset.
    if (maxLufs > FLOOR_DB && maxLufs - target > range.min) {
      g.fillStyle = theme.fg;
      g.fillRect(0, Math.round(this.rowOf(maxLufs - target, h, range)), w, Math.max(2, Math.round(2 * dpr)));
    }
  }

  private drawScale(
    g: OffscreenCanvasRenderingContext2D, w: number, h: number, theme: ThemeColors, target: number,
    range: { min: number; max: number; step: number },
  ): void {
    const dpr = globalThis.devicePixelRatio || 1;
    const y = (relLu: number) => h - ((relLu - range.min) / (range.max - range.min)) * h;
    g.font = `${Math.round(10 * dpr)}px ${theme.font}`;
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    const rel = this.unit === 'lu';
    for (let lu = range.max; lu >= range.min; lu -= range.step) {
      const yy = Math.min(h - 6 * dpr, Math.max(6 * dpr, y(lu)));
      const text = rel ? formatSigned(lu, 0, true) : formatSigned(target + lu, 0);
      g.fillStyle = lu === 0 ? theme.accent : theme.muted;
      g.fillText(text, w - 5 * dpr, yy);
      g.fillRect(w - 3 * dpr, Math.round(y(lu)), 3 * dpr, Math.max(1, Math.round(dpr)));
    }
  }

  protected override render() {
    const t = this.resolved;
    const rel = this.unit === 'lu';
    const u = rel ? 'LU' : 'LUFS';
    const scale = LOUDNESS_SCALES[resolveScale(this.scale)];
    const lo = rel ? scale.min : t.lufs + scale.min;
    const hi = rel ? scale.max : t.lufs + scale.max;
    return html`
      <div class="header" part="header">
        <span class="target" part="target" data-value=${t.lufs}>Target <strong class="num">${formatSigned(t.lufs, 1)} LUFS</strong> · ${t.label}
          · EBU +${scale.max}</span>
        <button part="unit-toggle" aria-pressed=${rel ? 'true' : 'false'} title="Show loudness relative to the target (LU) instead of absolute (LUFS)"
          @click=${this.toggleUnit}>Relative (LU)</button>
        <button part="reset" ?disabled=${!this.meter} @click=${this.resetMeter}>Reset</button>
      </div>
      <div class="body">
        <div class="bars" part="bars">
          <div class="canvas-box"><canvas class="scale" part="scale" aria-hidden="true"></canvas></div>
          <div class="bar canvas-box" part="bar" data-reading-bar="momentary" role="meter" aria-label="Momentary loudness"
            aria-valuemin=${lo} aria-valuemax=${hi} aria-valuenow=${lo} aria-valuetext="\u2212\u221e ${u}">
            <canvas class="m" aria-hidden="true"></canvas>
          </div>
          <div class="bar canvas-box" part="bar" data-reading-bar="short-term" role="meter" aria-label="Short-term loudness"
            aria-valuemin=${lo} aria-valuemax=${hi} aria-valuenow=${lo} aria-valuetext="\u2212\u221e ${u}">
            <canvas class="s" aria-hidden="true"></canvas>
          </div>
          <span></span><span class="barlabel">M</span><span class="barlabel">S</span>
        </div>
        <div class="readouts" part="readouts">
          <div class="readout wide">
            <span class="caption">Integrated</span>
            <span><span class="value big num canvas-readout" part="value integrated" data-reading="integrated" data-value="-inf"
              data-text="\u2014" role="meter" aria-label="Integrated loudness" aria-valuemin=${lo} aria-valuemax=${hi}
              aria-valuenow=${lo} aria-valuetext="\u2014">${readoutContent(WIDEST)}</span><span class="u">${u}</span></span>
          </div>
          ${this.readout('Momentary', 'momentary', u)}
          ${this.readout('Short-term', 'short-term', u)}
          ${this.readout('Max momentary', 'momentary-max', u)}
          ${this.readout('Max short-term', 'short-term-max', u)}
          ${this.readout('Loudness range', 'loudness-range', 'LU', WIDEST_LU)}
          ${this.readout('PLR', 'plr', 'LU', WIDEST_LU)}
        </div>
      </div>
    `;
  }

  private readout(caption: string, key: string, unit: string, widest = WIDEST) {
    return html`<div class="readout">
      <span class="caption">${caption}</span>
      <span><span class="value num canvas-readout" part="value ${key}" data-reading=${key} data-value="-inf" data-text="\u2014"
        >${readoutContent(widest)}</span><span class="u">${unit}</span></span>
    </div>`;
  }
}
