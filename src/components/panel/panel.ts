// <busmeter-panel>: every busmeter display in one tag, for embedding.
//
//   <busmeter-panel target="streaming" scale="ebu9" hold-ms="2000"></busmeter-panel>
//   panel.meter = await createMeter(context, source);

import { html, LitElement, nothing } from 'lit';
import type { Meter } from '../../live/meter-types.js';
import type { BusmeterCoach } from '../coach/coach.js';
import type { BusmeterMasteringWarning } from '../mastering-warning/mastering-warning.js';
import type { BusmeterWarnings, WarningLevel } from '../warnings/warnings.js';
import { themeStyles } from '../base/theme.js';
import { styles } from './styles.js';
import { type LoudnessScale, type TargetSpec } from '../../rules/targets.js';

/**
 * The whole meter in one element: peak meter, loudness meter, headroom advice, warnings (with
 * the live mastering-plugins detector), the analysis views (spectrum, goniometer, correlation,
 * balance; hidden with `no-analysis`) and the loudness history. Set `meter` to a Meter (createMeter(context, source)); optionally `input` to
 * a LiveInput so its warnings and status show in the warning panel.
 *
 * The child elements must be registered: importing `busmeter` (src/index.ts) or
 * `src/components/index.ts` does that.
 *
 * @slot plugins - Forwarded to the warning panel (mastering-plugins detector).
 *
 * @csspart peak - The <busmeter-peak-meter>.
 * @csspart loudness - The <busmeter-loudness-meter>.
 * @csspart headroom - The <busmeter-headroom>.
 * @csspart warnings - The <busmeter-warnings>.
 * @csspart mastering - The <busmeter-mastering-warning> inside it.
 * @csspart coach - The <busmeter-coach> (the mix coach; not with no-analysis).
 * @csspart history - The <busmeter-loudness-history>.
 * @csspart spectrum - The <busmeter-spectrum> (with its max trace).
 * @csspart correlation - The <busmeter-correlation>.
 * @csspart goniometer - The <busmeter-goniometer>.
 * @csspart balance - The <busmeter-balance>.
 *
 * @cssproperty --busmeter-bg - Background of every part (and every other --busmeter-* property,
 *   which all children inherit).
 * @cssproperty --busmeter-gap - Space between the parts (default 0.75rem).
 */
export class BusmeterPanel extends LitElement {
  /** The tag the element is registered under (src/components/elements.ts). */
  static readonly tag = 'busmeter-panel';

  static override properties = {
    meter: { attribute: false },
    input: { attribute: false },
    target: {
      reflect: true,
      converter: { fromAttribute: (v: string | null) => (v !== null && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v) },
    },
    scale: { reflect: true },
    unit: { reflect: true },
    holdMs: { type: Number, attribute: 'hold-ms' },
    minutes: { type: Number },
    noAnalysis: { type: Boolean, attribute: 'no-analysis', reflect: true },
  };

  static override styles = [themeStyles, styles];

  /** The Meter every part draws. */
  declare meter: Meter | null;
  /** A LiveInput (or any EventTarget with 'warnings'/'status' events) for the warning panel. */
  declare input: EventTarget | null;
  /** Loudness target: preset name or LUFS (see busmeter-loudness-meter). */
  declare target: TargetSpec;
  /** 'ebu9' or 'ebu18'. */
  declare scale: LoudnessScale;
  /** 'lufs' or 'lu'. */
  declare unit: 'lufs' | 'lu';
  /** Peak hold, ms (0 = until reset). */
  declare holdMs: number;
  /** Minutes of loudness history. */
  declare minutes: number;
  /** Hides the spectrum and stereo-field views. */
  declare noAnalysis: boolean;

  constructor() {
    super();
    this.meter = null;
    this.input = null;
    this.target = 'ebu-r128';
    this.scale = 'ebu9';
    this.unit = 'lufs';
    this.holdMs = 2000;
    this.minutes = 3;
    this.noAnalysis = false;
  }

  /** The warning panel inside (after the first render). */
  get warnings(): BusmeterWarnings | null {
    return this.renderRoot?.querySelector('busmeter-warnings') ?? null;
  }

  /** The mastering-plugins warning inside (after the first render). */
  get mastering(): BusmeterMasteringWarning | null {
    return this.renderRoot?.querySelector('busmeter-mastering-warning') ?? null;
  }

  /** The mix coach inside (after the first render; null with no-analysis). */
  get coach(): BusmeterCoach | null {
    return this.renderRoot?.querySelector('busmeter-coach') ?? null;
  }

  /** Shows a message in the warning panel (see busmeter-warnings show()). */
  async showWarning(id: string, text: string, level: WarningLevel = 'warning'): Promise<void> {
    await this.updateComplete;
    this.warnings?.show(id, text, level);
  }

  /** Removes a message from the warning panel. */
  async clearWarning(id: string): Promise<void> {
    await this.updateComplete;
    this.warnings?.clear(id);
  }

  private onUnitChange(e: CustomEvent<{ unit: 'lufs' | 'lu' }>): void {
    this.unit = e.detail.unit;
  }

  protected override render() {
    return html`
      <busmeter-peak-meter class="peak" part="peak" .meter=${this.meter} .holdMs=${this.holdMs}></busmeter-peak-meter>
      <busmeter-loudness-meter class="loudness" part="loudness" .meter=${this.meter} .target=${this.target}
        .scale=${this.scale} .unit=${this.unit} @busmeter-unit-change=${this.onUnitChange}></busmeter-loudness-meter>
      <div class="side">
        <busmeter-headroom part="headroom" .meter=${this.meter}></busmeter-headroom>
        <busmeter-warnings part="warnings" .meter=${this.meter} .input=${this.input}>
          <busmeter-mastering-warning slot="plugins" part="mastering" .meter=${this.meter}></busmeter-mastering-warning>
          <slot name="plugins" slot="plugins"></slot>
        </busmeter-warnings>
        ${this.noAnalysis ? nothing : html`<busmeter-coach part="coach" .meter=${this.meter}></busmeter-coach>`}
      </div>
      ${this.noAnalysis ? nothing : html`
        <busmeter-spectrum class="spectrum" part="spectrum" .meter=${this.meter} show-peak></busmeter-spectrum>
        <div class="stereo">
          <busmeter-goniometer part="goniometer" .meter=${this.meter}></busmeter-goniometer>
          <busmeter-correlation part="correlation" .meter=${this.meter}></busmeter-correlation>
          <busmeter-balance part="balance" .meter=${this.meter}></busmeter-balance>
        </div>`}
      <busmeter-loudness-history class="history" part="history" .meter=${this.meter} .target=${this.target}
        .scale=${this.scale} .unit=${this.unit} .minutes=${this.minutes}></busmeter-loudness-history>
    `;
  }
}
