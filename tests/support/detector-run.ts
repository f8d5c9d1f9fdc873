// Runs the mastering detector over a synthesized render the way `busmeter analyze` does (a read
// every 100 ms) and summarises its states for the evaluation tests.

import { analyzeMastering } from '../../src/detector/offline.js';
import type { MasteringState } from '../../src/detector/mastering-detector.js';
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
  seconds: number;
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
  const first = states.indexOf('on');
  return { states, firstOn: first < 0 ? Infinity : (first + 1) / 10, onTransitions, suspectedTransitions, seconds: audio[0].length / fs };
}
