// Writes the spectrum and stereo packs that the worklet publishes (the wire format is
// src/contract/analysis-packs.ts; the decoders of src/engine/analysis-readings.ts read them).
//
// pack*() run in the worklet's process(): plain loops over preallocated arrays, no allocation.
// Imports only the contract, so the worklet compiles it alone.

import {
  spectrumBands, spectrumPackBandsBase, spectrumPackLength, spectrumPoints, STEREO_PACK_POINTS_BASE,
} from '../contract/analysis-packs.js';
import {
  GONIOMETER_CAPACITY, SP_BAND_STRIDE, SP_BANDS_BASE, SP_FRAMES_SINCE_READ, ST_GONIOMETER_DROPPED, ST_GONIOMETER_POINTS,
  STEREO_LENGTH,
} from '../contract/readings-layout.js';

/** Copies the used part of a kernel spectrum record into `pack`; returns the values written. */
export function packSpectrum(record: Float64Array, pack: Float64Array): number {
  const pointEnd = spectrumPackBandsBase(spectrumPoints(record));
  const bandValues = spectrumBands(record) * SP_BAND_STRIDE;
  const length = pointEnd + bandValues;
  if (length > pack.length) return 0; // settings changed and the pack was not resized yet: skip
  for (let i = 0; i < pointEnd; i++) pack[i] = record[i];
  for (let i = 0; i < bandValues; i++) pack[pointEnd + i] = record[SP_BANDS_BASE + i];
  return length;
}

/** Values the spectrum pack of a kernel record (its current points and bands) uses. */
export function spectrumPackLengthOf(record: Float64Array): number {
  return spectrumPackLength(spectrumPoints(record), spectrumBands(record));
}

/** True when a spectrum pack holds a new FFT frame since the previous pack. */
export function spectrumPackHasNewFrame(pack: Float64Array): boolean {
  return pack[SP_FRAMES_SINCE_READ] > 0;
}

/**
 * Copies a kernel stereo record and the newest goniometer points that fit into `pack`
 * (`points` = the kernel's goniometer buffer, oldest first).
 */
export function packStereo(record: Float64Array, points: Float32Array, pack: Float64Array): void {
  for (let i = 0; i < STEREO_LENGTH; i++) pack[i] = record[i];
  const made = Math.min(record[ST_GONIOMETER_POINTS], GONIOMETER_CAPACITY);
  const room = (pack.length - STEREO_PACK_POINTS_BASE) >> 1;
  const kept = Math.min(made, room);
  const first = 2 * (made - kept);
  const values = 2 * kept;
  for (let i = 0; i < values; i++) pack[STEREO_PACK_POINTS_BASE + i] = points[first + i];
  pack[ST_GONIOMETER_POINTS] = kept;
  pack[ST_GONIOMETER_DROPPED] = record[ST_GONIOMETER_DROPPED] + (made - kept);
}
