// busmeter's browser entry: the live meter, offline analysis, device input and the types.
// (The Node API is 'busmeter/node'.)

export { createMeter, MeterError, loadKernelModule, loadMeterProcessor, sharedTransportAvailable, type BusMeterHandle } from './live/meter.js';
export type { Meter, MeterAssets, MeterErrorDetail, MeterEventMap, MeterOptions, MeterSource } from './live/meter-types.js';
export { analyzeOffline, decodeAudioFileInBrowser, sniffSampleRate, type AnalyzeOfflineOptions } from './live/render-offline.js';
export type { PlanarAudio } from './contract/audio.js';
export * from './live/input/index.js';
export { onFrame, type FrameCallback } from './live/frame-loop.js';
export { describeVerdict, MasteringDetector, type DetectorOptions, type MasteringKind, type MasteringState, type MasteringVerdict } from './rules/detector/index.js';
export { createReadings, decodeReadings, formatDb, type Readings, type ChannelReadings } from './engine/readings.js';
export { resolveLayout, NAMED_LAYOUTS, type ChannelLayout, type LayoutSpec } from './engine/layouts.js';
export { FLOOR_DB } from './contract/readings-layout.js';
export type { MeterSpectrumOptions, MeterStereoOptions } from './engine/analysis-options.js';
export {
  SPECTRUM_SOURCES, SPECTRUM_WINDOWS, type SpectrumOptions, type SpectrumSource, type SpectrumWindow, type StereoOptions,
} from './contract/options.js';
export {
  createSpectrumReadings, createStereoReadings, decodeSpectrum, decodeStereo, type SpectrumReadings, type StereoReadings,
} from './engine/analysis-readings.js';

// ---- Component exports go below (added by the components work) ----
// Importing the entry registers <busmeter-panel>, <busmeter-peak-meter>, <busmeter-loudness-meter>,
// <busmeter-loudness-history>, <busmeter-headroom>, <busmeter-warnings>, <busmeter-mastering-warning>,
// <busmeter-spectrum>, <busmeter-correlation>, <busmeter-goniometer> and <busmeter-balance>.
export * from './components/elements.js';
export {
  formatCorrelation, formatBalance,
  DEFAULT_FALL_DB_PER_S, ELEMENTS, LOUDNESS_SCALES, TARGET_PRESETS, WINDOW_HIGH_DBFS, WINDOW_LOW_DBFS, defineBusmeterElements,
  headroomAdvice, loudnessZone, resolveTarget, configurePainting, paintsInWorker, whenPainted,
  type BusmeterElementTagNameMap, type ClipDetail, type HeadroomAdvice, type MasteringChangeDetail, type VerdictSource, type HeadroomState, type LoudnessScale, type TargetSpec, type WarningLevel, type WarningMessage,
} from './components/index.js';
