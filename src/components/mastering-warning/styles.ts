// <busmeter-mastering-warning>'s styles; the theme's custom properties and defaults are in ../base/theme.ts.

import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    background: transparent;
  }
  .card {
    border-left: 4px solid var(--_warn);
    background: var(--_surface);
    padding: 0.45rem 0.6rem;
    border-radius: 3px;
    line-height: 1.35;
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0.2rem 0.6rem;
  }
  .card[data-state='on'] {
    border-color: var(--_over);
  }
  .title {
    margin: 0;
    font-weight: 700;
  }
  .confidence {
    color: var(--_muted);
    font-size: 0.8rem;
    white-space: nowrap;
  }
  ul {
    grid-column: 1 / -1;
    margin: 0;
    padding-left: 1.1rem;
    font-size: 0.88rem;
  }
  .advice {
    grid-column: 1;
    margin: 0;
  }
  .dismiss {
    grid-column: 2;
    align-self: end;
    font-size: 0.8rem;
    padding: 0.1rem 0.5rem;
  }
`;
