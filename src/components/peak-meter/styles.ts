// <busmeter-peak-meter>'s styles; the theme's custom properties and defaults are in ../base/theme.ts.

import { css } from 'lit';

export const styles = css`
  :host {
    display: flex;
    flex-direction: column;
    padding: 0.75rem;
    min-width: 9rem;
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    align-items: baseline;
    margin-bottom: 0.5rem;
  }
  .big {
    font-size: 2.4rem;
    font-weight: 650;
    line-height: 1.1;
  }
  .unit,
  .caption {
    color: var(--_muted);
    font-size: 0.75rem;
  }
  .grid {
    flex: 1 1 auto;
    display: grid;
    grid-template-columns: 2.2rem repeat(var(--_channels, 2), minmax(1.4rem, 2.6rem));
    justify-content: start;
    grid-template-rows: auto minmax(var(--busmeter-peak-bar-min-height, 240px), 1fr) auto auto auto;
    gap: 0.3rem 0.35rem;
    align-items: stretch;
  }
  .bar {
    position: relative;
    min-height: var(--busmeter-peak-bar-min-height, 240px);
    border-radius: 3px;
    overflow: hidden;
  }
  .scale {
    min-height: var(--busmeter-peak-bar-min-height, 240px);
  }
  .clip {
    padding: 0.15rem 0;
    font-size: 0.65rem;
    font-weight: 700;
    letter-spacing: 0.04em;
    color: var(--_muted);
    min-width: 0;
  }
  .clip[data-latched='true'] {
    background: var(--_over);
    border-color: var(--_over);
    color: #fff;
  }
  .label {
    text-align: center;
    font-size: 0.8rem;
    font-weight: 600;
  }
  .rowhead {
    color: var(--_muted);
    font-size: 0.65rem;
    align-self: center;
    line-height: 1.1;
  }
  .cell {
    text-align: center;
    font-size: 0.78rem;
  }
  .cell.tp {
    font-weight: 650;
  }
  [data-hot='true'] {
    color: var(--_over);
  }
`;
