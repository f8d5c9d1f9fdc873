// Runs the mastering detector over a synthesized render the way `busmeter analyze` does (a read
// every 100 ms): runDetector summarises its states for the evaluation tests, stepDetector lets a
// test look at the evidence after every read.

import { analyzeMastering } from '../../src/offline/analyze-mastering.js';
import { MasteringDetector, type DetectorOptions, type MasteringState, type MasteringVerdict } from '../../src/rules/detector/mastering-detector.js';
import { createKernel } from '../../src/node.js';
import { createReadings, decodeReadings } from '../../src/engine/readings.js';
import { toFloat32 } from './mixes.js';

export interface DetectorRun {
  /** states[k] is the state after (k + 1) · 100 ms. */
  states: MasteringState[];
  /** Seconds until the first "on" (Infinity when never). */
  firstOn: number;
  /** Times the state went to "on" (false alarms, on unmastered audio). */
  onTransitions: number;
  /** Times the state went from "off" to "suspected". */
  suspectedTransitions: number;
  /** Reads whose state was not "off" but that gave no reason: a warning must always say why. */
  unworded: number;
  seconds: number;
}

/** Reads of a timeline whose state was not "off" but that gave no reason: a warning must always say why. */
export function unwordedReads(timeline: readonly { verdict: MasteringVerdict }[]): number {
  return timeline.filter((p) => p.verdict.state !== 'off' && p.verdict.reasons.length === 0).length;
}

export function runDetector(audio: Float64Array[], fs: number): DetectorRun {
  const analysis = analyzeMastering(toFloat32(audio), fs, audio.length, true);
  const states = analysis.timeline!.map((p) => p.verdict.state);
  let onTransitions = 0, suspectedTransitions = 0;
  states.forEach((s, k) => {
    const previous = k > 0 ? states[k - 1] : 'off';
    if (s === 'on' && previous !== 'on') onTransitions++;
    if (s === 'suspected' && previous === 'off') suspectedTransitions++;
  });
  const unworded = unwordedReads(analysis.timeline!);
  const first = states.indexOf('on');
  return { states, firstOn: first < 0 ? Infinity : (first + 1) / 10, onTransitions, suspectedTransitions, unworded, seconds: audio[0].length / fs };
}

/**
 * Meters stereo `audio` in 100 ms pieces with a detector read after each; `afterRead` sees the
 * detector (its evidence) and the verdict at `seconds` into the audio. Returns the last verdict.
 */
export function stepDetector(
  audio: Float64Array[],
  fs: number,
  afterRead: (detector: MasteringDetector, verdict: MasteringVerdict, seconds: number) => void = () => {},
  options: DetectorOptions = {},
): MasteringVerdict {
  const kernel = createKernel(fs, 2);
  const readings = createReadings(kernel.layout.labels);
  const detector = new MasteringDetector(options);
  const x = toFloat32(audio);
  const piece = Math.round(fs / 10);
  let verdict = detector.update(decodeReadings(kernel.read(), readings));
  for (let start = 0; start < x[0].length; start += piece) {
    const frames = Math.min(piece, x[0].length - start);
    kernel.push(x, start, frames);
    verdict = detector.update(decodeReadings(kernel.read(), readings));
    afterRead(detector, verdict, (start + frames) / fs);
  }
  return verdict;
}
