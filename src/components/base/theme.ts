// The components' theme: the custom properties every element reads (defaults here), and the
// colours read back from them for drawing on canvas.

import { css } from 'lit';

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
