// Longer than 400 lines on purpose: one DSP stage (momentary, short-term, gating histograms, LRA) over shared static state.
// Loudness per ITU-R BS.1770-5 and EBU Tech 3341/3342.
//
// Time is cut into kernel steps of `stepFrames` (at most 128 frames, at least 40 per 100 ms hop,
// dividing the hop exactly at every common rate: 120 at 48 kHz, 105 at 44.1 kHz). Every step's
// K-weighted, channel-weighted energy enters a ring covering the 3 s short-term window, so the
// momentary (400 ms) and short-term (3 s) loudness are known at every step: their maxima are
// exact to a step, whatever the chunk size or the read rate — EBU 3341 tests 13/14 need that.
// Every 100 ms hop closes a 400 ms gating block (BS.1770-5: 75 % overlap) and a short-term value
// (EBU 3342: ≥ 10 Hz); both go into 0.01 LU histograms that hold count and summed energy per
// bin, so memory is constant for any session length and the gated means are exact sums.

import { MAX_CHANNELS } from "../src/contract/readings-layout";
import {
  BLOCK_COUNT_BLOCKS, BLOCK_COUNTS, BLOCK_ENERGIES, FILTER_STATE, HISTOGRAM_BIN_LU, HISTOGRAM_BINS, HISTOGRAM_COARSE_BIN_LU, HISTOGRAM_FINE_BINS, HISTOGRAM_FINE_TOP_LUFS, HISTOGRAM_MIN_LUFS,
  HISTORY_PAD, HOPS_PER_MOMENTARY, HOPS_PER_SHORT_TERM, K_WEIGHTING_SPLATS, MAX_STEPS_PER_HOP, PAIR_WEIGHTS,
  SHORT_TERM_COUNT_BLOCKS, SHORT_TERM_COUNTS, SHORT_TERM_ENERGIES, STEP_ENERGY, STEP_RING, WORK, WORK_STRIDE,
} from "./memory";
import { rlbGain } from "./kweighting";
import { monoFold, monoFoldOn } from "./mono-fold";
import { binOfRank, blockEmpty, clearBlocks, countInBlock, countRange, nextBlockStart } from "./histogram-blocks";

/** BS.1770-5: L = −0.691 + 10·log10(Σ G·z). */
const LOUDNESS_OFFSET: f64 = -0.691;
/** BS.1770-5 absolute gate, LUFS; also EBU 3342's. */
const ABSOLUTE_GATE_LUFS: f64 = -70.0;
/** BS.1770-5 relative gate for integrated loudness, LU below the absolute-gated loudness. */
const INTEGRATED_RELATIVE_GATE_LU: f64 = -10.0;
/** EBU Tech 3342 relative gate for loudness range. */
const RANGE_RELATIVE_GATE_LU: f64 = -20.0;
/** EBU Tech 3342 percentiles. */
const RANGE_LOW_PERCENTILE: f64 = 0.10;
const RANGE_HIGH_PERCENTILE: f64 = 0.95;
/** Filter state below this is flushed to zero at each step (WebAssembly has no FTZ). */
const DENORMAL_GUARD: f64 = 1e-30;

export let stepFrames: i32 = 120;
export let stepsPerHop: i32 = 40;
/** Mean square of the last closed 100 ms hop (channel-weighted, K-weighted). */
export let lastHopMeanSquare: f64 = 0;
let ringSteps: i32 = 1200;
let momentarySteps: i32 = 160;
let pairCount: i32 = 1;

let framesIntoStep: i32 = 0;
let ringIndex: i32 = 0;
let stepsIntoHop: i32 = 0;
let hopsDone: i64 = 0;

/** Σ K(L)·K(R) of channels 0 and 1 in the current step (only while the mono fold is on). */
let stepCross: f64 = 0;

let momentarySum: f64 = 0;
let shortTermSum: f64 = 0;
let momentaryMaxSum: f64 = 0;
let shortTermMaxSum: f64 = 0;
let momentaryMaxSinceReadSum: f64 = 0;
let shortTermMaxSinceReadSum: f64 = 0;

// Running totals over the absolute-gated histogram entries (exact, for the relative gates).
let blocksAboveAbsolute: f64 = 0;
let blockEnergyAboveAbsolute: f64 = 0;
let shortTermsAboveAbsolute: f64 = 0;
let shortTermEnergyAboveAbsolute: f64 = 0;
let integratedDirty = true;
// Lowest and highest occupied bin of each histogram: the gated sums scan only that range.
let blockBinLow: i32 = HISTOGRAM_BINS;
let blockBinHigh: i32 = -1;
let shortTermBinLow: i32 = HISTOGRAM_BINS;
let shortTermBinHigh: i32 = -1;
let rangeDirty = true;

export let integratedLufs: f64 = -Infinity;
export let gatedBlocks: f64 = 0;
export let rangeLu: f64 = 0;
export let rangeLowLufs: f64 = -Infinity;
export let rangeHighLufs: f64 = -Infinity;

@inline export function energyToLufs(meanSquare: f64): f64 {
  return meanSquare > 0 ? LOUDNESS_OFFSET + 10.0 * Math.log10(meanSquare) : -Infinity;
}

/** Chooses the step: the largest divisor d of the hop with d ≤ 128 and hop/d ≥ 40. */
function chooseStep(hopFrames: i32): void {
  const limit = min(128, hopFrames / 40);
  let best = 0;
  for (let d = max(1, limit); d >= 1; d--) {
    if (hopFrames % d == 0 && hopFrames / d <= MAX_STEPS_PER_HOP) { best = d; break; }
  }
  if (best == 0) {
    // No exact divisor short enough (an unusual rate): the hop becomes a whole number of steps,
    // off from 100 ms by less than one step.
    best = max(1, limit);
    stepsPerHop = min(MAX_STEPS_PER_HOP, <i32>Math.round(<f64>hopFrames / <f64>best));
  } else {
    stepsPerHop = hopFrames / best;
  }
  stepFrames = best;
}

export function configureLoudness(sampleRate: f64, channels: i32): void {
  chooseStep(<i32>Math.round(sampleRate / 10.0));
  ringSteps = stepsPerHop * HOPS_PER_SHORT_TERM;
  momentarySteps = stepsPerHop * HOPS_PER_MOMENTARY;
  pairCount = (channels + 1) >> 1;
  clearFilterState();
  resetLoudness();
}

export function setPairWeight(channel: i32, weight: f64): void {
  const address = PAIR_WEIGHTS + <usize>((channel >> 1) << 4) + <usize>((channel & 1) << 3);
  store<f64>(address, weight);
}

/** Silences the K-weighting filters: only for a new signal (init), never on reset. */
export function clearFilterState(): void {
  memory.fill(FILTER_STATE, 0, <usize>((MAX_CHANNELS / 2) * 4 * 16));
}

/**
 * Forgets everything measured. The filter state is kept: it is the recent past of a signal that
 * goes on, and restarting it from silence would meter a transient that is not in the audio.
 */
export function resetLoudness(): void {
  memory.fill(STEP_ENERGY, 0, <usize>((MAX_CHANNELS / 2) * 16));
  memory.fill(STEP_RING, 0, <usize>(ringSteps << 3));
  memory.fill(BLOCK_COUNTS, 0, <usize>(HISTOGRAM_BINS << 3));
  memory.fill(BLOCK_ENERGIES, 0, <usize>(HISTOGRAM_BINS << 3));
  memory.fill(SHORT_TERM_COUNTS, 0, <usize>(HISTOGRAM_BINS << 3));
  memory.fill(SHORT_TERM_ENERGIES, 0, <usize>(HISTOGRAM_BINS << 3));
  clearBlocks(BLOCK_COUNT_BLOCKS);
  clearBlocks(SHORT_TERM_COUNT_BLOCKS);
  framesIntoStep = 0;
  stepCross = 0;
  ringIndex = 0;
  stepsIntoHop = 0;
  hopsDone = 0;
  lastHopMeanSquare = 0;
  momentarySum = 0;
  shortTermSum = 0;
  momentaryMaxSum = 0;
  shortTermMaxSum = 0;
  momentaryMaxSinceReadSum = 0;
  shortTermMaxSinceReadSum = 0;
  blocksAboveAbsolute = 0;
  blockEnergyAboveAbsolute = 0;
  shortTermsAboveAbsolute = 0;
  shortTermEnergyAboveAbsolute = 0;
  integratedDirty = true;
  rangeDirty = true;
  blockBinLow = HISTOGRAM_BINS;
  blockBinHigh = -1;
  shortTermBinLow = HISTOGRAM_BINS;
  shortTermBinHigh = -1;
}

/**
 * Runs `frames` sanitised frames through the K-weighting filters without measuring them (the
 * meter is paused), so that measuring resumes on continuous filter state.
 */
export function followLoudness(frames: i32): void {
  for (let pair = 0; pair < pairCount; pair++) {
    const energyAddress = STEP_ENERGY + <usize>(pair << 4);
    const measured = v128.load(energyAddress);
    kWeightPair(pair, 0, frames);
    v128.store(energyAddress, measured);
    flushPairState(pair);
  }
}

/** K-weights and accumulates `frames` sanitised frames (work buffers), closing steps on the way. */
export function measureLoudness(frames: i32): void {
  let done = 0;
  while (done < frames) {
    const run = min(frames - done, stepFrames - framesIntoStep);
    if (monoFoldOn) {
      kWeightPairWithCross(done, done + run);
      for (let pair = 1; pair < pairCount; pair++) kWeightPair(pair, done, done + run);
    } else {
      for (let pair = 0; pair < pairCount; pair++) kWeightPair(pair, done, done + run);
    }
    done += run;
    framesIntoStep += run;
    if (framesIntoStep == stepFrames) {
      framesIntoStep = 0;
      closeStep();
    }
  }
}

/**
 * The pair's samples of frame i as an f64x2: left in lane 0, right (its work buffer follows at
 * WORK_STRIDE) in lane 1, widened exactly (two loads into one vector and one conversion, where
 * two scalar conversions and a splat cost V8 twice the instructions).
 */
@inline function pairFrame(leftSample: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load32_lane(leftSample, v128.load32_zero(leftSample), 1, WORK_STRIDE));
}

/** Both channels of a pair run through the two biquads side by side in one f64x2. */
function kWeightPair(pair: i32, from: i32, to: i32): void {
  kWeightLoop(pair, from, to, false);
}

/**
 * kWeightPair for pair 0 (channels 0 and 1) that also sums K(L)·K(R) for the mono fold
 * (mono-fold.ts). The filter and energy arithmetic is the same, in the same order, so the
 * loudness readings do not change when the stereo field is on.
 */
function kWeightPairWithCross(from: i32, to: i32): void {
  kWeightLoop(0, from, to, true);
}

/**
 * The K-weighting loop of one pair; inlined into each caller with `withCross` a constant, so
 * each gets a loop of its own and the plain one carries no cross-term work.
 */
@inline function kWeightLoop(pair: i32, from: i32, to: i32, withCross: bool): void {
  const left = WORK + <usize>((pair << 1) * WORK_STRIDE + (HISTORY_PAD << 2));
  const state = FILTER_STATE + <usize>(pair << 6);
  const energyAddress = STEP_ENERGY + <usize>(pair << 4);
  const b0 = v128.load(K_WEIGHTING_SPLATS);
  const b1 = v128.load(K_WEIGHTING_SPLATS, 16);
  const b2 = v128.load(K_WEIGHTING_SPLATS, 32);
  const a1 = v128.load(K_WEIGHTING_SPLATS, 48);
  const a2 = v128.load(K_WEIGHTING_SPLATS, 64);
  const c1 = v128.load(K_WEIGHTING_SPLATS, 80);
  const c2 = v128.load(K_WEIGHTING_SPLATS, 96);
  // The RLB numerator gain is applied to the step energies (squared), keeping the inner loop's
  // numerator [1, −2, 1] free of multiplications.
  const minusTwo = v128.load(K_WEIGHTING_SPLATS, 112);
  let s1 = v128.load(state);
  let s2 = v128.load(state, 16);
  let r1 = v128.load(state, 32);
  let r2 = v128.load(state, 48);
  let energy = v128.load(energyAddress);
  // Continues the step's sum (not a fresh partial sum), so any chunking adds in the same order.
  let cross = f64x2.splat(withCross ? stepCross : 0.0);
  const end = left + <usize>(to << 2);
  for (let at = left + <usize>(from << 2); at < end; at += 4) {
    const x = pairFrame(at);
    // Transposed direct form II, pre-filter. The feed-forward terms are added before the
    // feedback term, so the recursion's critical path is one multiply and two adds.
    const y = f64x2.add(f64x2.mul(b0, x), s1);
    s1 = f64x2.sub(f64x2.add(f64x2.mul(b1, x), s2), f64x2.mul(a1, y));
    s2 = f64x2.sub(f64x2.mul(b2, x), f64x2.mul(a2, y));
    // RLB high-pass, numerator [1, −2, 1].
    const z = f64x2.add(y, r1);
    r1 = f64x2.sub(f64x2.add(f64x2.mul(minusTwo, y), r2), f64x2.mul(c1, z));
    r2 = f64x2.sub(y, f64x2.mul(c2, z));
    energy = f64x2.add(energy, f64x2.mul(z, z));
    // Both lanes get K(L)·K(R); lane 0 is used.
    if (withCross) cross = f64x2.add(cross, f64x2.mul(z, v128.shuffle<f64>(z, z, 1, 0)));
  }
  v128.store(state, s1);
  v128.store(state, s2, 16);
  v128.store(state, r1, 32);
  v128.store(state, r2, 48);
  v128.store(energyAddress, energy);
  if (withCross) stepCross = f64x2.extract_lane(cross, 0);
}

@inline function flushTiny(v: v128): v128 {
  return v128.and(v, f64x2.ge(f64x2.abs(v), f64x2.splat(DENORMAL_GUARD)));
}

function flushPairState(pair: i32): void {
  const state = FILTER_STATE + <usize>(pair << 6);
  v128.store(state, flushTiny(v128.load(state)));
  v128.store(state, flushTiny(v128.load(state, 16)), 16);
  v128.store(state, flushTiny(v128.load(state, 32)), 32);
  v128.store(state, flushTiny(v128.load(state, 48)), 48);
}

function closeStep(): void {
  if (monoFoldOn) {
    // Unweighted energies of channels 0 and 1 and their cross term, with the RLB gain.
    const pairZero = v128.load(STEP_ENERGY);
    const gain = rlbGain * rlbGain;
    monoFold(f64x2.extract_lane(pairZero, 0) * gain, f64x2.extract_lane(pairZero, 1) * gain, stepCross * gain);
    stepCross = 0;
  }
  // Channel-weighted energy of the step: Σ G_c · Σ y_c².
  let total = f64x2.splat(0);
  for (let pair = 0; pair < pairCount; pair++) {
    const energyAddress = STEP_ENERGY + <usize>(pair << 4);
    total = f64x2.add(total, f64x2.mul(v128.load(energyAddress), v128.load(PAIR_WEIGHTS + <usize>(pair << 4))));
    v128.store(energyAddress, f64x2.splat(0));
    flushPairState(pair);
  }
  const stepEnergy = (f64x2.extract_lane(total, 0) + f64x2.extract_lane(total, 1)) * rlbGain * rlbGain;

  const slot = STEP_RING + <usize>(ringIndex << 3);
  const leavingShortTerm = load<f64>(slot);
  let momentaryOut = ringIndex - momentarySteps;
  if (momentaryOut < 0) momentaryOut += ringSteps;
  const leavingMomentary = load<f64>(STEP_RING + <usize>(momentaryOut << 3));
  store<f64>(slot, stepEnergy);
  ringIndex++;
  if (ringIndex == ringSteps) ringIndex = 0;
  momentarySum = max(0.0, momentarySum + stepEnergy - leavingMomentary);
  shortTermSum = max(0.0, shortTermSum + stepEnergy - leavingShortTerm);

  stepsIntoHop++;
  if (stepsIntoHop == stepsPerHop) {
    stepsIntoHop = 0;
    closeHop();
  }
  if (momentarySum > momentaryMaxSinceReadSum) momentaryMaxSinceReadSum = momentarySum;
  if (shortTermSum > shortTermMaxSinceReadSum) shortTermMaxSinceReadSum = shortTermSum;
}

/** Sum of the last `count` steps of the ring, added oldest first. */
function ringSum(count: i32): f64 {
  let index = ringIndex - count;
  if (index < 0) index += ringSteps;
  let sum: f64 = 0;
  for (let i = 0; i < count; i++) {
    sum += load<f64>(STEP_RING + <usize>(index << 3));
    index++;
    if (index == ringSteps) index = 0;
  }
  return sum;
}

function closeHop(): void {
  // Re-add the windows exactly, so the running sums carry no rounding drift beyond one hop.
  momentarySum = ringSum(momentarySteps);
  shortTermSum = ringSum(ringSteps);
  lastHopMeanSquare = ringSum(stepsPerHop) / <f64>(stepsPerHop * stepFrames);
  hopsDone++;
  if (hopsDone >= <i64>HOPS_PER_MOMENTARY) {
    const blockMeanSquare = momentarySum / <f64>(momentarySteps * stepFrames);
    const bin = addToHistogram(BLOCK_COUNTS, BLOCK_ENERGIES, BLOCK_COUNT_BLOCKS, blockMeanSquare);
    if (bin >= 0) {
      blockBinLow = min(blockBinLow, bin);
      blockBinHigh = max(blockBinHigh, bin);
      blocksAboveAbsolute += 1;
      blockEnergyAboveAbsolute += blockMeanSquare;
      integratedDirty = true;
    }
  }
  if (hopsDone >= <i64>HOPS_PER_SHORT_TERM) {
    const shortTermMeanSquare = shortTermSum / <f64>(ringSteps * stepFrames);
    const bin = addToHistogram(SHORT_TERM_COUNTS, SHORT_TERM_ENERGIES, SHORT_TERM_COUNT_BLOCKS, shortTermMeanSquare);
    if (bin >= 0) {
      shortTermBinLow = min(shortTermBinLow, bin);
      shortTermBinHigh = max(shortTermBinHigh, bin);
      shortTermsAboveAbsolute += 1;
      shortTermEnergyAboveAbsolute += shortTermMeanSquare;
      rangeDirty = true;
    }
  }
}

@inline function binOf(lufs: f64): i32 {
  if (lufs < HISTOGRAM_FINE_TOP_LUFS) {
    const bin = <i32>Math.floor((lufs - HISTOGRAM_MIN_LUFS) / HISTOGRAM_BIN_LU);
    return min(max(bin, 0), HISTOGRAM_FINE_BINS - 1);
  }
  // Float input far beyond full scale: coarse bins (the comparison above also keeps a huge value
  // from overflowing the i32 conversion).
  const coarse = Math.floor((min(lufs, 1.0e6) - HISTOGRAM_FINE_TOP_LUFS) / HISTOGRAM_COARSE_BIN_LU);
  return min(HISTOGRAM_FINE_BINS + <i32>coarse, HISTOGRAM_BINS - 1);
}

@inline function binCentreLufs(bin: i32): f64 {
  if (bin < HISTOGRAM_FINE_BINS) return HISTOGRAM_MIN_LUFS + (<f64>bin + 0.5) * HISTOGRAM_BIN_LU;
  return HISTOGRAM_FINE_TOP_LUFS + (<f64>(bin - HISTOGRAM_FINE_BINS) + 0.5) * HISTOGRAM_COARSE_BIN_LU;
}

/** Adds a value that passes the absolute gate (strictly above −70 LUFS); returns its bin, or −1. */
function addToHistogram(counts: usize, energies: usize, blocks: usize, meanSquare: f64): i32 {
  const lufs = energyToLufs(meanSquare);
  if (!(lufs > ABSOLUTE_GATE_LUFS)) return -1;
  const bin = binOf(lufs);
  const offset = <usize>(bin << 3);
  store<f64>(counts + offset, load<f64>(counts + offset) + 1.0);
  store<f64>(energies + offset, load<f64>(energies + offset) + meanSquare);
  countInBlock(blocks, bin);
  return bin;
}

/** First bin whose centre lies above the relative gate. */
@inline function firstBinAbove(gateLufs: f64): i32 {
  let bin = binOf(gateLufs);
  if (binCentreLufs(bin) <= gateLufs) bin++;
  return bin;
}

/** Integrated loudness: mean energy of the blocks above both gates (BS.1770-5 §2.8). */
export function updateIntegrated(): void {
  if (!integratedDirty) return;
  integratedDirty = false;
  if (blocksAboveAbsolute == 0) {
    integratedLufs = -Infinity;
    gatedBlocks = 0;
    return;
  }
  const gate = energyToLufs(blockEnergyAboveAbsolute / blocksAboveAbsolute) + INTEGRATED_RELATIVE_GATE_LU;
  let count: f64 = 0;
  let energy: f64 = 0;
  // Bin by bin, in order (the energy sum's rounding depends on it); empty blocks add nothing.
  let bin = max(firstBinAbove(gate), blockBinLow);
  while (bin <= blockBinHigh) {
    if (blockEmpty(BLOCK_COUNT_BLOCKS, bin)) {
      bin = nextBlockStart(bin);
      continue;
    }
    const end = min(nextBlockStart(bin) - 1, blockBinHigh);
    for (; bin <= end; bin++) {
      count += load<f64>(BLOCK_COUNTS + <usize>(bin << 3));
      energy += load<f64>(BLOCK_ENERGIES + <usize>(bin << 3));
    }
  }
  gatedBlocks = count;
  integratedLufs = count > 0 ? energyToLufs(energy / count) : -Infinity;
}

/** Loudness range per EBU Tech 3342: 95th − 10th percentile of the gated short-term values. */
export function updateRange(): void {
  if (!rangeDirty) return;
  rangeDirty = false;
  rangeLu = 0;
  rangeLowLufs = -Infinity;
  rangeHighLufs = -Infinity;
  if (shortTermsAboveAbsolute == 0) return;
  const gate = energyToLufs(shortTermEnergyAboveAbsolute / shortTermsAboveAbsolute) + RANGE_RELATIVE_GATE_LU;
  const first = max(firstBinAbove(gate), shortTermBinLow);
  const count = countRange(SHORT_TERM_COUNTS, SHORT_TERM_COUNT_BLOCKS, first, shortTermBinHigh);
  if (count == 0) return;
  // Nearest-rank estimates, as in the reference implementation of EBU Tech 3342: the bins where
  // the count from the gate up first exceeds each rank.
  const lowRank = Math.floor((count - 1.0) * RANGE_LOW_PERCENTILE + 0.5);
  const highRank = Math.floor((count - 1.0) * RANGE_HIGH_PERCENTILE + 0.5);
  const lowBin = binOfRank(SHORT_TERM_COUNTS, SHORT_TERM_COUNT_BLOCKS, first, shortTermBinHigh, lowRank);
  const highBin = binOfRank(SHORT_TERM_COUNTS, SHORT_TERM_COUNT_BLOCKS, first, shortTermBinHigh, highRank);
  if (highBin < 0) return;
  rangeLowLufs = binCentreLufs(lowBin);
  rangeHighLufs = binCentreLufs(highBin);
  rangeLu = rangeHighLufs - rangeLowLufs;
}

export function momentaryMeanSquare(): f64 { return momentarySum / <f64>(momentarySteps * stepFrames); }
export function shortTermMeanSquare(): f64 { return shortTermSum / <f64>(ringSteps * stepFrames); }
export function momentaryMaxMeanSquare(): f64 {
  if (momentaryMaxSinceReadSum > momentaryMaxSum) momentaryMaxSum = momentaryMaxSinceReadSum;
  return momentaryMaxSum / <f64>(momentarySteps * stepFrames);
}
export function shortTermMaxMeanSquare(): f64 {
  if (shortTermMaxSinceReadSum > shortTermMaxSum) shortTermMaxSum = shortTermMaxSinceReadSum;
  return shortTermMaxSum / <f64>(ringSteps * stepFrames);
}
/** Maxima since the previous read; the read starts a new interval. */
export function takeMomentaryMaxSinceRead(): f64 {
  const value = momentaryMaxSinceReadSum / <f64>(momentarySteps * stepFrames);
  momentaryMaxSinceReadSum = 0;
  return value;
}
export function takeShortTermMaxSinceRead(): f64 {
  const value = shortTermMaxSinceReadSum / <f64>(ringSteps * stepFrames);
  shortTermMaxSinceReadSum = 0;
  return value;
}
