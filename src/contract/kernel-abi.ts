// The WebAssembly kernel's exports (assembly/index.ts), as every host sees them. Shared by the
// Node API, the worklet and the tests, so there is one description of the module's interface.

export interface KernelExports {
  memory: WebAssembly.Memory;
  init(sampleRate: number, channels: number): number;
  setChannelWeight(channel: number, weight: number): number;
  inputPointer(channel: number): number;
  readingsPointer(): number;
  readingsLength(): number;
  process(frames: number): number;
  follow(frames: number): number;
  read(): void;
  reset(): void;
  // Spectrum (assembly/spectrum.ts); every setter returns a result code.
  configureSpectrum(fftSize: number, overlapPercent: number, window: number): number;
  enableSpectrum(on: number): number;
  setSpectrumSource(source: number): number;
  setSpectrumAveraging(ms: number): number;
  setSpectrumPeakDecay(dbPerSecond: number): number;
  setSpectrumSmoothing(fraction: number): number;
  setSpectrumSlope(dbPerOctave: number): number;
  setSpectrumDisplay(points: number, lowHz: number, highHz: number): number;
  setSpectrumBands(fraction: number): number;
  clearSpectrumPeak(): void;
  readSpectrum(): void;
  spectrumPointer(): number;
  spectrumLength(): number;
  spectrumBinsPointer(): number;
  spectrumPeakBinsPointer(): number;
  // Stereo field (assembly/stereo.ts).
  enableStereo(on: number): number;
  setStereoTimeConstant(ms: number): number;
  setGoniometerRate(pointsPerSecond: number): number;
  setBandCorrelation(on: number): number;
  readStereo(): void;
  stereoPointer(): number;
  stereoLength(): number;
  goniometerPointer(): number;
}

/** Kernel result codes (assembly/index.ts) and what they mean to a user. */
export const KERNEL_ERRORS: Readonly<Record<number, string>> = {
  1: 'sample rate must be from 8000 to 384000 Hz',
  2: 'channel count must be from 1 to 16',
  3: 'a kernel call takes 0 to 4096 frames',
  4: 'the kernel was used before init()',
  5: 'channel weights must be from 0 to 10',
  6: 'FFT size must be a power of two from 1024 to 32768',
  7: 'overlap must be from 50 to 95 %',
  8: 'analysis option out of range',
  9: 'needs at least two channels',
};

export function kernelErrorMessage(code: number): string {
  return KERNEL_ERRORS[code] ?? `kernel error ${code}`;
}
