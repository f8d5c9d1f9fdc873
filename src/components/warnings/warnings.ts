// <busmeter-warnings>: the warning panel: input warnings, meter errors, bad samples, and a slot
// for detectors added later (mastering plugins on the mix bus).

import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Meter, MeterErrorDetail } from '../../live/meter-types.js';
import { AnnouncementPacer } from '../base/announcer.js';
import { fire } from '../base/events.js';
import { MeterLink } from '../base/meter-link.js';
import { themeStyles } from '../base/theme.js';
import { styles } from './styles.js';

export type WarningLevel = 'info' | 'warning' | 'error';

export interface WarningMessage {
  id: string;
  text: string;
  level: WarningLevel;
}

const STORAGE_KEY = 'busmeter-dismissed-warnings';

function loadDismissed(): Set<string> {
  try {
    const raw = globalThis.sessionStorage?.getItem(STORAGE_KEY);
    const list: unknown = raw ? JSON.parse(raw) : [];
    return new Set(Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

/**
 * The warning panel. Shows, until fixed or dismissed:
 * - input warnings: `input` is any EventTarget (e.g. a LiveInput) dispatching 'warnings'
 *   (detail: {warnings: string[]} or string[], the current list) and 'status' ({state, message}; 'error' and
 *   'disconnected' become messages, 'live' clears them);
 * - meter errors: the Meter's 'error' event ({where, message}: the WASM module failed to compile,
 *   the processor failed, the input failed), shown here instead of a console line;
 * - bad samples: "N NaN/Inf samples in the input were measured as silence" while
 *   readings.badSamples > 0 (cleared by a meter reset);
 * - anything put in the `plugins` slot (the mastering-plugins detector) or the default slot;
 * - messages added with `show(id, text, level)`.
 *
 * Each message has a Dismiss button; a dismissed message id stays hidden for the browser tab's
 * session (sessionStorage). New messages are announced through a polite live region
 * (role="status"), at most one announcement per `announceIntervalMs` (default 5000 ms); messages
 * arriving in between are announced together.
 *
 * @slot plugins - The mastering-plugins detector's output.
 * @slot - More messages.
 *
 * @fires busmeter-warning - A message appeared; detail: WarningMessage.
 * @fires busmeter-dismiss - The user dismissed a message; detail: {id}.
 *
 * @csspart list - The list of messages.
 * @csspart message - Each message (data-id, data-level="info|warning|error").
 * @csspart dismiss - Each Dismiss button.
 * @csspart empty - The "no warnings" line.
 * @csspart announcer - The visually hidden live region (role="status").
 *
 * @cssproperty --busmeter-bg - Background.
 * @cssproperty --busmeter-fg - Text.
 * @cssproperty --busmeter-muted - The "no warnings" line.
 * @cssproperty --busmeter-warn - Warning accent.
 * @cssproperty --busmeter-over - Error accent.
 * @cssproperty --busmeter-neutral - Info accent.
 * @cssproperty --busmeter-font - Font family.
 */
export class BusmeterWarnings extends LitElement {
  /** The tag the element is registered under (src/components/elements.ts). */
  static readonly tag = 'busmeter-warnings';

  static override properties = {
    meter: { attribute: false },
    input: { attribute: false },
    announceIntervalMs: { type: Number, attribute: 'announce-interval-ms' },
    _messages: { state: true },
  };

  static override styles = [themeStyles, styles];

  /** The Meter whose errors and bad samples are reported. */
  declare meter: Meter | null;
  /** An input (e.g. LiveInput) whose 'warnings' and 'status' events are reported. */
  declare input: EventTarget | null;
  /** Minimum time between two screen-reader announcements, ms (default 5000). */
  declare announceIntervalMs: number;
  declare private _messages: WarningMessage[];

  private dismissed = loadDismissed();
  private readonly link = new MeterLink(this, {
    events: {
      readings: () => this.checkBadSamples(),
      reset: () => this.checkBadSamples(),
      error: (e) => {
        const detail = (e as CustomEvent<MeterErrorDetail>).detail;
        const where = detail?.where ?? 'processor';
        const what = where === 'module' ? 'The measuring module failed to load' : where === 'input' ? 'The input failed' : 'The meter stopped';
        this.show(`meter-error:${where}`, `${what}: ${detail?.message ?? 'unknown error'}`, 'error');
      },
    },
    attached: () => this.checkBadSamples(),
  });
  private inputController: AbortController | null = null;
  private pendingAnnouncements: string[] = [];
  private readonly announcer = new AnnouncementPacer(this, () => this.announceIntervalMs, () => this.composeAnnouncement());
  private badSamplesShown = 0;
  private badSamplesAt = -Infinity;
  private slotted = false;

  constructor() {
    super();
    this.meter = null;
    this.input = null;
    this.announceIntervalMs = 5000;
    this._messages = [];
  }

  /** The messages currently shown (dismissed ones excluded). */
  get messages(): readonly WarningMessage[] {
    return this._messages.filter((m) => !this.dismissed.has(m.id));
  }

  /** Shows (or updates the text of) message `id`. */
  show(id: string, text: string, level: WarningLevel = 'warning'): void {
    const existing = this._messages.find((m) => m.id === id);
    if (existing) {
      if (existing.text === text && existing.level === level) return;
      this._messages = this._messages.map((m) => (m.id === id ? { id, text, level } : m));
      return;
    }
    const message = { id, text, level };
    this._messages = [...this._messages, message];
    if (!this.dismissed.has(id)) {
      this.announce(`${level === 'error' ? 'Error' : level === 'warning' ? 'Warning' : 'Note'}: ${text}`);
      fire<WarningMessage>(this, 'busmeter-warning', message);
    }
  }

  /** Removes message `id` (the problem went away). */
  clear(id: string): void {
    if (this._messages.some((m) => m.id === id)) this._messages = this._messages.filter((m) => m.id !== id);
  }

  /** Hides message `id` for the rest of the session. */
  dismiss(id: string): void {
    this.dismissed.add(id);
    try {
      globalThis.sessionStorage?.setItem(STORAGE_KEY, JSON.stringify([...this.dismissed]));
    } catch {
      // Storage may be unavailable (privacy mode): dismissal then lasts until reload.
    }
    this.requestUpdate();
    fire(this, 'busmeter-dismiss', { id });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The mastering warning shows or hides itself without a slotchange.
    this.addEventListener('busmeter-mastering-change', this.onSlotChange);
    this.attachInput();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('busmeter-mastering-change', this.onSlotChange);
    this.inputController?.abort();
    this.inputController = null;
    this.announcer.cancel();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('meter')) this.link.relink();
    if (changed.has('input')) {
      this.inputController?.abort();
      this.inputController = null;
      this.attachInput();
    }
  }

  private attachInput(): void {
    const input = this.input;
    if (!input || this.inputController || !this.isConnected) return;
    this.inputController = new AbortController();
    const { signal } = this.inputController;
    input.addEventListener(
      'warnings',
      (e) => {
        // LiveInput sends {warnings: string[]}; a bare string[] is accepted too.
        const detail = (e as CustomEvent<unknown>).detail;
        const fromDetail = Array.isArray(detail) ? detail : (detail as { warnings?: unknown } | null)?.warnings;
        const list = Array.isArray(fromDetail) ? fromDetail : (input as { warnings?: unknown }).warnings;
        this.setInputWarnings(Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
      },
      { signal },
    );
    input.addEventListener(
      'status',
      (e) => {
        const detail = (e as CustomEvent<{ state?: string; message?: string }>).detail ?? {};
        if (detail.state === 'error') this.show('input-status', detail.message || 'The input failed.', 'error');
        else if (detail.state === 'disconnected') this.show('input-status', detail.message || 'The input was disconnected.', 'warning');
        else if (detail.state === 'live') this.clear('input-status');
      },
      { signal },
    );
    const current = (input as { warnings?: unknown }).warnings;
    if (Array.isArray(current)) this.setInputWarnings(current.filter((x): x is string => typeof x === 'string'));
  }

  private setInputWarnings(list: string[]): void {
    const ids = new Set(list.map((text) => `input:${text}`));
    for (const m of this._messages) if (m.id.startsWith('input:') && !ids.has(m.id)) this.clear(m.id);
    for (const text of list) this.show(`input:${text}`, text, 'warning');
  }

  private checkBadSamples(): void {
    const n = this.meter?.readings?.badSamples ?? 0;
    if (n <= 0) {
      if (this.badSamplesShown > 0) this.clear('bad-samples');
      this.badSamplesShown = 0;
      return;
    }
    const now = performance.now();
    // The count may grow every frame: refresh the text at most once a second.
    if (n === this.badSamplesShown || (this.badSamplesShown > 0 && now - this.badSamplesAt < 1000)) return;
    this.badSamplesShown = n;
    this.badSamplesAt = now;
    const count = n.toLocaleString('en-US');
    this.show('bad-samples', `${count} NaN/Inf sample${n === 1 ? '' : 's'} in the input ${n === 1 ? 'was' : 'were'} measured as silence.`, 'warning');
  }

  private announce(text: string): void {
    this.pendingAnnouncements.push(text);
    this.announcer.request();
  }

  /** The messages that arrived since the last announcement, as one text (null: none). */
  private composeAnnouncement(): string | null {
    const texts = this.pendingAnnouncements.splice(0);
    if (!texts.length) return null;
    return texts.length === 1 ? texts[0] : `${texts.length} new messages. ${texts.join(' ')}`;
  }

  private readonly onSlotChange = (): void => {
    // A slotted element with data-empty (the mastering warning while it has nothing to say)
    // does not count as a message.
    const any = [...(this.renderRoot.querySelectorAll('slot') as NodeListOf<HTMLSlotElement>)].some(
      (s) => s.assignedNodes({ flatten: true }).some((n) =>
        n.nodeType === Node.ELEMENT_NODE ? !(n as Element).hasAttribute('data-empty') : (n.textContent ?? '').trim() !== ''),
    );
    if (any !== this.slotted) {
      this.slotted = any;
      this.requestUpdate();
    }
  };

  protected override render() {
    const shown = this.messages;
    const label = (level: WarningLevel) => (level === 'error' ? 'Error' : level === 'warning' ? 'Warning' : 'Note');
    return html`
      <div part="announcer" class="sr-only" role="status" aria-live="polite" aria-atomic="true"></div>
      <ul part="list" aria-label="Warnings">
        ${shown.map(
          (m) => html`<li part="message" data-id=${m.id} data-level=${m.level}>
            <span class="text"><span class="level">${label(m.level)}:</span> ${m.text}</span>
            <button class="dismiss" part="dismiss" aria-label=${`Dismiss: ${m.text}`} @click=${() => this.dismiss(m.id)}>Dismiss</button>
          </li>`,
        )}
      </ul>
      <slot name="plugins" @slotchange=${this.onSlotChange}></slot>
      <slot @slotchange=${this.onSlotChange}></slot>
      ${shown.length === 0 && !this.slotted ? html`<p class="empty" part="empty">No warnings.</p>` : nothing}
    `;
  }
}
