// <busmeter-goniometer>'s styles; the theme's custom properties and defaults are in ../base/theme.ts.

import { css } from 'lit';

export const styles = css`
  :host {
    --_goniometer: var(--busmeter-goniometer, var(--_ok));
    display: block;
    padding: 0.5rem 0.75rem;
  }
  .title {
    color: var(--_muted);
    font-size: 0.72rem;
    text-transform: uppercase;
    letter-spacing: 0.05em;
    margin-bottom: 0.3rem;
  }
  .plot {
    width: var(--busmeter-goniometer-size, 180px);
    height: var(--busmeter-goniometer-size, 180px);
    margin: 0 auto;
  }
`;
