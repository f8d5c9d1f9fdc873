// <busmeter-panel>'s styles; the theme's custom properties and defaults are in ../base/theme.ts.

import { css } from 'lit';

export const styles = css`
  :host {
    display: grid;
    grid-template-columns: auto auto minmax(18rem, 1fr);
    grid-template-areas:
      'peak loudness side'
      'spectrum spectrum stereo'
      'history history history';
    gap: var(--busmeter-gap, 0.75rem);
    background: transparent;
  }
  @media (max-width: 900px) {
    :host {
      grid-template-columns: auto 1fr;
      grid-template-areas:
        'peak loudness'
        'side side'
        'spectrum spectrum'
        'stereo stereo'
        'history history';
    }
  }
  .peak {
    grid-area: peak;
  }
  .loudness {
    grid-area: loudness;
  }
  .side {
    grid-area: side;
    display: flex;
    flex-direction: column;
    gap: var(--busmeter-gap, 0.75rem);
    min-width: 0;
  }
  .history {
    grid-area: history;
  }
  .spectrum {
    grid-area: spectrum;
    min-width: 0;
  }
  .stereo {
    grid-area: stereo;
    display: flex;
    flex-direction: column;
    gap: var(--busmeter-gap, 0.75rem);
    min-width: 0;
  }
  @media (max-width: 900px) {
    .stereo {
      flex-direction: row;
      flex-wrap: wrap;
    }
    .stereo > * {
      flex: 1 1 14rem;
    }
  }
  busmeter-goniometer {
    --busmeter-goniometer-size: 150px;
  }
  busmeter-coach {
    padding: 0.4rem 0.5rem;
  }
  busmeter-peak-meter,
  busmeter-loudness-meter,
  busmeter-headroom,
  busmeter-warnings,
  busmeter-loudness-history,
  busmeter-spectrum,
  busmeter-correlation,
  busmeter-goniometer,
  busmeter-balance,
  busmeter-coach {
    border: 1px solid var(--_border);
  }
`;
