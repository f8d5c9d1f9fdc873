// Goniometer (vectorscope) points: every D-th sample pair of channels 0 and 1, counted from
// reset (samples 0, D, 2D, …), as x = (R − L)/2, y = (L + R)/2, clamped to ±1. D is the sample
// rate over the requested point rate, rounded, so the stream is decimated to a stated rate
// without filtering (each point is a real sample pair: the scatter keeps its shape and its
// extent). Points wait in a ring of GONIOMETER_CAPACITY; a read publishes them oldest first and
// starts over; if more were made in between, the oldest are dropped and counted.

import { GONIOMETER_CAPACITY } from "../src/contract/readings-layout";
import { GONIOMETER_OUT, GONIOMETER_RING, HISTORY_PAD, WORK, WORK_STRIDE } from "./memory";

export let decimation: i32 = 8;
/** Frames until the next point, within the next span. */
let untilNext: i32 = 0;
let writeIndex: i32 = 0;
/** Points made since the previous read (may exceed the capacity). */
let made: i32 = 0;
let publishedPoints: i32 = 0;
let publishedDropped: i32 = 0;

export function configureGoniometer(sampleRate: f64, pointsPerSecond: f64): void {
  decimation = max(1, <i32>Math.round(sampleRate / pointsPerSecond));
  resetGoniometer();
}

export function resetGoniometer(): void {
  untilNext = 0;
  writeIndex = 0;
  made = 0;
}

@inline function clampUnit(x: f32): f32 {
  return Mathf.min(Mathf.max(x, -1), 1);
}

export function goniometerSpan(frames: i32): void {
  const left = WORK + <usize>(HISTORY_PAD << 2);
  const right = left + <usize>WORK_STRIDE;
  let i = untilNext;
  for (; i < frames; i += decimation) {
    const l = load<f32>(left + <usize>(i << 2));
    const r = load<f32>(right + <usize>(i << 2));
    const slot = GONIOMETER_RING + <usize>(writeIndex << 3);
    store<f32>(slot, clampUnit(0.5 * (r - l)));
    store<f32>(slot, clampUnit(0.5 * (l + r)), 4);
    writeIndex = (writeIndex + 1) & (GONIOMETER_CAPACITY - 1);
    if (made < 0x7fffffff) made++;
  }
  untilNext = i - frames;
}

/** Copies the points since the previous read into GONIOMETER_OUT, oldest first. */
export function publishGoniometer(): void {
  const count = min(made, GONIOMETER_CAPACITY);
  let from = (writeIndex - count) & (GONIOMETER_CAPACITY - 1);
  for (let p = 0; p < count; p++) {
    store<u64>(GONIOMETER_OUT + <usize>(p << 3), load<u64>(GONIOMETER_RING + <usize>(from << 3)));
    from = (from + 1) & (GONIOMETER_CAPACITY - 1);
  }
  publishedPoints = count;
  publishedDropped = made - count;
  made = 0;
}

export function goniometerPoints(): i32 { return publishedPoints; }
export function goniometerDropped(): i32 { return publishedDropped; }
