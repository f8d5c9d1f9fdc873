// Per-sample features for the mastering-plugin detector (src/rules/detector/). The kernel sees every
// sample; the decision is made in TypeScript from compact per-window features.
//
// Feature windows are the loudness measurement's 100 ms gating hops, counted from reset. The
// host-facing process() splits its chunk at window ends, so each window's peaks are exact and
// no reading depends on how the audio was chunked. Per window the kernel keeps:
//   - the true peak and the sample peak of the loudest channel (a limiter's ceiling shows as the
//     same peak window after window; measureTruePeak tracks the window's true peak);
//   - the K-weighted loudness of the window and the short-term loudness at its end (PSR, and
//     whether the peaks stay put while the energy moves);
//   - flat-top samples: samples equal to the two before them, at or above −18 dBFS (a clipper's
//     flat tops; found four samples at a time, from the history kept in front of each chunk);
//   - the sample peak of each of the first two channels (parts panned apart pin a level each).
// The last MASTERING_WINDOWS_PUBLISHED windows are published by read(), newest first, with the
// pumping features of the same windows (pumping.ts: the top band's ducking after bass onsets).

import {
  CHANNEL_PEAK_WINDOW_BASE, CHANNEL_PEAK_WINDOW_STRIDE, CW_FIRST_SAMPLE_PEAK_DBFS, CW_SECOND_SAMPLE_PEAK_DBFS, FLOOR_DB, MASTERING_WINDOW_BASE, MASTERING_WINDOW_STRIDE, MASTERING_WINDOWS_CLOSED, MASTERING_WINDOWS_PUBLISHED,
  MW_FLAT_MIN_LEVEL, MW_FLAT_SAMPLES, MW_LOUDNESS_LUFS, MW_SAMPLE_PEAK_DBFS, MW_SHORT_TERM_LUFS, MW_TRUE_PEAK_DBTP,
} from "../src/contract/readings-layout";
import { getStat, SAMPLE_PEAK_WINDOW, setStat, TRUE_PEAK_WINDOW } from "./channel-stats";
import { amplitudeDb, floored } from "./decibels";
import { energyToLufs, lastHopMeanSquare, shortTermMeanSquare, stepFrames, stepsPerHop } from "./loudness";
import { CHANNEL_PEAK_RING, GROUP_FRAMES, GROUP_PEAKS, HISTORY_PAD, MASTERING_RING, WORK, WORK_STRIDE } from "./memory";
import { closePumpingWindow, configurePumping, publishRing, readPumping, resetPumping } from "./pumping";

/** Per window, the reference decays by 0.25 dB (2.5 dB/s) unless a window's true peak renews it. */
const REFERENCE_DECAY: f64 = 0.9716279515771061; // 10^(−0.25/20)
/** Window true peaks more than 2 dB below the reference need not be exact. */
const FLOOR_BELOW_REFERENCE: f64 = 0.7943282347242815; // 10^(−2/20)
/** Flat tops more than 6 dB below the floor (8 dB below the reference) are not counted. */
const FLAT_BELOW_FLOOR: f32 = 0.5011872336272722; // 10^(−6/20)

let windowFrames: i32 = 4800;
/** A decaying maximum of recent window true peaks (linear). */
let truePeakReference: f64 = 0;
/**
 * measureTruePeak may skip a group whose bound is at or below this (and below the since-read
 * peak): a window's true peak is exact when it reads at or above the floor, and otherwise a lower
 * bound of a value below the floor. The detector only looks at windows near the recent maximum;
 * this keeps the cost of exact window peaks low. It changes only at window ends, so it is the
 * same whatever the chunking.
 */
export let windowPeakFloor: f32 = 0;
let framesIntoWindow: i32 = 0;
let windowsClosed: i64 = 0;
let flatSamples: i32 = 0;

/** Call after configureLoudness(): windows are the loudness hops. */
export function configureMastering(sampleRate: f64): void {
  windowFrames = stepsPerHop * stepFrames;
  configurePumping(sampleRate, windowFrames);
  resetMastering();
}

export function resetMastering(): void {
  framesIntoWindow = 0;
  windowsClosed = 0;
  flatSamples = 0;
  truePeakReference = 0;
  windowPeakFloor = 0;
  memory.fill(MASTERING_RING, 0, <usize>(MASTERING_WINDOWS_PUBLISHED * MASTERING_WINDOW_STRIDE * 8));
  memory.fill(CHANNEL_PEAK_RING, 0, <usize>(MASTERING_WINDOWS_PUBLISHED * CHANNEL_PEAK_WINDOW_STRIDE * 8));
  resetPumping();
}

/** Frames until the current window closes: process() never measures past it in one span. */
@inline export function framesLeftInWindow(): i32 {
  return windowFrames - framesIntoWindow;
}

/**
 * Window features of `frames` sanitised samples of `channel` (in its work buffer, after the
 * history); `spanPeak` is their sample peak and GROUP_PEAKS holds their group peaks.
 */
export function measureMasteringChannel(channel: i32, frames: i32, spanPeak: f32): void {
  if (<f64>spanPeak > getStat(channel, SAMPLE_PEAK_WINDOW)) setStat(channel, SAMPLE_PEAK_WINDOW, <f64>spanPeak);
  // A clipper's flat tops sit at its ceiling, near the recent peaks: quieter groups are skipped.
  const level = Mathf.max(<f32>MW_FLAT_MIN_LEVEL, windowPeakFloor * FLAT_BELOW_FLOOR);
  if (spanPeak < level) return;
  const chunk = WORK + <usize>(channel * WORK_STRIDE + (HISTORY_PAD << 2));
  const minimum = f32x4.splat(level);
  let count = 0;
  let group = 0;
  for (let start = 0; start < frames; start += GROUP_FRAMES, group++) {
    const end = min(start + GROUP_FRAMES, frames);
    // A group below the level has no sample to count (x[n] itself must reach it).
    if (load<f32>(GROUP_PEAKS + <usize>(group << 2)) < level) continue;
    let i = start;
    for (; i + 4 <= end; i += 4) {
      const at = chunk + <usize>(i << 2);
      const x0 = v128.load(at);
      const x1 = v128.load(at - 4);
      const x2 = v128.load(at - 8);
      const flat = v128.and(v128.and(f32x4.eq(x0, x1), f32x4.eq(x1, x2)), f32x4.ge(f32x4.abs(x0), minimum));
      count += popcnt<i32>(i32x4.bitmask(flat));
    }
    for (; i < end; i++) {
      const at = chunk + <usize>(i << 2);
      const x0 = load<f32>(at);
      if (x0 == load<f32>(at - 4) && x0 == load<f32>(at - 8) && Mathf.abs(x0) >= level) count++;
    }
  }
  flatSamples += count;
}

/** Advances the window clock by a measured span; closes the window at its end. */
export function advanceMasteringWindow(frames: i32, channels: i32): void {
  framesIntoWindow += frames;
  if (framesIntoWindow < windowFrames) return;
  framesIntoWindow = 0;
  let truePeak: f64 = 0;
  let samplePeak: f64 = 0;
  const ring = <i32>(windowsClosed % <i64>MASTERING_WINDOWS_PUBLISHED);
  const channelSlot = CHANNEL_PEAK_RING + <usize>(ring * CHANNEL_PEAK_WINDOW_STRIDE * 8);
  store<f64>(channelSlot + <usize>(CW_FIRST_SAMPLE_PEAK_DBFS << 3), amplitudeDb(getStat(0, SAMPLE_PEAK_WINDOW)));
  store<f64>(channelSlot + <usize>(CW_SECOND_SAMPLE_PEAK_DBFS << 3), amplitudeDb(getStat(channels > 1 ? 1 : 0, SAMPLE_PEAK_WINDOW)));
  for (let c = 0; c < channels; c++) {
    truePeak = max(truePeak, getStat(c, TRUE_PEAK_WINDOW));
    samplePeak = max(samplePeak, getStat(c, SAMPLE_PEAK_WINDOW));
    setStat(c, TRUE_PEAK_WINDOW, 0);
    setStat(c, SAMPLE_PEAK_WINDOW, 0);
  }
  truePeakReference = max(truePeak, truePeakReference * REFERENCE_DECAY);
  windowPeakFloor = <f32>(truePeakReference * FLOOR_BELOW_REFERENCE);
  // In the units of the readings record: converted once here, not at every read.
  const slot = MASTERING_RING + <usize>(ring * MASTERING_WINDOW_STRIDE * 8);
  store<f64>(slot + <usize>(MW_TRUE_PEAK_DBTP << 3), amplitudeDb(truePeak));
  store<f64>(slot + <usize>(MW_SAMPLE_PEAK_DBFS << 3), amplitudeDb(samplePeak));
  store<f64>(slot + <usize>(MW_LOUDNESS_LUFS << 3), floored(energyToLufs(lastHopMeanSquare)));
  store<f64>(slot + <usize>(MW_SHORT_TERM_LUFS << 3), floored(energyToLufs(shortTermMeanSquare())));
  store<f64>(slot + <usize>(MW_FLAT_SAMPLES << 3), <f64>flatSamples);
  flatSamples = 0;
  closePumpingWindow(windowsClosed);
  windowsClosed++;
}

/** Writes the published windows into the readings record (newest first; unclosed ones at the floor). */
export function readMastering(readings: usize): void {
  store<f64>(readings + <usize>(MASTERING_WINDOWS_CLOSED << 3), <f64>windowsClosed);
  for (let i = 0; i < MASTERING_WINDOWS_PUBLISHED; i++) {
    const target = readings + <usize>((MASTERING_WINDOW_BASE + i * MASTERING_WINDOW_STRIDE) << 3);
    const number = windowsClosed - 1 - <i64>i;
    if (number < 0) {
      store<f64>(target + <usize>(MW_TRUE_PEAK_DBTP << 3), FLOOR_DB);
      store<f64>(target + <usize>(MW_SAMPLE_PEAK_DBFS << 3), FLOOR_DB);
      store<f64>(target + <usize>(MW_LOUDNESS_LUFS << 3), FLOOR_DB);
      store<f64>(target + <usize>(MW_SHORT_TERM_LUFS << 3), FLOOR_DB);
      store<f64>(target + <usize>(MW_FLAT_SAMPLES << 3), 0);
      continue;
    }
    const source = MASTERING_RING + <usize>(<i32>(number % <i64>MASTERING_WINDOWS_PUBLISHED) * MASTERING_WINDOW_STRIDE * 8);
    for (let k = 0; k < MASTERING_WINDOW_STRIDE; k++) store<f64>(target + <usize>(k << 3), load<f64>(source + <usize>(k << 3)));
  }
  readPumping(readings, windowsClosed);
  publishRing(readings, CHANNEL_PEAK_WINDOW_BASE, CHANNEL_PEAK_RING, CHANNEL_PEAK_WINDOW_STRIDE, windowsClosed);
}
