// Wire format of the spectrum and stereo records between the worklet and the main thread.
//
// The kernel's records are laid out for their maximum size (1024 display points, 256 bands:
// 31 KB for the spectrum). A pack carries only what is in use, so the message transport posts a
// few KB instead, and it carries the goniometer points that the kernel keeps apart:
//
//   spectrum pack: record[0 … SP_POINTS_BASE + 3·points) verbatim (header, then the points),
//                  then the bands (3 values each, as in the record) right after the points.
//   stereo pack:   record[0 … STEREO_LENGTH) verbatim (header and band correlations),
//                  then up to `maxPoints` goniometer points (x, y), newest kept; the header's
//                  ST_GONIOMETER_POINTS / ST_GONIOMETER_DROPPED describe the pack.
//
// pack*() run in the worklet's process(): plain loops over preallocated arrays, no allocation.
// unpack*() rebuild a record in the kernel layout, so the decoders of src/engine/analysis-readings.ts
// serve both. Imports only the layout, so the worklet compiles it alone.

import {
  GONIOMETER_CAPACITY, SP_BAND_COUNT, SP_BAND_STRIDE, SP_BANDS_BASE, SP_POINT_COUNT, SP_POINT_STRIDE, SP_POINTS_BASE,
  SPECTRUM_LENGTH, SPECTRUM_MAX_BANDS, SPECTRUM_MAX_POINTS, ST_GONIOMETER_DROPPED, ST_GONIOMETER_POINTS, STEREO_LENGTH,
} from '../contract/readings-layout.js';

/** Values a spectrum pack of this many points and bands uses. */
export function spectrumPackLength(points: number, bands: number): number {
  return SP_POINTS_BASE + points * SP_POINT_STRIDE + bands * SP_BAND_STRIDE;
}

/** The largest spectrum pack (ring slots are this long). */
export const SPECTRUM_PACK_MAX = spectrumPackLength(SPECTRUM_MAX_POINTS, SPECTRUM_MAX_BANDS);

/** Values a stereo pack with room for `maxPoints` goniometer points uses. */
export function stereoPackLength(maxPoints: number): number {
  return STEREO_LENGTH + 2 * maxPoints;
}

/** Copies the used part of a kernel spectrum record into `pack`; returns the values written. */
export function packSpectrum(record: Float64Array, pack: Float64Array): number {
  const points = Math.min(record[SP_POINT_COUNT], SPECTRUM_MAX_POINTS);
  const bands = Math.min(record[SP_BAND_COUNT], SPECTRUM_MAX_BANDS);
  const pointEnd = SP_POINTS_BASE + points * SP_POINT_STRIDE;
  const length = pointEnd + bands * SP_BAND_STRIDE;
  if (length > pack.length) return 0; // settings changed and the pack was not resized yet: skip
  for (let i = 0; i < pointEnd; i++) pack[i] = record[i];
  const bandValues = bands * SP_BAND_STRIDE;
  for (let i = 0; i < bandValues; i++) pack[pointEnd + i] = record[SP_BANDS_BASE + i];
  return length;
}

/** Rebuilds a kernel-layout spectrum record (length SPECTRUM_LENGTH) from a pack. */
export function unpackSpectrum(pack: ArrayLike<number>, record: Float64Array): void {
  const points = Math.min(pack[SP_POINT_COUNT], SPECTRUM_MAX_POINTS);
  const bands = Math.min(pack[SP_BAND_COUNT], SPECTRUM_MAX_BANDS);
  const pointEnd = SP_POINTS_BASE + points * SP_POINT_STRIDE;
  for (let i = 0; i < pointEnd; i++) record[i] = pack[i];
  const bandValues = bands * SP_BAND_STRIDE;
  for (let i = 0; i < bandValues; i++) record[SP_BANDS_BASE + i] = pack[pointEnd + i];
}

/**
 * Copies a kernel stereo record and the newest goniometer points that fit into `pack`
 * (`points` = the kernel's goniometer buffer, oldest first).
 */
export function packStereo(record: Float64Array, points: Float32Array, pack: Float64Array): void {
  for (let i = 0; i < STEREO_LENGTH; i++) pack[i] = record[i];
  const made = Math.min(record[ST_GONIOMETER_POINTS], GONIOMETER_CAPACITY);
  const room = (pack.length - STEREO_LENGTH) >> 1;
  const kept = Math.min(made, room);
  const first = 2 * (made - kept);
  const values = 2 * kept;
  for (let i = 0; i < values; i++) pack[STEREO_LENGTH + i] = points[first + i];
  pack[ST_GONIOMETER_POINTS] = kept;
  pack[ST_GONIOMETER_DROPPED] = record[ST_GONIOMETER_DROPPED] + (made - kept);
}

export { SPECTRUM_LENGTH, STEREO_LENGTH };
