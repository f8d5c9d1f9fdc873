// <busmeter-warnings>'s styles; the theme's custom properties and defaults are in ../base/theme.ts.

import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    padding: 0.5rem 0.75rem;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.4rem;
  }
  li {
    display: flex;
    gap: 0.6rem;
    align-items: flex-start;
    border-left: 4px solid var(--_warn);
    background: var(--_surface);
    padding: 0.45rem 0.6rem;
    border-radius: 3px;
    line-height: 1.35;
  }
  li[data-level='error'] {
    border-color: var(--_over);
  }
  li[data-level='info'] {
    border-color: var(--_neutral);
  }
  .text {
    flex: 1 1 auto;
  }
  .level {
    font-weight: 700;
    margin-right: 0.4em;
  }
  li[data-level='error'] .level {
    color: var(--_over);
  }
  li[data-level='warning'] .level {
    color: var(--_warn);
  }
  .dismiss {
    flex: none;
    font-size: 0.8rem;
    padding: 0.1rem 0.5rem;
  }
  .empty {
    color: var(--_muted);
    font-size: 0.85rem;
    margin: 0;
  }
`;
