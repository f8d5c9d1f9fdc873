// <busmeter-loudness-meter>'s styles; the theme's custom properties and defaults are in ../base/theme.ts.

import { css } from 'lit';

export const styles = css`
  :host {
    display: flex;
    flex-direction: column;
    padding: 0.75rem;
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin-bottom: 0.6rem;
  }
  .target {
    flex: 1 1 auto;
    color: var(--_muted);
    font-size: 0.85rem;
  }
  .target strong {
    color: var(--_fg);
  }
  .body {
    flex: 1 1 auto;
    display: flex;
    gap: 0.9rem;
    align-items: stretch;
  }
  .bars {
    display: grid;
    grid-template-columns: 2.6rem 2.4rem 2.4rem;
    grid-template-rows: minmax(var(--busmeter-loudness-bar-min-height, 240px), 1fr) auto;
    gap: 0.3rem 0.35rem;
    flex: none;
  }
  .bar {
    position: relative;
    border-radius: 3px;
    overflow: hidden;
    min-height: var(--busmeter-loudness-bar-min-height, 240px);
  }
  .barlabel {
    text-align: center;
    font-weight: 600;
    font-size: 0.8rem;
  }
  .readouts {
    flex: 1 1 auto;
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 0.6rem 1rem;
    align-content: start;
    min-width: 12rem;
  }
  .readout {
    display: flex;
    flex-direction: column;
  }
  .readout.wide {
    grid-column: 1 / -1;
  }
  .caption {
    color: var(--_muted);
    font-size: 0.72rem;
    text-transform: uppercase;
    letter-spacing: 0.05em;
  }
  .value {
    font-size: 1.35rem;
    font-weight: 600;
    line-height: 1.15;
  }
  .value.big {
    font-size: 2.6rem;
    font-weight: 700;
  }
  .u {
    color: var(--_muted);
    font-size: 0.75rem;
    margin-left: 0.25em;
  }
`;
