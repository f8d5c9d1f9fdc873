// <busmeter-coach>: the mix coach, live. Feeds the coach's DOM-free rules (src/rules/coach/) from
// the meter's readings, spectrum and stereo field, and shows a short ordered list of findings,
// each with the number behind it, why it matters and what to do, against a style's range or your
// own reference. Findings neither flicker nor jump (LiveCoach's hysteresis), and new ones are
// announced politely to screen readers.

import { html, LitElement, type PropertyValues } from 'lit';
import type { Meter } from '../../live/meter-types.js';
import { CoachAccumulator, LiveCoach } from '../../rules/coach/live.js';
import type { CoachFinding } from '../../rules/coach/findings.js';
import { BROAD_BANDS, balanceOf } from '../../rules/coach/measure.js';
import { isSteadySignal } from '../../rules/coach/findings.js';
import { DEFAULT_STYLE, styleTarget } from '../../rules/coach/styles.js';
import type { CoachTarget } from '../../rules/coach/targets.js';
import { AnnouncementPacer } from '../base/announcer.js';
import { fire } from '../base/events.js';
import { MeterLink } from '../base/meter-link.js';
import { themeStyles } from '../base/theme.js';
import { styles } from './styles.js';

export interface CoachChangeDetail {
  /** The ids of the findings shown, most pressing first. */
  ids: string[];
  findings: CoachFinding[];
}

/** The findings are re-judged this often, ms of audio (the rules are cheap; the DOM changes only when the list does). */
const JUDGE_EVERY_S = 0.5;
/** Text of findings already shown (their numbers) refreshes at most this often. */
const REFRESH_S = 2;

/**
 * The mix coach.
 *
 * @fires busmeter-coach-change - The list of findings changed; detail: CoachChangeDetail.
 *
 * @csspart list - The ordered list of findings.
 * @csspart finding - One finding (data-id, data-kind).
 * @csspart title - A finding's number and what it is.
 * @csspart why - Why it matters.
 * @csspart action - What to do.
 * @csspart bands - The four broad bands against the range (data-band, data-position).
 * @csspart empty - Shown while there is no finding.
 * @csspart announcer - The visually hidden live region.
 */
export class BusmeterCoach extends LitElement {
  /** The tag the element is registered under (src/components/elements.ts). */
  static readonly tag = 'busmeter-coach';

  static override properties = {
    meter: { attribute: false },
    targetStyle: { type: String, attribute: 'target-style' },
    reference: { attribute: false },
    announceIntervalMs: { type: Number, attribute: 'announce-interval-ms' },
  };

  static override styles = [themeStyles, styles];

  declare meter: Meter | null;
  /** The built-in style target (src/rules/coach/style-targets.ts): 'all' (default), 'band', 'ambient'. */
  declare targetStyle: string;
  /** A target built from your references (targetFromReferences); replaces the style while set. */
  declare reference: CoachTarget | null;
  /** Minimum time between two screen-reader announcements, ms (default 5000). */
  declare announceIntervalMs: number;

  private readonly accumulator = new CoachAccumulator();
  private readonly coach = new LiveCoach();
  private findings: CoachFinding[] = [];
  private balance: number[] | null = null;
  /** The signal is a steady tone or test signal (isSteadySignal): no bands, no findings. */
  private steady = false;
  private lastJudged = -Infinity;
  private lastDrawn = -Infinity;
  private time = 0;
  private announced = new Set<string>();
  private readonly announcer = new AnnouncementPacer(this, () => this.announceIntervalMs, () => this.composeAnnouncement());
  private readonly link = new MeterLink(this, {
    events: {
      reset: () => this.restart(),
    },
    listen: (meter, signal) => {
      meter.addEventListener('readings', () => this.onReadings(meter), { signal });
      meter.addEventListener('spectrum', () => {
        const s = meter.spectrum;
        if (s.enabled && s.bandCount > 0) this.accumulator.pushSpectrum(this.time, s.bandCentreHz, s.bandLevelDb, s.bandCount);
      }, { signal });
      meter.addEventListener('stereo', () => {
        const s = meter.stereo;
        if (s.enabled && s.bandCount > 0) this.accumulator.pushStereo(this.time, s.bandCentreHz, s.bandCorrelation, s.bandCount);
      }, { signal });
    },
  });

  constructor() {
    super();
    this.meter = null;
    this.targetStyle = DEFAULT_STYLE;
    this.reference = null;
    this.announceIntervalMs = 5000;
  }

  /** The target the findings are measured against. */
  get target(): CoachTarget {
    return this.reference ?? styleTarget(this.targetStyle);
  }

  /** The findings shown now, most pressing first. */
  get current(): readonly CoachFinding[] {
    return this.findings;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.announcer.cancel();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('meter')) this.link.relink(() => this.restart());
    if (changed.has('targetStyle') || changed.has('reference')) {
      this.coach.reset();
      this.lastJudged = -Infinity;
    }
  }

  private restart(): void {
    const shownSomething = this.findings.length > 0 || this.balance !== null;
    this.accumulator.reset();
    this.coach.reset();
    this.lastJudged = -Infinity;
    this.time = 0;
    this.balance = null;
    // Redraw only when something was shown: restart also runs from updated() (a new meter), where
    // an update requested for nothing would be a second render for each first one.
    if (shownSomething) this.setFindings([]);
    else this.toggleAttribute('data-empty', true);
  }

  /** Runs in the animation frame in which the meter delivered new readings; time is the audio's. */
  private onReadings(meter: Meter): void {
    const r = meter.readings;
    if (!(r.sampleRate > 0)) return;
    this.time = r.frames / r.sampleRate;
    let peak = -Infinity;
    for (const c of r.channels) peak = Math.max(peak, c.truePeakDbtp);
    this.accumulator.pushLoudness(this.time, peak, r.momentaryLufs, r.shortTermLufs, r.loudnessRangeLu, r.integratedLufs, r.truePeakMaxDbtp);
    if (this.time - this.lastJudged < JUDGE_EVERY_S && this.time >= this.lastJudged) return;
    this.lastJudged = this.time;
    const m = this.accumulator.measurement();
    const findings = this.coach.update(this.time, m, this.target);
    this.steady = m !== null && isSteadySignal(m);
    this.balance = m && !this.steady && m.bandsDb.every((v) => v > -150) ? balanceOf(m.bandsDb) : null;
    const ids = findings.map((f) => f.id).join();
    if (ids !== this.findings.map((f) => f.id).join()) this.setFindings(findings);
    else if (this.time - this.lastDrawn >= REFRESH_S) {
      this.findings = findings;
      this.lastDrawn = this.time;
      this.requestUpdate();
    }
  }

  private setFindings(findings: CoachFinding[]): void {
    this.findings = findings;
    this.lastDrawn = this.time;
    this.toggleAttribute('data-empty', findings.length === 0);
    this.requestUpdate();
    fire<CoachChangeDetail>(this, 'busmeter-coach-change', { ids: findings.map((f) => f.id), findings });
    this.announcer.request();
  }

  /** The findings that are new since the last announcement, as one text (null: none). */
  private composeAnnouncement(): string | null {
    const fresh = this.findings.filter((f) => !this.announced.has(f.id));
    this.announced = new Set(this.findings.map((f) => f.id));
    return fresh.length === 0 ? null : `Coach: ${fresh.map((f) => `${f.title} ${f.action}`).join(' ')}`;
  }

  protected override render() {
    const target = this.target;
    const balance = this.balance;
    return html`
      <div part="announcer" class="sr-only" role="status" aria-live="polite" aria-atomic="true"></div>
      <p class="against">Against ${target.label}</p>
      <ul class="bands" part="bands" aria-label="Tonal balance against the range">
        ${BROAD_BANDS.map((b, k) => {
          const r = target.balanceDb[k];
          const v = balance?.[k];
          const position = v === undefined ? 'none' : v > r.high ? 'above' : v < r.low ? 'below' : 'inside';
          return html`<li part="band" data-band=${b.id} data-position=${position}>
            <span class="name">${b.name}</span>
            <span class="where">${position === 'none' ? '\u2014' : position}</span>
          </li>`;
        })}
      </ul>
      ${this.findings.length === 0
        ? html`<p part="empty" class="empty">${this.steady ? 'A steady tone or test signal: the coach speaks about music.' : balance ? 'Inside the ranges: nothing to say.' : 'Listening\u2026'}</p>`
        : html`<ol part="list">${this.findings.map((f) => html`
            <li part="finding" data-id=${f.id} data-kind=${f.kind}>
              <p part="title" class="title">${f.title}</p>
              <p part="why" class="why">${f.why}</p>
              <p part="action" class="action">${f.action}</p>
            </li>`)}</ol>`}
    `;
  }
}
