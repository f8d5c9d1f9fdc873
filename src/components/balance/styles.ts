// <busmeter-balance>'s styles; the theme's custom properties and defaults are in ../base/theme.ts.

import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    padding: 0.5rem 0.75rem;
  }
  .grid {
    display: grid;
    grid-template-columns: auto 1fr 3.6rem;
    gap: 0.3rem 0.5rem;
    align-items: center;
  }
  .name {
    color: var(--_muted);
    font-size: 0.72rem;
    text-transform: uppercase;
    letter-spacing: 0.05em;
  }
  .bar {
    height: 12px;
    border-radius: 3px;
    overflow: hidden;
  }
  .num {
    text-align: right;
    font-size: 0.85rem;
  }
  .foot {
    color: var(--_muted);
    font-size: 0.75rem;
    margin-top: 0.35rem;
  }
  .foot .num {
    color: var(--_fg);
  }
`;
