// <busmeter-correlation>: phase correlation of L and R, −1 … +1, as a centre-zero bar with its
// value, the lowest value since reset, and a role="meter" for assistive technology.

import { html } from 'lit';
import type { StereoReadings } from '../../engine/analysis-readings.js';
import type { Meter } from '../../live/meter-types.js';
import { AnalysisView } from '../base/analysis-base.js';
import { HBar, type HBarStyle } from '../../paint/hbar.js';
import type { LiveCanvas } from '../../paint/live-canvas.js';
import { AriaThrottle } from '../base/aria.js';
import { themeStyles, type ThemeColors } from '../base/theme.js';
import { styles } from './styles.js';
import { CanvasReadout, readoutContent } from '../base/canvas-readout.js';

/** Below this the mix is likely to lose level in mono: shown in the warn colour. */
export const CORRELATION_WARN = 0.3;

/** "+0.98", "−1.00", "0.00". */
export function formatCorrelation(value: number): string {
  const fixed = Math.abs(value).toFixed(2);
  if (Number(fixed) === 0) return '0.00';
  return (value < 0 ? '\u2212' : '+') + fixed;
}

/** 'negative' below 0 (out of phase), 'low' below CORRELATION_WARN, else 'ok'. */
export function correlationZone(value: number): 'negative' | 'low' | 'ok' {
  return value < 0 ? 'negative' : value < CORRELATION_WARN ? 'low' : 'ok';
}

/**
 * Correlation meter: the stereo field's phase correlation (kernel, with the meter's time
 * constant): +1 = mono-compatible (identical channels), 0 = unrelated channels, −1 = one channel
 * inverted (cancels in mono). The marker moves every frame; the number changes at most ten times
 * a second; the thin marker is the lowest value since reset.
 *
 * @csspart bar - The bar (role="meter", aria-valuemin −1, aria-valuemax 1, data-zone).
 * @csspart value - The number, drawn on a canvas (data-text shows it; data-value, data-zone = negative | low | ok).
 * @csspart scale - The −1 / 0 / +1 labels.
 *
 * @cssproperty --busmeter-ok - Marker and fill at +0.3 and above.
 * @cssproperty --busmeter-warn - From 0 to +0.3.
 * @cssproperty --busmeter-over - Below 0.
 * @cssproperty --busmeter-surface - Trough.
 * @cssproperty --busmeter-muted - Scale and the lowest-value marker.
 */
export class BusmeterCorrelation extends AnalysisView {
  /** The tag the element is registered under (src/components/elements.ts). */
  static readonly tag = 'busmeter-correlation';

  static override styles = [themeStyles, styles];

  private stereo: StereoReadings | null = null;
  private bar: HBar | null = null;
  /** The bar's styles, per zone and with no signal, for the theme they were made from. */
  private styles: ({ theme: ThemeColors; idle: HBarStyle } & Record<ReturnType<typeof correlationZone>, HBarStyle>) | null = null;
  private readout: CanvasReadout | null = null;
  private barEl: HTMLElement | null = null;
  private aria = new AriaThrottle();
  private textAt = -Infinity;
  private drawn = NaN;
  private drawnMin = NaN;

  /** What is drawn: the correlation and the lowest value since reset (NaN before any reading). */
  get displayed(): { correlation: number; correlationMin: number } {
    return { correlation: this.drawn, correlationMin: this.drawnMin };
  }

  protected override listen(meter: Meter, signal: AbortSignal): void {
    meter.addEventListener('stereo', () => {
      this.stereo = meter.stereo;
      this.dirty = true;
    }, { signal });
  }

  protected override onMeterReset(): void {
    this.stereo = null;
    this.drawn = NaN;
    this.drawnMin = NaN;
    this.aria.invalidate();
    this.textAt = -Infinity;
  }

  protected override canvases(): LiveCanvas[] {
    return this.bar ? [this.bar.live] : [];
  }

  protected override firstUpdated(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('.bar > canvas');
    this.bar = canvas ? new HBar(canvas) : null;
    const valueEl = this.renderRoot.querySelector<HTMLElement>('.value');
    this.readout = valueEl ? new CanvasReadout(valueEl) : null;
    this.barEl = this.renderRoot.querySelector('.bar');
    this.aria.el = this.barEl;
  }

  private stylesFor(theme: ThemeColors): NonNullable<typeof this.styles> {
    if (this.styles?.theme !== theme) {
      const style = (color: string, marker: string): HBarStyle => ({
        trough: theme.surface, fill: color, marker, second: theme.muted, ticks: [0.25, 0.5, 0.75], tick: theme.border,
      });
      this.styles = {
        theme, ok: style(theme.ok, theme.ok), low: style(theme.warn, theme.warn), negative: style(theme.over, theme.over),
        idle: style(theme.ok, theme.muted),
      };
    }
    return this.styles;
  }

  protected override frame(t: number, theme: ThemeColors, resized: boolean): void {
    const s = this.stereo;
    const value = s?.enabled ? s.correlation : 0;
    const min = s?.enabled ? s.correlationMin : NaN;
    if (resized) {
      this.bar?.invalidate();
      this.readout?.refit();
    }
    if (this.dirty) {
      this.dirty = false;
      const styles = this.stylesFor(theme);
      this.bar?.draw((value + 1) / 2, 0.5, (min + 1) / 2, s?.enabled ? styles[correlationZone(value)] : styles.idle);
      if (s?.enabled) {
        this.drawn = value;
        this.drawnMin = min;
      }
    }
    if (!s?.enabled) return;
    if (t - this.textAt >= 100) {
      this.textAt = t;
      // Zones are styled: the bar's is written only when it changes (each write restyles).
      const zone = correlationZone(value);
      this.readout?.set(formatCorrelation(value), value, zone, theme, t);
      if (this.barEl!.dataset.zone !== zone) this.barEl!.dataset.zone = zone;
    }
    if (this.aria.due(t)) this.aria.offer(t, value, -1, 1, formatCorrelation(value));
  }

  protected override render() {
    return html`
      <div class="head"><span>Correlation</span><span class="value num canvas-readout" part="value" data-value="" data-zone="ok"
        data-text="\u2014">${readoutContent('\u22120.00')}</span></div>
      <div class="bar canvas-box" part="bar" role="meter" aria-label="Phase correlation" aria-valuemin="-1" aria-valuemax="1"
        aria-valuenow="0" aria-valuetext="no signal"><canvas aria-hidden="true"></canvas></div>
      <div class="scale" part="scale" aria-hidden="true"><span>\u22121</span><span>0</span><span>+1</span></div>
    `;
  }
}
