// busmeter's browser entry: the live meter, offline analysis, device input and the types.
// (The Node API is 'busmeter/node'.)

export { createMeter, MeterError, loadKernelModule, loadMeterProcessor, sharedTransportAvailable, type BusMeterHandle } from './meter.js';
export type { Meter, MeterErrorDetail, MeterEventMap, MeterOptions, MeterSource } from './meter-types.js';
export { analyzeOffline, decodeAudioFileInBrowser, sniffSampleRate, type AnalyzeOfflineOptions, type PlanarAudio } from './offline.js';
export * from './input/index.js';
export { onFrame, type FrameCallback } from './frame-loop.js';
export { createReadings, decodeReadings, formatDb, type Readings, type ChannelReadings } from './readings.js';
export { resolveLayout, NAMED_LAYOUTS, type ChannelLayout, type LayoutSpec } from './layouts.js';
export { FLOOR_DB } from './readings-layout.js';

// ---- Component exports go below (added by the components work) ----
