// <busmeter-correlation>'s styles; the theme's custom properties and defaults are in ../base/theme.ts.

import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    padding: 0.5rem 0.75rem;
  }
  .head {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    color: var(--_muted);
    font-size: 0.72rem;
    text-transform: uppercase;
    letter-spacing: 0.05em;
  }
  .value {
    font-size: 1.1rem;
    font-weight: 650;
    color: var(--_fg);
    letter-spacing: 0;
  }
  .value[data-zone='negative'] {
    color: var(--_over);
  }
  .value[data-zone='low'] {
    color: var(--_warn);
  }
  .bar {
    height: 14px;
    margin-top: 0.3rem;
    border-radius: 3px;
    overflow: hidden;
  }
  .scale {
    display: flex;
    justify-content: space-between;
    color: var(--_muted);
    font-size: 0.68rem;
    margin-top: 0.15rem;
  }
`;
