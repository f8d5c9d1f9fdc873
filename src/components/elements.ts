// The busmeter elements. A new element is one folder under src/components/ (its element, with
// `static readonly tag`, and its styles) and one line here; index.ts defines them all.

export { BusmeterPeakMeter } from './peak-meter/peak-meter.js';
export { BusmeterLoudnessMeter } from './loudness-meter/loudness-meter.js';
export { BusmeterLoudnessHistory } from './loudness-history/loudness-history.js';
export { BusmeterHeadroom } from './headroom/headroom.js';
export { BusmeterWarnings } from './warnings/warnings.js';
export { BusmeterMasteringWarning } from './mastering-warning/mastering-warning.js';
export { BusmeterSpectrum } from './spectrum/spectrum.js';
export { BusmeterCorrelation } from './correlation/correlation.js';
export { BusmeterGoniometer } from './goniometer/goniometer.js';
export { BusmeterBalance } from './balance/balance.js';
export { BusmeterCoach } from './coach/coach.js';
export { BusmeterPanel } from './panel/panel.js';
