// Helpers shared by the busmeter components: theme defaults, loudness targets, the dB scales,
// number formatting, throttled ARIA values and canvas sizing. No component lives here.

import { css } from 'lit';
import { FLOOR_DB } from '../../contract/readings-layout.js';
import type { Meter } from '../../live/meter-types.js';
import { dataValue, formatReading, formatSigned } from '../../rules/format.js';
import { backingSize, fitCanvas } from '../../paint/canvas-size.js';

export { FLOOR_DB };
export { dataValue, formatReading, formatSigned };
export { backingSize, fitCanvas };

/**
 * Theme defaults. Every component reads the same custom properties, so setting them once on a
 * parent (or on `busmeter-panel`) themes everything:
 *
 * --busmeter-bg, --busmeter-fg, --busmeter-muted (secondary text), --busmeter-surface (bar
 * troughs, buttons), --busmeter-border, --busmeter-ok (on target / safe), --busmeter-warn (above
 * target / hot), --busmeter-over (clip, over 0 dBTP), --busmeter-neutral (below target),
 * --busmeter-accent (focus ring, target line), --busmeter-momentary, --busmeter-short-term
 * (history lines), --busmeter-font, --busmeter-radius.
 */
export const themeStyles = css`
  :host {
    --_bg: var(--busmeter-bg, #101215);
    --_fg: var(--busmeter-fg, #e9ecf1);
    --_muted: var(--busmeter-muted, #8d96a3);
    --_surface: var(--busmeter-surface, #1b1f25);
    --_border: var(--busmeter-border, #2c323b);
    --_ok: var(--busmeter-ok, #3fcf72);
    --_warn: var(--busmeter-warn, #f2a93b);
    --_over: var(--busmeter-over, #ff4b4b);
    --_neutral: var(--busmeter-neutral, #5f8fd6);
    --_accent: var(--busmeter-accent, #7db7ff);
    --_momentary: var(--busmeter-momentary, #5f8fd6);
    --_short-term: var(--busmeter-short-term, #e9ecf1);
    --_font: var(--busmeter-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_radius: var(--busmeter-radius, 6px);
    box-sizing: border-box;
    color: var(--_fg);
    background: var(--_bg);
    font-family: var(--_font);
    font-variant-numeric: tabular-nums;
    border-radius: var(--_radius);
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  [hidden] {
    display: none !important;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
    white-space: nowrap;
    border: 0;
  }
  button {
    font: inherit;
    color: var(--_fg);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
    padding: 0.25em 0.7em;
    cursor: pointer;
  }
  button:hover {
    border-color: var(--_muted);
  }
  button:focus-visible,
  [tabindex]:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  /* Canvases fill a positioned box and never size it: their backing-store size (set from the
     box) must not feed back into the layout. A readout drawn on a canvas (canvas-readout.ts)
     is such a box, sized by its unseen sizer. */
  .canvas-box,
  .canvas-readout {
    position: relative;
  }
  .canvas-box > canvas,
  .canvas-readout > canvas {
    position: absolute;
    inset: 0;
    display: block;
    width: 100%;
    height: 100%;
  }
  .num {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .canvas-readout {
    display: inline-block;
  }
  .canvas-readout > .sizer {
    visibility: hidden;
  }
  [data-zone='on'] {
    color: var(--_ok);
  }
  [data-zone='above'] {
    color: var(--_warn);
  }
  [data-zone='below'] {
    color: var(--_fg);
  }
`;

/** Colours resolved from the theme custom properties, for drawing on canvases. */
export interface ThemeColors {
  bg: string;
  fg: string;
  muted: string;
  surface: string;
  border: string;
  ok: string;
  warn: string;
  over: string;
  neutral: string;
  accent: string;
  momentary: string;
  shortTerm: string;
  font: string;
}

/** Whether two themes give every colour and the font alike. */
export function sameTheme(a: ThemeColors, b: ThemeColors): boolean {
  for (const key of Object.keys(a) as (keyof ThemeColors)[]) if (a[key] !== b[key]) return false;
  return true;
}

/**
 * `previous` when `next` gives every colour and the font alike, else `next`: a component keeps one
 * theme object while its theme holds, so what is built from it (bar styles, readout styles) is
 * built again only when the theme changed.
 */
export function keepTheme(previous: ThemeColors | null, next: ThemeColors): ThemeColors {
  return previous && sameTheme(previous, next) ? previous : next;
}

/** Reads the resolved theme of `el` (whose shadow styles include `themeStyles`). */
export function readTheme(el: Element): ThemeColors {
  const s = getComputedStyle(el);
  const get = (name: string, fallback: string) => s.getPropertyValue(name).trim() || fallback;
  return {
    bg: get('--_bg', '#101215'),
    fg: get('--_fg', '#e9ecf1'),
    muted: get('--_muted', '#8d96a3'),
    surface: get('--_surface', '#1b1f25'),
    border: get('--_border', '#2c323b'),
    ok: get('--_ok', '#3fcf72'),
    warn: get('--_warn', '#f2a93b'),
    over: get('--_over', '#ff4b4b'),
    neutral: get('--_neutral', '#5f8fd6'),
    accent: get('--_accent', '#7db7ff'),
    momentary: get('--_momentary', '#5f8fd6'),
    shortTerm: get('--_short-term', '#e9ecf1'),
    font: get('--_font', 'system-ui, sans-serif'),
  };
}

// ---------------------------------------------------------------------------------------------
// Loudness targets

/** Named loudness targets (integrated loudness, LUFS). */
export const TARGET_PRESETS: Readonly<Record<string, { lufs: number; label: string }>> = {
  'ebu-r128': { lufs: -23, label: 'EBU R128' },
  'atsc-a85': { lufs: -24, label: 'ATSC A/85' },
  streaming: { lufs: -14, label: 'Streaming (Spotify, YouTube, Amazon, Tidal)' },
  'apple-music': { lufs: -16, label: 'Apple Music' },
  deezer: { lufs: -15, label: 'Deezer' },
};

export type TargetSpec = keyof typeof TARGET_PRESETS | string | number;

/** Resolves a preset name, a number, or a numeric string ("-18") to LUFS; unknown → −23. */
export function resolveTarget(target: TargetSpec | null | undefined): { lufs: number; label: string } {
  if (typeof target === 'number' && Number.isFinite(target)) {
    return { lufs: target, label: `Custom ${formatSigned(target, 1)} LUFS` };
  }
  if (typeof target === 'string') {
    const preset = TARGET_PRESETS[target];
    if (preset) return preset;
    const n = Number(target);
    if (target.trim() !== '' && Number.isFinite(n)) return { lufs: n, label: `Custom ${formatSigned(n, 1)} LUFS` };
  }
  return TARGET_PRESETS['ebu-r128'];
}

/** Half-width of the "on target" band, LU. */
export const ON_TARGET_LU = 1;

export type Zone = 'none' | 'below' | 'on' | 'above';

/** Where a loudness reading sits against the target: within ±1 LU "on", above, below. */
export function loudnessZone(lufs: number, targetLufs: number): Zone {
  if (!(lufs > FLOOR_DB)) return 'none';
  const rel = lufs - targetLufs;
  if (rel > ON_TARGET_LU) return 'above';
  if (rel < -ON_TARGET_LU) return 'below';
  return 'on';
}

/** EBU Tech 3341 scales, relative to the target (LU). */
export const LOUDNESS_SCALES = {
  ebu9: { min: -18, max: 9, step: 3 },
  ebu18: { min: -36, max: 18, step: 6 },
} as const;
export type LoudnessScale = keyof typeof LOUDNESS_SCALES;

export function resolveScale(scale: string | null | undefined): LoudnessScale {
  return scale === 'ebu18' ? 'ebu18' : 'ebu9';
}

// ---------------------------------------------------------------------------------------------
// Peak scale: dBFS, −60 … +3, expanded near the top where mixing decisions are made.

export const PEAK_SCALE_MIN_DB = -60;
export const PEAK_SCALE_MAX_DB = 3;
const PEAK_NODES: readonly (readonly [number, number])[] = [
  [-60, 0], [-50, 0.05], [-40, 0.12], [-30, 0.22], [-20, 0.37], [-12, 0.53],
  [-6, 0.7], [-3, 0.8], [0, 0.9], [3, 1],
];
/** Scale marks drawn beside peak bars. */
export const PEAK_MARKS: readonly number[] = [3, 0, -3, -6, -9, -12, -18, -24, -30, -40, -50, -60];

/** Position of a level on the peak scale, 0 (bottom) … 1 (top). Runs per bar per frame: no destructuring. */
export function peakFraction(db: number): number {
  if (!(db > PEAK_NODES[0][0])) return 0;
  for (let i = 1; i < PEAK_NODES.length; i++) {
    const upper = PEAK_NODES[i];
    if (db <= upper[0]) {
      const lower = PEAK_NODES[i - 1];
      return lower[1] + ((db - lower[0]) / (upper[0] - lower[0])) * (upper[1] - lower[1]);
    }
  }
  return 1;
}

// ---------------------------------------------------------------------------------------------
// Formatting

/** Sets text and data-value of a readout only when the shown text changes. */
export function setReadout(el: HTMLElement | null | undefined, text: string, value: number, zone?: Zone): void {
  if (!el) return;
  setText(el, text);
  const dv = dataValue(value);
  if (el.dataset.value !== dv) el.dataset.value = dv;
  if (zone !== undefined && el.dataset.zone !== zone) el.dataset.zone = zone;
}

/**
 * Shows `text` in `el`, writing it only when it changed. A readout's one text node is given the
 * new characters rather than replaced (el.textContent = … removes the node and inserts a new
 * one, which restyles it as well as laying it out again, ten times a second per readout).
 */
export function setText(el: HTMLElement, text: string): void {
  const node = el.firstChild;
  if (node && node === el.lastChild && node.nodeType === Node.TEXT_NODE) {
    const t = node as Text;
    if (t.data !== text) t.data = text;
  } else if (el.textContent !== text) {
    el.textContent = text;
  }
}

// ---------------------------------------------------------------------------------------------
// ARIA

/**
 * Keeps `aria-valuenow`/`aria-valuetext` of a role="meter" element up to date at most once per
 * `intervalMs` (default 500 ms: ≤ 2 updates a second), so screen readers are not flooded.
 */
export class AriaThrottle {
  private last = -Infinity;
  private shownText = '';
  constructor(
    public el: HTMLElement | null = null,
    public intervalMs = 500,
  ) {}

  /** Whether an offer now could be written: callers building the text every frame ask first. */
  due(now: number): boolean {
    return this.el !== null && now - this.last >= this.intervalMs;
  }

  /**
   * Offers a new value; it is written only if the interval has passed and the text changed. An
   * unchanged text starts the next interval too, so a caller that sums up what happened since
   * the last offer (a peak) always sums over a whole interval.
   */
  offer(now: number, value: number, min: number, max: number, text: string): void {
    const el = this.el;
    if (!el || now - this.last < this.intervalMs) return;
    this.last = now;
    if (text === this.shownText) return;
    this.shownText = text;
    const clamped = Math.min(max, Math.max(min, value));
    el.setAttribute('aria-valuenow', clamped.toFixed(1));
    el.setAttribute('aria-valuetext', text);
  }

  /** Forces the next offer through (after a reset). */
  invalidate(): void {
    this.last = -Infinity;
    this.shownText = '';
  }
}

// ---------------------------------------------------------------------------------------------
// Meter subscription

/**
 * Subscribes a component to a meter's events; returns the unsubscribe function. Uses one
 * AbortController so teardown cannot forget a listener.
 */
export function subscribe(
  meter: Meter,
  handlers: { readings?: () => void; reset?: () => void; error?: (e: Event) => void },
): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  if (handlers.readings) meter.addEventListener('readings', handlers.readings, { signal });
  if (handlers.reset) meter.addEventListener('reset', handlers.reset, { signal });
  if (handlers.error) meter.addEventListener('error', handlers.error, { signal });
  return () => controller.abort();
}

/** Dispatches a bubbling, composed CustomEvent from `el`. */
export function fire<T>(el: EventTarget, type: string, detail?: T): void {
  el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
