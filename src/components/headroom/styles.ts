// <busmeter-headroom>'s styles; the theme's custom properties and defaults are in ../base/theme.ts.

import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    padding: 0.75rem;
  }
  .title {
    color: var(--_muted);
    font-size: 0.72rem;
    text-transform: uppercase;
    letter-spacing: 0.05em;
    margin-bottom: 0.35rem;
  }
  .gauge {
    height: 2.1rem;
  }
  .message {
    margin: 0.5rem 0 0.25rem;
    font-size: 1.05rem;
    font-weight: 600;
    line-height: 1.3;
    border-left: 4px solid var(--_muted);
    padding-left: 0.6rem;
  }
  .message[data-state='ready'] {
    border-color: var(--_ok);
    color: var(--_ok);
  }
  .message[data-state='hot'] {
    border-color: var(--_warn);
    color: var(--_warn);
  }
  .message[data-state='clipping'] {
    border-color: var(--_over);
    color: var(--_over);
  }
  .message[data-state='spare'] {
    border-color: var(--_neutral);
  }
  .detail {
    color: var(--_muted);
    font-size: 0.8rem;
  }
`;
