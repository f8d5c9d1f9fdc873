// <busmeter-coach>'s styles; the theme's custom properties and defaults are in ../base/theme.ts.

import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    line-height: 1.35;
  }
  .against {
    margin: 0 0 0.3rem;
    color: var(--_muted);
    font-size: 0.8rem;
  }
  .bands {
    display: flex;
    gap: 0.4rem;
    list-style: none;
    margin: 0 0 0.4rem;
    padding: 0;
    font-size: 0.8rem;
  }
  .bands li {
    flex: 1;
    background: var(--_surface);
    border-radius: 3px;
    padding: 0.15rem 0.35rem;
    border-bottom: 3px solid var(--_muted);
  }
  .bands li[data-position='inside'] {
    border-color: var(--_ok);
  }
  .bands li[data-position='above'],
  .bands li[data-position='below'] {
    border-color: var(--_warn);
  }
  .bands .name {
    display: block;
    font-weight: 600;
  }
  ol {
    margin: 0;
    padding-left: 1.2rem;
  }
  li[part~='finding'] {
    margin-bottom: 0.35rem;
  }
  p {
    margin: 0;
  }
  .title {
    font-weight: 700;
  }
  .why,
  .empty {
    color: var(--_muted);
    font-size: 0.88rem;
  }
  .action {
    font-size: 0.88rem;
  }
`;
