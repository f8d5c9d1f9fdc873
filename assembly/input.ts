// The first pass over each channel of a chunk: copies the host's samples into the channel's work
// buffer, replacing NaN and ±Infinity by 0 (they are counted, never measured) and flushing
// float32 denormals to 0 (they are below −758 dBFS and would make the filters crawl, since
// WebAssembly has no flush-to-zero mode). On the way it finds the peak of every group of
// GROUP_FRAMES frames, which drives the sample-peak meter, clip detection and true-peak skipping.

import { CLIP_LEVEL, MAX_FRAMES_PER_CALL } from "../src/contract/readings-layout";
import { CLIP_RUN_LENGTH, CLIP_RUNS, getStat, SAMPLE_PEAK_SINCE_READ, setStat } from "./channel-stats";
import { GROUP_FRAMES, GROUP_PEAKS, HISTORY_PAD, INPUT, WORK, WORK_STRIDE } from "./memory";

/** Largest finite float32. */
const F32_MAX: f32 = 3.4028234663852886e38;
/** Smallest normal float32. */
const F32_MIN_NORMAL: f32 = 1.1754943508222875e-38;
/** A clip is a run of at least this many consecutive samples at or above CLIP_LEVEL. */
const CLIP_RUN_MIN: i32 = 3;

/** Non-finite samples seen in the last sanitiseChannel() call. */
export let badSamplesInCall: i32 = 0;

@inline function cleanScalar(x: f32): f32 {
  const magnitude = Mathf.abs(x);
  if (!(magnitude <= F32_MAX)) {
    badSamplesInCall++;
    return 0;
  }
  return magnitude < F32_MIN_NORMAL ? 0 : x;
}

/**
 * The vector loop's constants, loaded into registers once per call: V8 rebuilds a v128 constant
 * at every use inside a loop (two or three instructions each time). Lanes: the |x| mask, the
 * largest finite float32, the smallest normal float32.
 */
const LOOP_CONSTANTS: usize = memory.data<u32>([
  0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff,
  0x7f7fffff, 0x7f7fffff, 0x7f7fffff, 0x7f7fffff,
  0x00800000, 0x00800000, 0x00800000, 0x00800000,
], 16);

/**
 * Sanitises `frames` samples of `channel` starting `offset` frames into the host's buffer;
 * returns the channel's peak over them.
 */
export function sanitiseChannel(channel: i32, offset: i32, frames: i32): f32 {
  const source = INPUT + <usize>((channel * MAX_FRAMES_PER_CALL + offset) * 4);
  const target = WORK + <usize>(channel * WORK_STRIDE + HISTORY_PAD * 4);
  const absMask = v128.load(LOOP_CONSTANTS);
  const maxFinite = v128.load(LOOP_CONSTANTS, 16);
  const minNormal = v128.load(LOOP_CONSTANTS, 32);
  badSamplesInCall = 0;
  let chunkPeak: f32 = 0;
  let group = 0;
  for (let start = 0; start < frames; start += GROUP_FRAMES, group++) {
    const end = min(start + GROUP_FRAMES, frames);
    let peaks = f32x4.splat(0);
    // NaN/Inf are rare: lanes are AND-ed over the group and counted only if one was bad.
    let allFinite = i32x4.splat(-1);
    let i = start;
    for (; i + 4 <= end; i += 4) {
      const offset = <usize>(i << 2);
      const x = v128.load(source + offset);
      const magnitude = v128.and(x, absMask);
      const finite = f32x4.le(magnitude, maxFinite);
      allFinite = v128.and(allFinite, finite);
      const keep = v128.and(finite, f32x4.ge(magnitude, minNormal));
      v128.store(target + offset, v128.and(x, keep));
      // pmax is max here: the lanes are never NaN (masked to +0) nor −0.
      peaks = f32x4.pmax(peaks, v128.and(magnitude, keep));
    }
    if (!i32x4.all_true(allFinite)) badSamplesInCall += countNonFinite(source, start, i);
    peaks = f32x4.pmax(peaks, v128.shuffle<f32>(peaks, peaks, 2, 3, 0, 1));
    peaks = f32x4.pmax(peaks, v128.shuffle<f32>(peaks, peaks, 1, 0, 3, 2));
    let groupPeak = f32x4.extract_lane(peaks, 0);
    // The last frames of a span that does not fill its quads.
    for (; i < end; i++) {
      const x = cleanScalar(load<f32>(source + <usize>(i << 2)));
      store<f32>(target + <usize>(i << 2), x);
      const magnitude = Mathf.abs(x);
      if (magnitude > groupPeak) groupPeak = magnitude;
    }
    store<f32>(GROUP_PEAKS + <usize>(group << 2), groupPeak);
    if (groupPeak > chunkPeak) chunkPeak = groupPeak;
    countClipRuns(channel, target, start, end, groupPeak);
  }
  if (<f64>chunkPeak > getStat(channel, SAMPLE_PEAK_SINCE_READ)) {
    setStat(channel, SAMPLE_PEAK_SINCE_READ, <f64>chunkPeak);
  }
  return chunkPeak;
}

function countNonFinite(samples: usize, start: i32, end: i32): i32 {
  let count = 0;
  for (let i = start; i < end; i++) {
    if (!(Mathf.abs(load<f32>(samples + <usize>(i << 2))) <= F32_MAX)) count++;
  }
  return count;
}

/**
 * Counts runs of ≥ CLIP_RUN_MIN consecutive full-scale samples of one polarity (a flat top),
 * once per run, across chunks. The run length is kept signed: positive for a run at +full
 * scale, negative at −full scale, so a full-scale square wave counts each of its flat tops.
 */
@inline function countClipRuns(channel: i32, samples: usize, start: i32, end: i32, groupPeak: f32): void {
  if (groupPeak < <f32>CLIP_LEVEL) {
    setStat(channel, CLIP_RUN_LENGTH, 0);
    return;
  }
  let run = <i32>getStat(channel, CLIP_RUN_LENGTH);
  let runs = getStat(channel, CLIP_RUNS);
  for (let i = start; i < end; i++) {
    const x = load<f32>(samples + <usize>(i << 2));
    if (x >= <f32>CLIP_LEVEL) {
      run = run > 0 ? run + 1 : 1;
    } else if (x <= -<f32>CLIP_LEVEL) {
      run = run < 0 ? run - 1 : -1;
    } else {
      run = 0;
    }
    if (run == CLIP_RUN_MIN || run == -CLIP_RUN_MIN) runs += 1;
  }
  setStat(channel, CLIP_RUN_LENGTH, <f64>run);
  setStat(channel, CLIP_RUNS, runs);
}

/** Copies `frames` samples of `channel` into its work buffer, cleaned, measuring nothing. */
export function copyChannelClean(channel: i32, frames: i32): void {
  const source = INPUT + <usize>(channel * MAX_FRAMES_PER_CALL * 4);
  const target = WORK + <usize>(channel * WORK_STRIDE + HISTORY_PAD * 4);
  for (let i = 0; i < frames; i++) store<f32>(target + <usize>(i << 2), cleanScalar(load<f32>(source + <usize>(i << 2))));
}
