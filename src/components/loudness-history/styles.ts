// <busmeter-loudness-history>'s styles; the theme's custom properties and defaults are in ../base/theme.ts.

import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    padding: 0.5rem 0.75rem 0.75rem;
  }
  .title {
    color: var(--_muted);
    font-size: 0.72rem;
    text-transform: uppercase;
    letter-spacing: 0.05em;
    margin-bottom: 0.3rem;
    display: flex;
    gap: 1rem;
  }
  .key-s::before,
  .key-m::before {
    content: '';
    display: inline-block;
    width: 1.2em;
    height: 0.2em;
    vertical-align: middle;
    margin-right: 0.35em;
    background: var(--_short-term);
  }
  .key-m::before {
    background: var(--_momentary);
    height: 0.1em;
  }
  .plot {
    height: var(--busmeter-history-height, 160px);
  }
  /* The lines change ten times a second, the grid only with the settings: two canvases. */
  .plot > canvas[part~='canvas'] {
    z-index: 1;
  }
`;
