// Collects the spectrum and stereo packs (src/contract/analysis-packs.ts) that arrive between two
// animation frames and hands out one typed reading per frame, as ReadingsMerger does for levels.
//
// Spectrum: the newest pack wins (each one is the whole averaged spectrum); frame counts "since
// read" add up. Stereo: the newest pack's state, the lowest "since read" correlation and the
// highest "since read" mono loss of them all, dropped counts summed, and the goniometer points
// of every pack appended in order, so the goniometer draws every point the worklet sent.
// Packs from before the last reset (older epoch) are dropped (src/transport/epoch-filter.ts).
// Decoding is src/engine/analysis-readings.ts's (decodeSpectrumPack, decodeStereo). add() allocates
// nothing.

import {
  createSpectrumReadings, createStereoReadings, decodeSpectrumPack, decodeStereo, type SpectrumReadings, type StereoReadings,
} from '../engine/analysis-readings.js';
import { SPECTRUM_PACK_MAX, spectrumBands, spectrumPackLength, spectrumPoints, STEREO_PACK_POINTS_BASE } from '../contract/analysis-packs.js';
import {
  GONIOMETER_CAPACITY, SP_FRAMES_SINCE_READ, ST_CORRELATION_MIN_SINCE_READ, ST_GONIOMETER_DROPPED,
  ST_GONIOMETER_POINTS, ST_MONO_LOSS_MAX_SINCE_READ_LU, STEREO_LENGTH,
} from '../contract/readings-layout.js';
import { EpochFilter } from './epoch-filter.js';

export class SpectrumMerger extends EpochFilter {
  /** The newest pack (a ring slot is only lent during add()). */
  private readonly pack = new Float64Array(SPECTRUM_PACK_MAX);
  private framesSinceRead = 0;

  protected merge(pack: Float64Array): void {
    this.framesSinceRead = (this.count === 0 ? 0 : this.framesSinceRead) + pack[SP_FRAMES_SINCE_READ];
    const length = Math.min(pack.length, spectrumPackLength(spectrumPoints(pack), spectrumBands(pack)));
    for (let i = 0; i < length; i++) this.pack[i] = pack[i];
  }

  /** Decodes the newest pack into `out`; false (out untouched) when nothing arrived since the last take. */
  take(out: SpectrumReadings): boolean {
    if (this.count === 0) return false;
    this.pack[SP_FRAMES_SINCE_READ] = this.framesSinceRead;
    decodeSpectrumPack(this.pack, out);
    this.count = 0;
    return true;
  }
}

export class StereoMerger extends EpochFilter {
  private readonly record = new Float64Array(STEREO_LENGTH);
  private readonly points = new Float32Array(2 * GONIOMETER_CAPACITY);
  private pointCount = 0;
  private dropped = 0;
  private correlationMin = 0;
  private monoLossMax = 0;

  protected merge(pack: Float64Array): void {
    const first = this.count === 0;
    for (let i = 0; i < STEREO_LENGTH; i++) this.record[i] = pack[i];
    const n = pack[ST_GONIOMETER_POINTS];
    if (first) {
      this.pointCount = 0;
      this.dropped = 0;
      this.correlationMin = pack[ST_CORRELATION_MIN_SINCE_READ];
      this.monoLossMax = pack[ST_MONO_LOSS_MAX_SINCE_READ_LU];
    } else {
      this.correlationMin = Math.min(this.correlationMin, pack[ST_CORRELATION_MIN_SINCE_READ]);
      this.monoLossMax = Math.max(this.monoLossMax, pack[ST_MONO_LOSS_MAX_SINCE_READ_LU]);
    }
    this.dropped += pack[ST_GONIOMETER_DROPPED];
    const room = GONIOMETER_CAPACITY - this.pointCount;
    const kept = Math.min(n, room);
    // A frame that holds more than the capacity (a long stall): the newest points are dropped, counted.
    this.dropped += n - kept;
    const base = 2 * this.pointCount;
    for (let i = 0; i < 2 * kept; i++) this.points[base + i] = pack[STEREO_PACK_POINTS_BASE + i];
    this.pointCount += kept;
  }

  /** Decodes the merge into `out`; false (out untouched) when nothing arrived since the last take. */
  take(out: StereoReadings): boolean {
    if (this.count === 0) return false;
    const r = this.record;
    r[ST_GONIOMETER_POINTS] = this.pointCount;
    r[ST_GONIOMETER_DROPPED] = this.dropped;
    r[ST_CORRELATION_MIN_SINCE_READ] = this.correlationMin;
    r[ST_MONO_LOSS_MAX_SINCE_READ_LU] = this.monoLossMax;
    decodeStereo(r, this.points, out);
    this.count = 0;
    return true;
  }
}

export { createSpectrumReadings, createStereoReadings };
