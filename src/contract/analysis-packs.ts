// The wire format of the spectrum and stereo records between the worklet and the main thread
// ("packs"), in offsets like the kernel's records (src/contract/readings-layout.ts), which a
// pack follows as far as it can:
//
//   spectrum pack: record[0 … SP_POINTS_BASE + 3·points) verbatim (header, then the points),
//                  then the bands (3 values each, as in the record) right after the points, at
//                  spectrumPackBandsBase(points) instead of SP_BANDS_BASE.
//   stereo pack:   record[0 … STEREO_LENGTH) verbatim (header and band correlations), then up to
//                  `maxPoints` goniometer points (x, y) from STEREO_PACK_POINTS_BASE; the header's
//                  ST_GONIOMETER_POINTS / ST_GONIOMETER_DROPPED describe the pack.
//
// The kernel's records are laid out for their maximum size (1024 display points, 256 bands: 31 KB
// for the spectrum); a pack carries only what is in use, and the goniometer points that the
// kernel keeps apart. Written by src/transport/analysis-pack.ts, read by the decoders of
// src/engine/analysis-readings.ts.

import {
  SP_BAND_COUNT, SP_BAND_STRIDE, SP_POINT_COUNT, SP_POINT_STRIDE, SP_POINTS_BASE, SPECTRUM_MAX_BANDS, SPECTRUM_MAX_POINTS,
  STEREO_LENGTH,
} from './readings-layout.js';

/** Display points a spectrum record or pack says it holds (clamped to what a record can hold). */
export function spectrumPoints(record: ArrayLike<number>): number {
  return Math.min(record[SP_POINT_COUNT], SPECTRUM_MAX_POINTS);
}

/** Bands a spectrum record or pack says it holds (clamped to what a record can hold). */
export function spectrumBands(record: ArrayLike<number>): number {
  return Math.min(record[SP_BAND_COUNT], SPECTRUM_MAX_BANDS);
}

/** Where a spectrum pack of `points` display points puts its first band. */
export function spectrumPackBandsBase(points: number): number {
  return SP_POINTS_BASE + points * SP_POINT_STRIDE;
}

/** Values a spectrum pack of this many points and bands uses. */
export function spectrumPackLength(points: number, bands: number): number {
  return spectrumPackBandsBase(points) + bands * SP_BAND_STRIDE;
}

/** The largest spectrum pack (ring slots are this long). */
export const SPECTRUM_PACK_MAX = spectrumPackLength(SPECTRUM_MAX_POINTS, SPECTRUM_MAX_BANDS);

/** Where a stereo pack's goniometer points start: point i at x = [+ 2i], y = [+ 2i + 1]. */
export const STEREO_PACK_POINTS_BASE = STEREO_LENGTH;

/** Values a stereo pack with room for `maxPoints` goniometer points uses. */
export function stereoPackLength(maxPoints: number): number {
  return STEREO_PACK_POINTS_BASE + 2 * maxPoints;
}
