// The stereo field of channels 0 and 1 (L and R in every named layout): phase correlation,
// balance, mid and side levels, with one time constant; the mono-compatibility loss
// (mono-fold.ts), the per-band correlation (stereo-bands.ts) and the goniometer points
// (goniometer.ts) are read into the same record.
//
// Sums of L², R² and L·R are taken over each kernel step (the loudness step, ≤ 128 frames,
// counted from reset) and folded into exponential averages once per step: readings are exact
// to a step whatever the chunking, and the lowest correlation between two reads is the lowest
// of every step. The sums are sequential f64 additions, so any chunking gives the same bits.

import {
  BALANCE_LIMIT_DB, FLOOR_DB, ST_BALANCE_DB, ST_BALANCE_PROGRAMME_DB, ST_BAND_COUNT, ST_CORRELATION, ST_CORRELATION_MIN,
  ST_CORRELATION_MIN_SINCE_READ, ST_CORRELATION_PROGRAMME, ST_ENABLED, ST_FRAMES, ST_GONIOMETER_DROPPED, ST_GONIOMETER_POINTS,
  ST_GONIOMETER_RATE_HZ, ST_MID_DB, ST_MONO_LOSS_LU, ST_MONO_LOSS_MAX_SINCE_READ_LU, ST_MONO_LOSS_PROGRAMME_LU, ST_SIDE_DB,
  ST_TIME_CONSTANT_MS,
} from "../src/contract/readings-layout";
import { decimation, goniometerDropped, goniometerPoints, publishGoniometer } from "./goniometer";
import { HISTORY_PAD, STEREO_RECORD, WORK, WORK_STRIDE } from "./memory";
import { currentMonoLossLu, programmeMonoLossLu, setMonoFoldAlpha, takeMaxMonoLossSinceRead } from "./mono-fold";
import { readStereoBands, setStereoBandsAlpha } from "./stereo-bands";

/** Per-step sums below this (about −300 dBFS) count as silence. */
const SILENT: f64 = 1e-30;
const FLUSH: f64 = 1e-60;
/** "No value yet" for the running minima (correlation never exceeds 1). */
const NO_MINIMUM: f64 = 2.0;

export let stereoOn = false;
let sampleRate: f64 = 48000;
let stepFrames: i32 = 120;
let timeConstantMs: f64 = 300;
let alpha: f64 = 1;

let framesIntoStep: i32 = 0;
let stepLeft: f64 = 0;
let stepRight: f64 = 0;
let stepCross: f64 = 0;
let averageLeft: f64 = 0;
let averageRight: f64 = 0;
let averageCross: f64 = 0;
let totalLeft: f64 = 0;
let totalRight: f64 = 0;
let totalCross: f64 = 0;
let minimumSinceRead: f64 = NO_MINIMUM;
let minimum: f64 = NO_MINIMUM;
let frames: f64 = 0;

export function configureStereo(rate: f64, step: i32): void {
  sampleRate = rate;
  stepFrames = step;
  resetStereo();
}

export function enableStereo(on: bool): void {
  stereoOn = on;
  resetStereo();
}

/** Sets the time constant; `hopFrames` is the FFT hop (for the band averages). */
export function setStereoTimeConstant(ms: f64, hopFrames: i32): void {
  timeConstantMs = ms;
  updateStereoRates(hopFrames);
}

/** Exponential weights per step and per FFT frame for the time constant. */
export function updateStereoRates(hopFrames: i32): void {
  const seconds = timeConstantMs / 1000.0;
  alpha = seconds > 0 ? 1.0 - Math.exp(-<f64>stepFrames / (sampleRate * seconds)) : 1.0;
  setMonoFoldAlpha(alpha);
  setStereoBandsAlpha(seconds > 0 ? 1.0 - Math.exp(-<f64>hopFrames / (sampleRate * seconds)) : 1.0);
}

export function resetStereo(): void {
  framesIntoStep = 0;
  stepLeft = 0;
  stepRight = 0;
  stepCross = 0;
  averageLeft = 0;
  averageRight = 0;
  averageCross = 0;
  totalLeft = 0;
  totalRight = 0;
  totalCross = 0;
  minimumSinceRead = NO_MINIMUM;
  minimum = NO_MINIMUM;
  frames = 0;
}

function correlationOf(left: f64, right: f64, cross: f64): f64 {
  if (!(left > SILENT && right > SILENT)) return 0;
  return min(1.0, max(-1.0, cross / Math.sqrt(left * right)));
}

function balanceOf(left: f64, right: f64): f64 {
  if (!(left > SILENT)) return right > SILENT ? BALANCE_LIMIT_DB : 0.0;
  if (!(right > SILENT)) return -BALANCE_LIMIT_DB;
  return min(BALANCE_LIMIT_DB, max(-BALANCE_LIMIT_DB, 10.0 * Math.log10(right / left)));
}

/** dB re a full-scale sine of a mean square: 10·log10(2·meanSquare). */
function levelDb(meanSquare: f64): f64 {
  if (!(meanSquare > 0)) return FLOOR_DB;
  const db = 10.0 * Math.log10(2.0 * meanSquare);
  return db > FLOOR_DB ? db : FLOOR_DB;
}

@inline function flushed(x: f64): f64 {
  return Math.abs(x) < FLUSH ? 0 : x;
}

function closeStep(): void {
  averageLeft = flushed(averageLeft + alpha * (stepLeft - averageLeft));
  averageRight = flushed(averageRight + alpha * (stepRight - averageRight));
  averageCross = flushed(averageCross + alpha * (stepCross - averageCross));
  totalLeft += stepLeft;
  totalRight += stepRight;
  totalCross += stepCross;
  stepLeft = 0;
  stepRight = 0;
  stepCross = 0;
  const correlation = correlationOf(averageLeft, averageRight, averageCross);
  if (correlation < minimumSinceRead) minimumSinceRead = correlation;
}

/** Measures `count` sanitised frames of channels 0 and 1 (work buffers). */
export function measureStereo(count: i32): void {
  const left = WORK + <usize>(HISTORY_PAD << 2);
  const right = left + <usize>WORK_STRIDE;
  let done = 0;
  while (done < count) {
    const run = min(count - done, stepFrames - framesIntoStep);
    let ll = stepLeft, rr = stepRight, lr = stepCross;
    for (let i = done; i < done + run; i++) {
      const l = <f64>load<f32>(left + <usize>(i << 2));
      const r = <f64>load<f32>(right + <usize>(i << 2));
      ll += l * l;
      rr += r * r;
      lr += l * r;
    }
    stepLeft = ll;
    stepRight = rr;
    stepCross = lr;
    done += run;
    framesIntoStep += run;
    if (framesIntoStep == stepFrames) {
      framesIntoStep = 0;
      closeStep();
    }
  }
  frames += <f64>count;
}

@inline function put(slot: i32, value: f64): void {
  store<f64>(STEREO_RECORD + <usize>(slot << 3), value);
}

/** Fills the stereo record (and the goniometer buffer); "since read" values start over. */
export function readStereo(): void {
  const correlation = correlationOf(averageLeft, averageRight, averageCross);
  const lowestSinceRead = minimumSinceRead < NO_MINIMUM ? minimumSinceRead : correlation;
  if (minimumSinceRead < minimum) minimum = minimumSinceRead;
  minimumSinceRead = NO_MINIMUM;
  const perFrame = 1.0 / <f64>stepFrames;
  put(ST_ENABLED, stereoOn ? 1 : 0);
  put(ST_FRAMES, frames);
  put(ST_CORRELATION, correlation);
  put(ST_CORRELATION_MIN_SINCE_READ, lowestSinceRead);
  put(ST_CORRELATION_MIN, minimum < NO_MINIMUM ? minimum : correlation);
  put(ST_CORRELATION_PROGRAMME, correlationOf(totalLeft, totalRight, totalCross));
  put(ST_BALANCE_DB, balanceOf(averageLeft, averageRight));
  put(ST_BALANCE_PROGRAMME_DB, balanceOf(totalLeft, totalRight));
  put(ST_MID_DB, levelDb((averageLeft + averageRight + 2.0 * averageCross) * 0.25 * perFrame));
  put(ST_SIDE_DB, levelDb((averageLeft + averageRight - 2.0 * averageCross) * 0.25 * perFrame));
  put(ST_MONO_LOSS_LU, currentMonoLossLu());
  put(ST_MONO_LOSS_MAX_SINCE_READ_LU, takeMaxMonoLossSinceRead());
  put(ST_MONO_LOSS_PROGRAMME_LU, programmeMonoLossLu());
  put(ST_TIME_CONSTANT_MS, timeConstantMs);
  put(ST_GONIOMETER_RATE_HZ, sampleRate / <f64>decimation);
  publishGoniometer();
  put(ST_GONIOMETER_POINTS, <f64>goniometerPoints());
  put(ST_GONIOMETER_DROPPED, <f64>goniometerDropped());
  put(ST_BAND_COUNT, stereoOn ? <f64>readStereoBands() : 0);
}
