// Per-channel accumulators, f64 slots in CHANNEL_STATS. Peaks are kept as linear magnitudes
// and turned into dB only when read.

import { CHANNEL_STATS, CHANNEL_STATS_STRIDE } from "./memory";

export const SAMPLE_PEAK_SINCE_READ: i32 = 0;
export const SAMPLE_PEAK_MAX: i32 = 1;
export const TRUE_PEAK_SINCE_READ: i32 = 2;
export const TRUE_PEAK_MAX: i32 = 3;
export const CLIP_RUNS: i32 = 4;
export const TRUE_PEAK_OVERS: i32 = 5;
/** Consecutive full-scale samples at the end of what has been measured. */
export const CLIP_RUN_LENGTH: i32 = 6;
export const WEIGHT: i32 = 7;
/** Highest true peak in the current 100 ms mastering-feature window (mastering.ts). */
export const TRUE_PEAK_WINDOW: i32 = 8;
/** Highest |sample| in the current mastering-feature window. */
export const SAMPLE_PEAK_WINDOW: i32 = 9;

@inline export function statAddress(channel: i32, slot: i32): usize {
  return CHANNEL_STATS + <usize>(channel * CHANNEL_STATS_STRIDE + slot * 8);
}

@inline export function getStat(channel: i32, slot: i32): f64 {
  return load<f64>(statAddress(channel, slot));
}

@inline export function setStat(channel: i32, slot: i32, value: f64): void {
  store<f64>(statAddress(channel, slot), value);
}
