// Merges every readings record published since the previous animation frame into one.
//
// Values "since read" cover disjoint stretches of audio, one per record, so the merged value is
// their maximum (peaks, max momentary/short-term) or their sum (frame and bad-sample counts):
// a peak that happened between two animation frames is never lost, whatever the publish rate.
// Everything else (momentary, integrated, maxima since reset, …) is a state at the moment of
// the read and comes from the newest record.

import { createReadings, decodeReadings, type Readings } from '../engine/readings.js';
import {
  BAD_SAMPLES_SINCE_READ, CH_SAMPLE_PEAK_DBFS, CH_TRUE_PEAK_DBTP, CHANNEL_STRIDE, FRAMES_SINCE_READ,
  HEADER_LENGTH, MAX_CHANNELS, MOMENTARY_MAX_SINCE_READ_LUFS, READINGS_LENGTH, SHORT_TERM_MAX_SINCE_READ_LUFS,
} from '../contract/readings-layout.js';
import { EpochFilter } from './epoch-filter.js';

/** Slots merged by maximum. */
export const MAX_SINCE_READ_SLOTS: readonly number[] = [
  MOMENTARY_MAX_SINCE_READ_LUFS,
  SHORT_TERM_MAX_SINCE_READ_LUFS,
  ...Array.from({ length: MAX_CHANNELS }, (_, c) => HEADER_LENGTH + c * CHANNEL_STRIDE + CH_SAMPLE_PEAK_DBFS),
  ...Array.from({ length: MAX_CHANNELS }, (_, c) => HEADER_LENGTH + c * CHANNEL_STRIDE + CH_TRUE_PEAK_DBTP),
];
/** Slots merged by sum. */
export const SUM_SINCE_READ_SLOTS: readonly number[] = [FRAMES_SINCE_READ, BAD_SAMPLES_SINCE_READ];

/**
 * Accumulates records (from the ring or from port messages) and hands out the merge once per
 * frame. Records tagged with an older reset epoch than the current one are dropped, so records
 * that were in flight when the user pressed reset never reappear (src/transport/epoch-filter.ts).
 * add() allocates nothing.
 */
export class ReadingsMerger extends EpochFilter<ArrayLike<number>> {
  /** The merge of the records added since the last take(). */
  readonly record = new Float64Array(READINGS_LENGTH);
  private readonly maxSlots = Int32Array.from(MAX_SINCE_READ_SLOTS);
  private readonly sumSlots = Int32Array.from(SUM_SINCE_READ_SLOTS);
  private readonly held = new Float64Array(MAX_SINCE_READ_SLOTS.length + SUM_SINCE_READ_SLOTS.length);

  protected merge(record: ArrayLike<number>): void {
    const out = this.record;
    if (this.count === 0) {
      for (let i = 0; i < READINGS_LENGTH; i++) out[i] = record[i];
      return;
    }
    const held = this.held;
    const maxSlots = this.maxSlots;
    const sumSlots = this.sumSlots;
    let h = 0;
    for (let i = 0; i < maxSlots.length; i++) {
      const slot = maxSlots[i];
      held[h++] = Math.max(out[slot], record[slot]);
    }
    for (let i = 0; i < sumSlots.length; i++) {
      const slot = sumSlots[i];
      held[h++] = out[slot] + record[slot];
    }
    for (let i = 0; i < READINGS_LENGTH; i++) out[i] = record[i];
    h = 0;
    for (let i = 0; i < maxSlots.length; i++) out[maxSlots[i]] = held[h++];
    for (let i = 0; i < sumSlots.length; i++) out[sumSlots[i]] = held[h++];
  }

  /** Decodes the merge into `out` and starts the next interval; false (and `out` untouched) when nothing arrived. */
  take(out: Readings): boolean {
    if (this.count === 0) return false;
    decodeReadings(this.record, out);
    this.count = 0;
    return true;
  }
}

/** Merges whole records at once (tests, offline): the same rules as ReadingsMerger. */
export function mergeRecords(records: readonly ArrayLike<number>[], labels: readonly string[]): Readings {
  const merger = new ReadingsMerger();
  for (const record of records) merger.add(record, 0);
  const readings = createReadings(labels);
  merger.take(readings);
  return readings;
}
