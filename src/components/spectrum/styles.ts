// <busmeter-spectrum>'s styles; the theme's custom properties and defaults are in ../base/theme.ts.

import { css } from 'lit';

export const styles = css`
  :host {
    --_spectrum: var(--busmeter-spectrum, var(--_neutral));
    --_spectrum-peak: var(--busmeter-spectrum-peak, var(--_warn));
    display: block;
    padding: 0.5rem 0.75rem 0.75rem;
  }
  .title {
    display: flex;
    gap: 1rem;
    align-items: baseline;
    color: var(--_muted);
    font-size: 0.72rem;
    text-transform: uppercase;
    letter-spacing: 0.05em;
    margin-bottom: 0.3rem;
  }
  .readout {
    margin-left: auto;
    text-transform: none;
    letter-spacing: 0;
    color: var(--_fg);
    font-size: 0.8rem;
  }
  .plot {
    height: var(--busmeter-spectrum-height, 200px);
    cursor: crosshair;
  }
`;
