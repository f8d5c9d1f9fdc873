// The kernel's spectrum and stereo-field options, as every host passes them (the Node API, the
// worklet protocol, the live meter). Checked against the kernel's ranges in src/engine/analysis-options.ts.

export type SpectrumSource = 'mid' | 'side' | 'left' | 'right';
export type SpectrumWindow = 'flat-top' | 'hann';

export const SPECTRUM_SOURCES: readonly SpectrumSource[] = ['mid', 'side', 'left', 'right'];
export const SPECTRUM_WINDOWS: readonly SpectrumWindow[] = ['flat-top', 'hann'];

/** Every field optional: only the given ones change. */
export interface SpectrumOptions {
  /** Off by default. */
  enabled?: boolean;
  /** Power of two, 1024 … 32768 (default 8192). */
  fftSize?: number;
  /** Overlap of successive FFT frames, 50 … 95 % (default 50). */
  overlapPercent?: number;
  /** 'flat-top' (default: tones read their level wherever they fall) or 'hann'. */
  window?: SpectrumWindow;
  /** 'mid' (L+R)/2 (default; the channel itself for mono), 'side' (L−R)/2, 'left', 'right'. */
  source?: SpectrumSource;
  /** Averaging time constant, ms: 0 = none, Infinity = mean since reset (default 500). */
  averagingMs?: number;
  /** Peak-hold fall, dB/s (default 0: hold until reset or clearSpectrumPeak()). */
  peakDecayDbPerSecond?: number;
  /** Display smoothing, 1/n octave (1 … 48); 0 = none, each point showing its highest bin (default). */
  smoothingOctaveFraction?: number;
  /** Display slope, dB/octave around 1 kHz: 0 (default), 3 or 4.5 as mixers use. */
  slopeDbPerOctave?: number;
  /** Display points (2 … 1024, default 512), log-spaced from lowHz (default 20) to highHz (default 20000, ≤ Nyquist). */
  points?: number;
  lowHz?: number;
  highHz?: number;
  /** Band levels in 1/n-octave bands, 1 … 24 (default 3). */
  bandOctaveFraction?: number;
}

export interface StereoOptions {
  /** Off by default; needs two channels or more (channels 0 and 1 are L and R). */
  enabled?: boolean;
  /** Time constant of correlation, balance, mid/side, mono loss and band correlation, ms (default 300). */
  timeConstantMs?: number;
  /** Goniometer points per second (default 6000: every 8th sample at 48 kHz). */
  goniometerRateHz?: number;
  /** Correlation per octave band (default on; it runs the FFT frames even with the spectrum off). */
  bandCorrelation?: boolean;
}
