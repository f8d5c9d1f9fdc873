// Per-sample features for the detector's pumping fingerprint (src/rules/detector/): how the top of the
// mix moves just after each bass onset (a kick).
//
// A bus compressor whose attack lets the kick's front through then pulls the gain of the whole
// mix down for the next 50–300 ms (its release): the hats, cymbals, sibilants and guitars that
// were playing before the kick come out quieter after it, although nobody played them softer.
// In an unprocessed mix the top band after a kick is as loud as before it or louder (a snare,
// hats or a crash land with it). A limiter driven deep does the same, faster.
//
// On the mono sum of all channels run two one-pole low-passes: at 150 Hz (the kick and the bass,
// where onsets are found) and at 2 kHz, whose residual is the top band. Energies are summed in
// blocks of about 2.5 ms. An onset is a bass block
//   - 6 dB above every bass block 5–40 ms before it (the block just before may hold its start),
//   - within 15 dB of the loudest recent bass block (a reference falling 4 dB/s), and
//   - at least 105 ms after the previous onset.
// Its ducking is the top band's mean energy 25–100 ms after the onset against 5–35 ms before it,
// dB. It is published with the feature window (mastering.ts) in which its 100 ms end falls:
// onsets 105 ms apart end in different windows. (The middle band, 150 Hz–2 kHz, was measured
// too: the kick's own body fills it after every onset, compressed or not, so it tells nothing.)
//
// Ducking alone does not tell a compressor from an arrangement: hats that play before the kick
// and not after it, a tracker channel whose kick cuts the cymbal it was playing, a decaying
// chord, all make the highs quieter after the kick. What a compressor does and an arrangement
// does not is let go: its gain comes back with its release, so the highs dip and return. So the
// onset is followed on to 200 ms, and its dip is the quieter of "before" and the top band's mean
// energy 100–200 ms after the onset, against "after" (dB; positive: a dip that came back). A
// part that stopped or faded gives 0 or less. Another onset within the 200 ms abandons the dip
// (its own top band would read as a return). It is published with the window in which its
// 200 ms end falls.
//
// Per window the mono sum's spectral shape is kept as well: its mean square in three bands (below
// 150 Hz, 150 Hz–2 kHz, above 2 kHz), split by 4th-order Linkwitz–Riley filters (two 2nd-order
// Butterworth sections each). The one-pole low-passes above overlap too much for this: a window's
// shape must change far less under a compressor than between two passages of a song, and with
// 6 dB per octave half as many compressed passages were told from different ones.
//
// The window is also cut in SUB_WINDOWS equal parts (5 ms), each with its three band energies
// and its highest |sample| of any channel: a passage played again rarely lines up with the windows
// of its earlier pass, and from the parts the detector pieces that pass's windows together where
// the passage lies (src/rules/detector/replayed-passage.ts).
//
// Blocks are counted from reset, and every step depends only on the samples, so the features do
// not depend on how the audio was chunked.

import {
  BAND_LOW_MID_HZ, BAND_MID_HIGH_HZ, FLOOR_DB, MASTERING_WINDOWS_PUBLISHED, PUMPING_WINDOW_BASE, PUMPING_WINDOW_STRIDE, PW_HIGH_BAND_DB,
  PW_LOW_BAND_DB, PW_MID_BAND_DB, PW_TOP_DIP_DB, PW_TOP_DUCK_DB, SUB_WINDOWS, SUBWINDOW_BASE, SUBWINDOW_STRIDE, SW_HIGH_BAND_DB,
  SW_LOW_BAND_DB, SW_MID_BAND_DB, SW_SAMPLE_PEAK_DBFS,
} from "../src/contract/readings-layout";
import {
  HISTORY_PAD, PUMPING_BASS_HISTORY, PUMPING_HISTORY_BLOCKS, PUMPING_MONO, PUMPING_PEAK, PUMPING_RING, PUMPING_TOP_HISTORY, SUBWINDOW_RING,
  SUBWINDOW_SUMS, WORK, WORK_STRIDE,
} from "./memory";
import { amplitudeDb } from "./decibels";

const BASS_HZ: f64 = 150;
const TOP_HZ: f64 = 2000;
const BLOCK_SECONDS: f64 = 0.0025;
/** A bass block this much above (energy ratio: 6 dB) every block JUMP_FROM … JUMP_TO back is an onset. */
const ONSET_JUMP: f64 = 3.9810717055349722;
const JUMP_FROM: i32 = 2;
const JUMP_TO: i32 = 16;
/** Onsets more than 15 dB (energy ratio) below the loudest recent bass block are not counted. */
const ONSET_GATE: f64 = 0.03162277660168379;
/** That reference falls by this much per second unless a louder block renews it. */
const BASS_REFERENCE_FALL_DB_PER_S: f64 = 4;
/** Blocks before the onset block averaged as "before": 5–35 ms before it. */
const BEFORE_FROM: i32 = 3;
const BEFORE_TO: i32 = 14;
/** Blocks after the onset block averaged as "after": 25–100 ms (the kick's own click is over). */
const AFTER_FROM: i32 = 10;
const AFTER_TO: i32 = 39;
/** Blocks after the onset block averaged as "late": 100–200 ms (a release of 50–300 ms has let go of much of its gain). */
const LATE_FROM: i32 = 40;
const LATE_TO: i32 = 79;
/** Blocks from one onset to the next at least (105 ms: more than a window, so one per window). */
const ONSET_SPACING: i32 = 42;
/** A top band quieter than this before the onset (mean square of the mono sum per frame: −100 dB) gives no measurement. */
const BEFORE_MIN_MEAN_SQUARE: f64 = 1e-10;
/** Duckings are published within ± this (dB). */
const DUCK_LIMIT_DB: f64 = 100;
/** Filter states below this are flushed to 0 at block ends (silence would decay them into denormals). */
const STATE_FLUSH: f64 = 1e-30;

let blockFrames: i32 = 120;
let bassCoefficient: f64 = 0;
let topCoefficient: f64 = 0;
let bassReferenceFall: f64 = 1;
// Filter states: the two low-passes' outputs (they follow the signal across resets).
let bassState: f64 = 0;
let lowState: f64 = 0;
// The block being summed.
let framesIntoBlock: i32 = 0;
let bassEnergy: f64 = 0;
let topEnergy: f64 = 0;
/** Blocks closed since reset (or since a pause broke the before/after comparison), up to JUMP_TO. */
let blocksSeen: i32 = 0;
/** Ring position of the next block in the history rings. */
let historyPosition: i32 = 0;
let bassReference: f64 = 0;
let blocksSinceOnset: i32 = ONSET_SPACING;
/** The onset being measured: blocks since it (-1: none), the top band's energy before it and its sum after it. */
let onsetAge: i32 = -1;
let topBefore: f64 = 0;
let topAfter: f64 = 0;
let topLate: f64 = 0;
/** The ducking that ended in the current window (FLOOR_DB: none). */
let windowTopDuck: f64 = FLOOR_DB;
/** The dip that ended in the current window (FLOOR_DB: none). */
let windowTopDip: f64 = FLOOR_DB;
/** The onset's ducking was measured (its top band was not silent before it): its dip may follow. */
let duckMeasured: bool = false;

// The band filters: 2nd-order Butterworth sections (transposed direct form II), two per 4th-order
// Linkwitz–Riley filter. The low and the high band run side by side in one f64x2 (lane 0: the
// low-pass at BAND_LOW_MID_HZ, lane 1: the high-pass at BAND_MID_HIGH_HZ); the mid band is a
// high-pass at BAND_LOW_MID_HZ then a low-pass at BAND_MID_HIGH_HZ, four sections in a row.
let edgeB0 = f64x2.splat(0), edgeB1 = f64x2.splat(0), edgeB2 = f64x2.splat(0), edgeA1 = f64x2.splat(0), edgeA2 = f64x2.splat(0);
let edgeZ1a = f64x2.splat(0), edgeZ2a = f64x2.splat(0), edgeZ1b = f64x2.splat(0), edgeZ2b = f64x2.splat(0);
/** Mid-band sections: [high-pass b0, b1, b2, a1, a2, low-pass b0, b1, b2, a1, a2]. */
let hpB0: f64 = 0, hpB1: f64 = 0, hpB2: f64 = 0, hpA1: f64 = 0, hpA2: f64 = 0;
let lpB0: f64 = 0, lpB1: f64 = 0, lpB2: f64 = 0, lpA1: f64 = 0, lpA2: f64 = 0;
let midZ1a: f64 = 0, midZ2a: f64 = 0, midZ1b: f64 = 0, midZ2b: f64 = 0, midZ1c: f64 = 0, midZ2c: f64 = 0, midZ1d: f64 = 0, midZ2d: f64 = 0;
/** The current window's band energies (sums of squares) and the frames summed. */
let windowLow: f64 = 0;
let windowMid: f64 = 0;
let windowHigh: f64 = 0;
let windowBandFrames: i32 = 0;
/** Frames in a mastering window, and the part of it being summed (SUBWINDOW_SUMS: low, mid, high, peak, frames; SUB_WINDOWS each). */
let windowFrames: i32 = 4800;
let subWindow: i32 = 0;
const SUM_LOW: i32 = 0;
const SUM_MID: i32 = SUB_WINDOWS;
const SUM_HIGH: i32 = 2 * SUB_WINDOWS;
const SUM_PEAK: i32 = 3 * SUB_WINDOWS;
const SUM_FRAMES: i32 = 4 * SUB_WINDOWS;

/** `frames`: the mastering window's length (mastering.ts), which the sub-windows divide. */
export function configurePumping(sampleRate: f64, frames: i32): void {
  windowFrames = frames;
  blockFrames = max(1, <i32>Math.round(sampleRate * BLOCK_SECONDS));
  bassCoefficient = 1 - Math.exp(-2 * Math.PI * BASS_HZ / sampleRate);
  topCoefficient = 1 - Math.exp(-2 * Math.PI * TOP_HZ / sampleRate);
  bassReferenceFall = Math.pow(10, -BASS_REFERENCE_FALL_DB_PER_S * (<f64>blockFrames / sampleRate) / 10);
  bassState = 0;
  lowState = 0;
  designBandFilters(sampleRate);
  resetPumping();
}

/** One 2nd-order Butterworth section (RBJ cookbook, Q = 1/√2), normalised: [b0, b1, b2, a1, a2] into SECTION. */
function butterworth(sampleRate: f64, hz: f64, highPass: bool): void {
  const w0 = 2 * Math.PI * hz / sampleRate;
  const cosine = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * Math.SQRT1_2);
  const a0 = 1 + alpha;
  const edge = highPass ? (1 + cosine) / 2 : (1 - cosine) / 2;
  sectionB0 = edge / a0;
  sectionB1 = (highPass ? -2 : 2) * edge / a0;
  sectionB2 = edge / a0;
  sectionA1 = -2 * cosine / a0;
  sectionA2 = (1 - alpha) / a0;
}
let sectionB0: f64 = 0, sectionB1: f64 = 0, sectionB2: f64 = 0, sectionA1: f64 = 0, sectionA2: f64 = 0;

function designBandFilters(sampleRate: f64): void {
  butterworth(sampleRate, BAND_LOW_MID_HZ, false);
  const lowB0 = sectionB0, lowB1 = sectionB1, lowB2 = sectionB2, lowA1 = sectionA1, lowA2 = sectionA2;
  butterworth(sampleRate, BAND_MID_HIGH_HZ, true);
  edgeB0 = f64x2.replace_lane(f64x2.splat(lowB0), 1, sectionB0);
  edgeB1 = f64x2.replace_lane(f64x2.splat(lowB1), 1, sectionB1);
  edgeB2 = f64x2.replace_lane(f64x2.splat(lowB2), 1, sectionB2);
  edgeA1 = f64x2.replace_lane(f64x2.splat(lowA1), 1, sectionA1);
  edgeA2 = f64x2.replace_lane(f64x2.splat(lowA2), 1, sectionA2);
  butterworth(sampleRate, BAND_LOW_MID_HZ, true);
  hpB0 = sectionB0; hpB1 = sectionB1; hpB2 = sectionB2; hpA1 = sectionA1; hpA2 = sectionA2;
  butterworth(sampleRate, BAND_MID_HIGH_HZ, false);
  lpB0 = sectionB0; lpB1 = sectionB1; lpB2 = sectionB2; lpA1 = sectionA1; lpA2 = sectionA2;
  const zero = f64x2.splat(0);
  edgeZ1a = zero; edgeZ2a = zero; edgeZ1b = zero; edgeZ2b = zero;
  midZ1a = 0; midZ2a = 0; midZ1b = 0; midZ2b = 0; midZ1c = 0; midZ2c = 0; midZ1d = 0; midZ2d = 0;
}

export function resetPumping(): void {
  framesIntoBlock = 0;
  bassEnergy = 0;
  topEnergy = 0;
  bassReference = 0;
  forgetHistory();
  windowTopDuck = FLOOR_DB;
  windowTopDip = FLOOR_DB;
  clearWindowBands();
  memory.fill(PUMPING_RING, 0, <usize>(MASTERING_WINDOWS_PUBLISHED * PUMPING_WINDOW_STRIDE * 8));
  memory.fill(SUBWINDOW_RING, 0, <usize>(MASTERING_WINDOWS_PUBLISHED * SUBWINDOW_STRIDE * 8));
}

function clearWindowBands(): void {
  windowLow = 0;
  windowMid = 0;
  windowHigh = 0;
  windowBandFrames = 0;
  subWindow = 0;
  memory.fill(SUBWINDOW_SUMS, 0, <usize>(5 * SUB_WINDOWS * 8));
}

/** Frames into the window at which the part being summed ends (parts differ by a frame at most where SUB_WINDOWS does not divide the window). */
@inline function subWindowEnd(): i32 {
  return <i32>((<i64>(subWindow + 1) * <i64>windowFrames) / <i64>SUB_WINDOWS);
}

/** No onset is measured against blocks before this point (a reset, a pause). */
function forgetHistory(): void {
  blocksSeen = 0;
  historyPosition = 0;
  blocksSinceOnset = ONSET_SPACING;
  onsetAge = -1;
  duckMeasured = false;
}

/** Measures `frames` sanitised frames of `channels` channels (in their work buffers). */
export function measurePumping(frames: i32, channels: i32): void {
  sumChannels(frames, channels);
  let done = 0;
  while (done < frames) {
    // Runs end where a block or a sub-window ends (a span never passes a window's end).
    const run = min(frames - done, min(blockFrames - framesIntoBlock, max(1, subWindowEnd() - windowBandFrames)));
    filterRun(done, done + run, true);
    bandRun(done, done + run, true);
    if (windowBandFrames >= subWindowEnd() && subWindow < SUB_WINDOWS - 1) subWindow++;
    done += run;
    framesIntoBlock += run;
    if (framesIntoBlock == blockFrames) {
      framesIntoBlock = 0;
      closeBlock();
    }
  }
}

/**
 * A paused meter: the filters follow the signal, nothing is measured, and the next onset is not
 * compared with what played before the pause.
 */
export function followPumping(frames: i32, channels: i32): void {
  sumChannels(frames, channels);
  filterRun(0, frames, false);
  bandRun(0, frames, false);
  framesIntoBlock = 0;
  bassEnergy = 0;
  topEnergy = 0;
  forgetHistory();
}

/** PUMPING_MONO[0, frames) = the sum of the channels' samples; PUMPING_PEAK[0, frames) = the highest |sample| of them. */
function sumChannels(frames: i32, channels: i32): void {
  const first = WORK + <usize>(HISTORY_PAD << 2);
  for (let i = 0; i < frames; i += 4) {
    let sum = v128.load(first + <usize>(i << 2));
    let peak = f32x4.abs(sum);
    for (let c = 1; c < channels; c++) {
      const x = v128.load(first + <usize>(c * WORK_STRIDE + (i << 2)));
      sum = f32x4.add(sum, x);
      peak = f32x4.max(peak, f32x4.abs(x));
    }
    v128.store(PUMPING_MONO + <usize>(i << 2), sum);
    v128.store(PUMPING_PEAK + <usize>(i << 2), peak);
  }
}

/** Runs both low-passes (side by side in one f64x2) over PUMPING_MONO[from, to), summing the band energies when `measure`. */
function filterRun(from: i32, to: i32, measure: bool): void {
  const coefficients = f64x2.replace_lane(f64x2.splat(bassCoefficient), 1, topCoefficient);
  const keep = f64x2.sub(f64x2.splat(1), coefficients);
  let state = f64x2.replace_lane(f64x2.splat(bassState), 1, lowState);
  // Lane 0: bass² (the 150 Hz low-pass); lane 1: top² (the signal minus the 2 kHz low-pass).
  // The block's sums go on from where they stand, so that they add the same terms in the same
  // order however the block was split into runs (the same readings whatever the chunking).
  let energies = f64x2.replace_lane(f64x2.splat(bassEnergy), 1, topEnergy);
  for (let i = from; i < to; i++) {
    const x = f64x2.splat(<f64>load<f32>(PUMPING_MONO + <usize>(i << 2)));
    // keep·y + a·x rather than y + a·(x − y): one multiply and one add between one sample's
    // state and the next (the loop's critical path), not a subtraction as well.
    state = f64x2.add(f64x2.mul(keep, state), f64x2.mul(coefficients, x));
    const bands = v128.shuffle<f64>(state, f64x2.sub(x, state), 0, 3);
    energies = f64x2.add(energies, f64x2.mul(bands, bands));
  }
  bassState = f64x2.extract_lane(state, 0);
  lowState = f64x2.extract_lane(state, 1);
  if (!measure) return;
  bassEnergy = f64x2.extract_lane(energies, 0);
  topEnergy = f64x2.extract_lane(energies, 1);
}

/**
 * Runs the band filters over PUMPING_MONO[from, to), adding the band energies to the window's
 * when `measure`. The sums go on sample by sample from the window's start, so they add the same
 * terms in the same order however the window was split into runs.
 */
function bandRun(from: i32, to: i32, measure: bool): void {
  let z1a = edgeZ1a, z2a = edgeZ2a, z1b = edgeZ1b, z2b = edgeZ2b;
  let low = windowLow, mid = windowMid, high = windowHigh;
  // The run lies within one sub-window (measurePumping): its sums go on as the window's do.
  const part = SUBWINDOW_SUMS + <usize>(subWindow << 3);
  let partLow = load<f64>(part + <usize>(SUM_LOW << 3)), partMid = load<f64>(part + <usize>(SUM_MID << 3));
  let partHigh = load<f64>(part + <usize>(SUM_HIGH << 3)), partPeak = load<f64>(part + <usize>(SUM_PEAK << 3));
  for (let i = from; i < to; i++) {
    const sample = <f64>load<f32>(PUMPING_MONO + <usize>(i << 2));
    // Low and high band: two sections each, side by side.
    const x = f64x2.splat(sample);
    const y = f64x2.add(f64x2.mul(edgeB0, x), z1a);
    z1a = f64x2.add(f64x2.sub(f64x2.mul(edgeB1, x), f64x2.mul(edgeA1, y)), z2a);
    z2a = f64x2.sub(f64x2.mul(edgeB2, x), f64x2.mul(edgeA2, y));
    const edge = f64x2.add(f64x2.mul(edgeB0, y), z1b);
    z1b = f64x2.add(f64x2.sub(f64x2.mul(edgeB1, y), f64x2.mul(edgeA1, edge)), z2b);
    z2b = f64x2.sub(f64x2.mul(edgeB2, y), f64x2.mul(edgeA2, edge));
    // Mid band: two high-pass sections, then two low-pass sections.
    const h1 = hpB0 * sample + midZ1a;
    midZ1a = hpB1 * sample - hpA1 * h1 + midZ2a;
    midZ2a = hpB2 * sample - hpA2 * h1;
    const h2 = hpB0 * h1 + midZ1b;
    midZ1b = hpB1 * h1 - hpA1 * h2 + midZ2b;
    midZ2b = hpB2 * h1 - hpA2 * h2;
    const l1 = lpB0 * h2 + midZ1c;
    midZ1c = lpB1 * h2 - lpA1 * l1 + midZ2c;
    midZ2c = lpB2 * h2 - lpA2 * l1;
    const m = lpB0 * l1 + midZ1d;
    midZ1d = lpB1 * l1 - lpA1 * m + midZ2d;
    midZ2d = lpB2 * l1 - lpA2 * m;
    if (measure) {
      const lowSample = f64x2.extract_lane(edge, 0);
      const highSample = f64x2.extract_lane(edge, 1);
      const lowSquare = lowSample * lowSample, midSquare = m * m, highSquare = highSample * highSample;
      low += lowSquare;
      mid += midSquare;
      high += highSquare;
      partLow += lowSquare;
      partMid += midSquare;
      partHigh += highSquare;
      partPeak = max(partPeak, <f64>load<f32>(PUMPING_PEAK + <usize>(i << 2)));
    }
  }
  edgeZ1a = flushPair(z1a); edgeZ2a = flushPair(z2a); edgeZ1b = flushPair(z1b); edgeZ2b = flushPair(z2b);
  midZ1a = flush(midZ1a); midZ2a = flush(midZ2a); midZ1b = flush(midZ1b); midZ2b = flush(midZ2b);
  midZ1c = flush(midZ1c); midZ2c = flush(midZ2c); midZ1d = flush(midZ1d); midZ2d = flush(midZ2d);
  if (!measure) return;
  windowLow = low;
  windowMid = mid;
  windowHigh = high;
  windowBandFrames += to - from;
  store<f64>(part + <usize>(SUM_LOW << 3), partLow);
  store<f64>(part + <usize>(SUM_MID << 3), partMid);
  store<f64>(part + <usize>(SUM_HIGH << 3), partHigh);
  store<f64>(part + <usize>(SUM_PEAK << 3), partPeak);
  store<f64>(part + <usize>(SUM_FRAMES << 3), load<f64>(part + <usize>(SUM_FRAMES << 3)) + <f64>(to - from));
}

/** Filter states this small are 0: silence would decay them into denormals (WebAssembly has no FTZ). */
@inline function flush(state: f64): f64 {
  return Math.abs(state) < STATE_FLUSH ? 0 : state;
}

@inline function flushPair(state: v128): v128 {
  return f64x2.replace_lane(f64x2.splat(flush(f64x2.extract_lane(state, 0))), 1, flush(f64x2.extract_lane(state, 1)));
}

/** The block just summed: finishes the onset being measured, looks for a new one, keeps the history. */
function closeBlock(): void {
  if (Math.abs(bassState) < STATE_FLUSH) bassState = 0;
  if (Math.abs(lowState) < STATE_FLUSH) lowState = 0;
  const bass = bassEnergy, top = topEnergy;
  bassEnergy = 0;
  topEnergy = 0;
  bassReference = max(bass, bassReference * bassReferenceFall);
  if (onsetAge >= 0) {
    onsetAge++;
    if (onsetAge >= AFTER_FROM && onsetAge <= AFTER_TO) topAfter += top;
    if (onsetAge >= LATE_FROM) topLate += top;
    if (onsetAge == AFTER_TO) finishOnset();
    if (onsetAge == LATE_TO) {
      finishDip();
      onsetAge = -1;
    }
  }
  if (blocksSinceOnset < ONSET_SPACING) blocksSinceOnset++;
  if (blocksSeen >= JUMP_TO && blocksSinceOnset >= ONSET_SPACING && bass > 0 && bass >= bassReference * ONSET_GATE) {
    let loudestBefore: f64 = 0;
    for (let k = JUMP_FROM; k <= JUMP_TO; k++) loudestBefore = max(loudestBefore, historyAt(PUMPING_BASS_HISTORY, k));
    if (bass >= loudestBefore * ONSET_JUMP) {
      // A dip still being followed is abandoned: this onset's own top band would read as a return.
      blocksSinceOnset = 0;
      onsetAge = 0;
      topBefore = 0;
      for (let k = BEFORE_FROM; k <= BEFORE_TO; k++) topBefore += historyAt(PUMPING_TOP_HISTORY, k);
      topAfter = 0;
      topLate = 0;
      duckMeasured = false;
    }
  }
  const at = <usize>(historyPosition << 3);
  store<f64>(PUMPING_BASS_HISTORY + at, bass);
  store<f64>(PUMPING_TOP_HISTORY + at, top);
  historyPosition = (historyPosition + 1) & (PUMPING_HISTORY_BLOCKS - 1);
  if (blocksSeen < JUMP_TO) blocksSeen++;
}

/** The energy of the block `back` blocks before the one being closed (1 = the previous one). */
@inline function historyAt(ring: usize, back: i32): f64 {
  return load<f64>(ring + <usize>(((historyPosition - back) & (PUMPING_HISTORY_BLOCKS - 1)) << 3));
}

/** The onset's "after" span is complete: its ducking, unless the top band was silent before it. */
function finishOnset(): void {
  const before = topBefore / <f64>(BEFORE_TO - BEFORE_FROM + 1);
  const after = topAfter / <f64>(AFTER_TO - AFTER_FROM + 1);
  if (before / <f64>blockFrames < BEFORE_MIN_MEAN_SQUARE) return;
  const db = after > 0 ? 10 * Math.log10(after / before) : -DUCK_LIMIT_DB;
  windowTopDuck = min(DUCK_LIMIT_DB, max(-DUCK_LIMIT_DB, db));
  duckMeasured = true;
}

/** The onset's "late" span is complete: how far the top band dipped below both before and late. */
function finishDip(): void {
  if (!duckMeasured) return;
  const before = topBefore / <f64>(BEFORE_TO - BEFORE_FROM + 1);
  const after = topAfter / <f64>(AFTER_TO - AFTER_FROM + 1);
  const late = topLate / <f64>(LATE_TO - LATE_FROM + 1);
  const back = min(before, late);
  const db = after > 0 ? (back > 0 ? 10 * Math.log10(back / after) : -DUCK_LIMIT_DB) : DUCK_LIMIT_DB;
  windowTopDip = min(DUCK_LIMIT_DB, max(-DUCK_LIMIT_DB, db));
}

/** The mastering window `number` closed: its ducking goes into the ring. */
export function closePumpingWindow(number: i64): void {
  const slot = PUMPING_RING + <usize>(<i32>(number % <i64>MASTERING_WINDOWS_PUBLISHED) * PUMPING_WINDOW_STRIDE * 8);
  store<f64>(slot + <usize>(PW_TOP_DUCK_DB << 3), windowTopDuck);
  store<f64>(slot + <usize>(PW_TOP_DIP_DB << 3), windowTopDip);
  store<f64>(slot + <usize>(PW_LOW_BAND_DB << 3), bandDb(windowLow));
  store<f64>(slot + <usize>(PW_MID_BAND_DB << 3), bandDb(windowMid));
  store<f64>(slot + <usize>(PW_HIGH_BAND_DB << 3), bandDb(windowHigh));
  const parts = SUBWINDOW_RING + <usize>(<i32>(number % <i64>MASTERING_WINDOWS_PUBLISHED) * SUBWINDOW_STRIDE * 8);
  for (let p = 0; p < SUB_WINDOWS; p++) {
    const sums = SUBWINDOW_SUMS + <usize>(p << 3);
    const frames = load<f64>(sums + <usize>(SUM_FRAMES << 3));
    store<f64>(parts + <usize>((SW_LOW_BAND_DB + p) << 3), meanSquareDb(load<f64>(sums + <usize>(SUM_LOW << 3)), frames));
    store<f64>(parts + <usize>((SW_MID_BAND_DB + p) << 3), meanSquareDb(load<f64>(sums + <usize>(SUM_MID << 3)), frames));
    store<f64>(parts + <usize>((SW_HIGH_BAND_DB + p) << 3), meanSquareDb(load<f64>(sums + <usize>(SUM_HIGH << 3)), frames));
    store<f64>(parts + <usize>((SW_SAMPLE_PEAK_DBFS + p) << 3), amplitudeDb(load<f64>(sums + <usize>(SUM_PEAK << 3))));
  }
  windowTopDuck = FLOOR_DB;
  windowTopDip = FLOOR_DB;
  clearWindowBands();
}

/** A band's mean square per frame over the window, dB (FLOOR_DB for silence). */
function bandDb(energy: f64): f64 {
  return meanSquareDb(energy, <f64>windowBandFrames);
}

/** `energy` (a sum of squares over `frames`) as a mean square per frame, dB (FLOOR_DB for silence). */
function meanSquareDb(energy: f64, frames: f64): f64 {
  if (frames == 0 || !(energy > 0)) return FLOOR_DB;
  return max(FLOOR_DB, 10 * Math.log10(energy / frames));
}

/** Writes the published windows' pumping features and sub-windows into the readings record (newest first; unclosed ones at the floor). */
export function readPumping(readings: usize, windowsClosed: i64): void {
  publishRing(readings, PUMPING_WINDOW_BASE, PUMPING_RING, PUMPING_WINDOW_STRIDE, windowsClosed);
  publishRing(readings, SUBWINDOW_BASE, SUBWINDOW_RING, SUBWINDOW_STRIDE, windowsClosed);
}

/** Copies the last MASTERING_WINDOWS_PUBLISHED windows of `ring` (`stride` values each) to the record from slot `base`, newest first. */
export function publishRing(readings: usize, base: i32, ring: usize, stride: i32, windowsClosed: i64): void {
  for (let i = 0; i < MASTERING_WINDOWS_PUBLISHED; i++) {
    const target = readings + <usize>((base + i * stride) << 3);
    const number = windowsClosed - 1 - <i64>i;
    if (number < 0) {
      for (let k = 0; k < stride; k++) store<f64>(target + <usize>(k << 3), FLOOR_DB);
      continue;
    }
    const source = ring + <usize>(<i32>(number % <i64>MASTERING_WINDOWS_PUBLISHED) * stride * 8);
    for (let k = 0; k < stride; k++) store<f64>(target + <usize>(k << 3), load<f64>(source + <usize>(k << 3)));
  }
}
