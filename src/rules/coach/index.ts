// The mix coach's DOM-free rules: measurement, targets, findings, live hysteresis, streaming preview.
export * from './measure.js';
export * from './targets.js';
export * from './findings.js';
export * from './live.js';
export * from './streaming.js';
export * from './styles.js';
export * from './ab.js';
