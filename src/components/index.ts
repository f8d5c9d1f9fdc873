// Registers the busmeter custom elements. The classes live in their own modules and never
// register themselves, so an application may register them under other names instead.

import { BusmeterHeadroom } from './headroom/headroom.js';
import { BusmeterLoudnessHistory } from './loudness-history/loudness-history.js';
import { BusmeterLoudnessMeter } from './loudness-meter/loudness-meter.js';
import { BusmeterMasteringWarning } from './mastering-warning/mastering-warning.js';
import { BusmeterPanel } from './panel/panel.js';
import { BusmeterPeakMeter } from './peak-meter/peak-meter.js';
import { BusmeterWarnings } from './warnings/warnings.js';
import { BusmeterSpectrum } from './spectrum/spectrum.js';
import { BusmeterCorrelation } from './correlation/correlation.js';
import { BusmeterGoniometer } from './goniometer/goniometer.js';
import { BusmeterBalance } from './balance/balance.js';

export { BusmeterHeadroom, BusmeterLoudnessHistory, BusmeterLoudnessMeter, BusmeterMasteringWarning, BusmeterPanel, BusmeterPeakMeter, BusmeterWarnings };
export { BusmeterSpectrum, BusmeterCorrelation, BusmeterGoniometer, BusmeterBalance };
export { CORRELATION_WARN, correlationZone, formatCorrelation } from './correlation/correlation.js';
export { formatBalance, MS_MIN_DB } from './balance/balance.js';
export type { MasteringChangeDetail, VerdictSource } from './mastering-warning/mastering-warning.js';
export { headroomAdvice, WINDOW_HIGH_DBFS, WINDOW_LOW_DBFS, type HeadroomAdvice, type HeadroomState } from './headroom/headroom.js';
export { DEFAULT_FALL_DB_PER_S, type ClipDetail } from './peak-meter/peak-meter.js';
export { configurePainting, paintsInWorker, whenPainted } from '../paint/live-canvas.js';
export type { WarningLevel, WarningMessage } from './warnings/warnings.js';
export { TARGET_PRESETS, LOUDNESS_SCALES, resolveTarget, loudnessZone, type TargetSpec, type LoudnessScale } from '../rules/targets.js';

/** Tag names and their classes. */
export const ELEMENTS = {
  'busmeter-peak-meter': BusmeterPeakMeter,
  'busmeter-loudness-meter': BusmeterLoudnessMeter,
  'busmeter-loudness-history': BusmeterLoudnessHistory,
  'busmeter-headroom': BusmeterHeadroom,
  'busmeter-warnings': BusmeterWarnings,
  'busmeter-mastering-warning': BusmeterMasteringWarning,
  'busmeter-spectrum': BusmeterSpectrum,
  'busmeter-correlation': BusmeterCorrelation,
  'busmeter-goniometer': BusmeterGoniometer,
  'busmeter-balance': BusmeterBalance,
  'busmeter-panel': BusmeterPanel,
} as const;

/** Defines every busmeter element that is not defined yet (safe to call twice). */
export function defineBusmeterElements(registry: CustomElementRegistry = customElements): void {
  for (const [name, ctor] of Object.entries(ELEMENTS)) {
    if (!registry.get(name)) registry.define(name, ctor);
  }
}

defineBusmeterElements();

declare global {
  interface HTMLElementTagNameMap {
    'busmeter-peak-meter': BusmeterPeakMeter;
    'busmeter-loudness-meter': BusmeterLoudnessMeter;
    'busmeter-loudness-history': BusmeterLoudnessHistory;
    'busmeter-headroom': BusmeterHeadroom;
    'busmeter-warnings': BusmeterWarnings;
    'busmeter-mastering-warning': BusmeterMasteringWarning;
    'busmeter-spectrum': BusmeterSpectrum;
    'busmeter-correlation': BusmeterCorrelation;
    'busmeter-goniometer': BusmeterGoniometer;
    'busmeter-balance': BusmeterBalance;
    'busmeter-panel': BusmeterPanel;
  }
}
