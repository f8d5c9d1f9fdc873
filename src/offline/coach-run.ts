// The coach's measurement of a finished file: one pass of the kernel, read every 100 ms (true
// peak since the read and short-term loudness for the PSR), with the long-term spectrum (mean
// power since the start, 1/3-octave bands) and the octave-band correlation at the end. No Node
// or DOM imports: the report, the CLI's `compare` and the app share it.

import type { MeterKernel } from '../engine/kernel.js';
import * as L from '../contract/readings-layout.js';
import { LoudnessSpread, PsrTracker, broadBandLevels, lowWidth, subToLow, type CoachMeasurement } from '../rules/coach/measure.js';

/** FFT size for a coach pass: about 6 Hz bins (8192 at 44.1/48 kHz), within the kernel's range. */
export function coachFftSize(sampleRate: number): number {
  return Math.min(L.SPECTRUM_MAX_FFT, Math.max(L.SPECTRUM_MIN_FFT, 2 ** Math.round(Math.log2(sampleRate / 6))));
}

/** Turns on what the coach reads in a fresh kernel (the spectrum and, for two channels or more, the band correlation). */
export function configureForCoach(kernel: MeterKernel): void {
  kernel.configureSpectrum({
    enabled: true, fftSize: coachFftSize(kernel.sampleRate), averagingMs: Infinity, bandOctaveFraction: 3,
    lowHz: 20, highHz: Math.min(20000, kernel.sampleRate / 2),
  });
  if (kernel.channelCount >= 2) kernel.configureStereo({ enabled: true, bandCorrelation: true, timeConstantMs: 60000, goniometerRateHz: 100 });
}

/** Pushes audio into a kernel configured by configureForCoach and builds the measurement. */
export class CoachRun {
  private readonly psr = new PsrTracker();
  private readonly movement = new LoudnessSpread();
  private readonly piece: number;
  private frame = 0;
  private nextRead: number;

  constructor(private readonly kernel: MeterKernel) {
    this.piece = Math.max(1, Math.round(kernel.sampleRate / 10));
    this.nextRead = this.piece;
  }

  push(chunk: readonly Float32Array[]): void {
    const length = chunk[0]?.length ?? 0;
    for (let offset = 0; offset < length;) {
      const n = Math.min(length - offset, this.nextRead - this.frame);
      this.kernel.push(chunk, offset, n);
      offset += n;
      this.frame += n;
      if (this.frame === this.nextRead) {
        this.readPiece();
        this.nextRead += this.piece;
      }
    }
  }

  private readPiece(): void {
    const r = this.kernel.read();
    let peak: number = L.FLOOR_DB;
    for (let c = 0; c < this.kernel.channelCount; c++) peak = Math.max(peak, r[L.HEADER_LENGTH + c * L.CHANNEL_STRIDE + L.CH_TRUE_PEAK_DBTP]);
    this.psr.push(this.frame / this.kernel.sampleRate, peak, r[L.SHORT_TERM_LUFS]);
    this.movement.push(r[L.MOMENTARY_LUFS]);
  }

  finish(): CoachMeasurement {
    if (this.frame % this.piece !== 0) this.readPiece();
    const r = this.kernel.read();
    const sp = this.kernel.readSpectrum();
    const count = sp[L.SP_BAND_COUNT];
    const centres = new Float64Array(count);
    const levels = new Float64Array(count);
    for (let b = 0; b < count; b++) {
      centres[b] = sp[L.SP_BANDS_BASE + b * L.SP_BAND_STRIDE + L.BD_CENTRE_HZ];
      levels[b] = sp[L.SP_BANDS_BASE + b * L.SP_BAND_STRIDE + L.BD_LEVEL_DB];
    }
    const bandsDb = broadBandLevels(centres, levels, count);
    let width: ReturnType<typeof lowWidth> = null;
    if (this.kernel.channelCount >= 2) {
      const st = this.kernel.readStereo();
      const n = st[L.ST_BAND_COUNT];
      const c = new Float64Array(n);
      const rho = new Float64Array(n);
      for (let b = 0; b < n; b++) {
        c[b] = st[L.ST_BANDS_BASE + b * L.ST_BAND_STRIDE + L.SB_CENTRE_HZ];
        rho[b] = st[L.ST_BANDS_BASE + b * L.ST_BAND_STRIDE + L.SB_CORRELATION];
      }
      width = lowWidth(c, rho, n);
    }
    const value = (v: number) => (v > L.FLOOR_DB ? v : null);
    return {
      bandsDb,
      subToLowDb: subToLow(centres, levels, count, bandsDb[0]),
      lowSideToMidDb: width ? width.sideToMidDb : null,
      lowCorrelation: width ? width.correlation : null,
      psrDb: this.psr.psrDb(),
      movementLu: this.movement.spreadLu(),
      loudnessRangeLu: value(r[L.INTEGRATED_LUFS]) === null ? null : r[L.LOUDNESS_RANGE_LU],
      integratedLufs: value(r[L.INTEGRATED_LUFS]),
      truePeakMaxDbtp: value(r[L.TRUE_PEAK_MAX_DBTP]),
    };
  }
}
