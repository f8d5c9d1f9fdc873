// <busmeter-mastering-warning>: "Your bus has mastering plugins on", live. Runs the mastering
// detector (src/rules/detector/) on the meter's readings and shows its verdict in plain words.

import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { describeVerdict, MasteringDetector, type MasteringState, type MasteringVerdict } from '../../rules/detector/mastering-detector.js';
import type { Meter } from '../../live/meter-types.js';
import type { Readings } from '../../engine/readings.js';
import { AnnouncementPacer } from '../base/announcer.js';
import { fire } from '../base/events.js';
import { MeterLink } from '../base/meter-link.js';
import { themeStyles } from '../base/theme.js';
import { styles } from './styles.js';

/** What the element needs of a detector (MasteringDetector; tests may pass a scripted one). */
export interface VerdictSource {
  update(readings: Readings): MasteringVerdict;
  reset(): void;
}

export interface MasteringChangeDetail {
  state: MasteringState;
  /** True while the warning is on screen (state not 'off' and not dismissed). */
  shown: boolean;
}

const DISMISS_KEY = 'busmeter-dismissed-mastering';
/** Confidence and reasons change with every 100 ms window: the words refresh at most this often. */
const REFRESH_MS = 1000;

function loadDismissed(): boolean {
  try {
    return globalThis.sessionStorage?.getItem(DISMISS_KEY) === 'true';
  } catch {
    return false;
  }
}

const OFF: MasteringVerdict = { state: 'off', confidence: 0, reasons: [], kind: null, ceilingDbtp: null };

/**
 * The mastering-plugins warning. Feeds a MasteringDetector from the meter's 'readings' events,
 * which the meter dispatches from the shared animation loop (src/live/frame-loop.ts), at most once per
 * frame. The DOM is re-rendered only when the state changes, or at most once a second while a
 * warning is shown (confidence and evidence move with every window).
 *
 * Shows, while the detector says 'suspected' or 'on': the state, the confidence, the evidence in
 * plain words and what to do ("Bypass the limiter on your master bus before you bounce."). It
 * shows nothing while the state is 'off' and then carries the `data-empty` attribute, which the
 * warning panel reads to say "No warnings.".
 *
 * Dismiss hides it for the rest of the browser tab's session (sessionStorage); the detector keeps
 * running. State changes are announced through a polite live region (role="status"), at most one
 * announcement per `announceIntervalMs` (default 5000 ms); a change within the interval is
 * announced when it ends, if it still holds.
 *
 * @fires busmeter-mastering-change - The state or its visibility changed; detail: MasteringChangeDetail.
 *
 * @csspart card - The warning (data-state="suspected|on").
 * @csspart title - What was found.
 * @csspart confidence - "Confidence 84 %" (data-value 0…1).
 * @csspart reasons - The evidence, one item each.
 * @csspart advice - What to do.
 * @csspart dismiss - The Dismiss button.
 * @csspart announcer - The visually hidden live region.
 *
 * @cssproperty --busmeter-warn - Accent of a suspected warning.
 * @cssproperty --busmeter-over - Accent of an "on" warning.
 */
export class BusmeterMasteringWarning extends LitElement {
  /** The tag the element is registered under (src/components/elements.ts). */
  static readonly tag = 'busmeter-mastering-warning';

  static override properties = {
    meter: { attribute: false },
    detector: { attribute: false },
    announceIntervalMs: { type: Number, attribute: 'announce-interval-ms' },
  };

  static override styles = [themeStyles, styles];

  /** The Meter whose readings are watched. */
  declare meter: Meter | null;
  /** The detector (default: a new MasteringDetector). */
  declare detector: VerdictSource;
  /** Minimum time between two screen-reader announcements, ms (default 5000). */
  declare announceIntervalMs: number;

  private verdict: MasteringVerdict = OFF;
  /** The verdict last drawn (the DOM shows this one). */
  private drawn: MasteringVerdict = OFF;
  private drawnAt = -Infinity;
  private dismissed = loadDismissed();
  private readonly link = new MeterLink(this, {
    events: {
      reset: () => {
        this.detector.reset();
        this.show(OFF, performance.now());
      },
    },
    listen: (meter, signal) => meter.addEventListener('readings', () => this.onReadings(meter.readings), { signal }),
  });
  private announced: MasteringState = 'off';
  private readonly announcer = new AnnouncementPacer(this, () => this.announceIntervalMs, () => this.composeAnnouncement());

  constructor() {
    super();
    this.meter = null;
    this.detector = new MasteringDetector();
    this.announceIntervalMs = 5000;
  }

  /** The detector's latest verdict (whether or not it is shown). */
  get current(): MasteringVerdict {
    return this.verdict;
  }

  /** True while the warning is on screen. */
  get shown(): boolean {
    return this.drawn.state !== 'off' && !this.dismissed;
  }

  /** Hides the warning for the rest of the session. */
  dismiss(): void {
    this.dismissed = true;
    try {
      globalThis.sessionStorage?.setItem(DISMISS_KEY, 'true');
    } catch {
      // Storage unavailable: dismissed until reload.
    }
    this.requestUpdate();
    this.changed();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Empty from the start, so the warning panel says "No warnings." before the first render.
    this.toggleAttribute('data-empty', !this.shown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.announcer.cancel();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('meter') || changed.has('detector')) {
      // Another meter or detector: start over (the first update lands here too, harmlessly).
      this.link.relink(() => {
        this.detector.reset();
        this.verdict = OFF;
        if (this.drawn.state !== 'off') this.show(OFF, performance.now());
      });
    }
  }

  /** Runs in the animation frame in which the meter delivered new readings. */
  private onReadings(readings: Readings): void {
    const verdict = this.detector.update(readings);
    const now = performance.now();
    if (verdict === this.verdict && verdict.state === this.drawn.state) return;
    this.verdict = verdict;
    if (verdict.state !== this.drawn.state || (verdict.state !== 'off' && now - this.drawnAt >= REFRESH_MS)) this.show(verdict, now);
  }

  private show(verdict: MasteringVerdict, now: number): void {
    const stateChanged = verdict.state !== this.drawn.state;
    this.verdict = verdict;
    this.drawn = verdict;
    this.drawnAt = now;
    this.requestUpdate();
    if (stateChanged) {
      this.changed();
      this.announcer.request();
    }
  }

  private changed(): void {
    this.toggleAttribute('data-empty', !this.shown);
    fire<MasteringChangeDetail>(this, 'busmeter-mastering-change', { state: this.drawn.state, shown: this.shown });
  }

  /** What to announce for the state drawn now (null: it was announced already, or dismissed). */
  private composeAnnouncement(): string | null {
    const state = this.drawn.state;
    if (state === this.announced || this.dismissed) return null;
    this.announced = state;
    const { title, advice } = describeVerdict(this.drawn);
    // "on" is a warning; "suspected" is a question (its title ends in "?").
    return state === 'off' ? 'Mastering processing is no longer detected on the bus.' : state === 'on' ? `Warning: ${title}. ${advice}` : `Check: ${title} ${advice}`;
  }

  protected override render() {
    // The live region is always the same element (a re-created one would lose its text).
    return html`
      <div part="announcer" class="sr-only" role="status" aria-live="polite" aria-atomic="true"></div>
      ${this.shown ? this.renderCard(this.drawn) : nothing}
    `;
  }

  private renderCard(v: MasteringVerdict) {
    const { title, advice } = describeVerdict(v);
    const percent = Math.round(v.confidence * 100);
    return html`
      <div class="card" part="card" data-state=${v.state}>
        <p class="title" part="title">${v.state === 'on' ? 'Warning' : 'Check'}: ${title}</p>
        <span class="confidence" part="confidence" data-value=${v.confidence.toFixed(2)}>Confidence ${percent} %</span>
        ${v.reasons.length
          ? html`<ul part="reasons" aria-label="Evidence">${v.reasons.map((r) => html`<li>${r[0].toUpperCase()}${r.slice(1)}.</li>`)}</ul>`
          : nothing}
        <p class="advice" part="advice">${advice}</p>
        <button class="dismiss" part="dismiss" aria-label="Dismiss the mastering-plugins warning for this session" @click=${() => this.dismiss()}>Dismiss</button>
      </div>
    `;
  }
}
