// K-weighting per ITU-R BS.1770-5 Annex 1: a high-shelf pre-filter (head model) followed by
// the RLB high-pass. The standard tabulates coefficients for 48 kHz only; for every other rate
// they are derived here from the analogue prototype through the bilinear transform, which at
// 48 kHz reproduces the tabulated values (tests check 1e-9).
//
// Coefficients are module globals rather than objects: the kernel runs on the "stub" runtime,
// where nothing allocated is ever freed, so init() must not allocate.

// Pre-filter: high shelf, about +4 dB above 1.7 kHz.
export let preB0: f64 = 0;
export let preB1: f64 = 0;
export let preB2: f64 = 0;
export let preA1: f64 = 0;
export let preA2: f64 = 0;
// RLB: second-order high-pass at about 38 Hz; its numerator is exactly [1, −2, 1].
export let rlbA1: f64 = 0;
export let rlbA2: f64 = 0;

export function deriveKWeighting(sampleRate: f64): void {
  const shelfHz = 1681.974450955533;
  const shelfGainDb = 3.999843853973347;
  const shelfQ = 0.7071752369554196;
  let k = Math.tan(Math.PI * shelfHz / sampleRate);
  const vh = Math.pow(10.0, shelfGainDb / 20.0);
  const vb = Math.pow(vh, 0.4996667741545416);
  let a0 = 1.0 + k / shelfQ + k * k;
  preB0 = (vh + vb * k / shelfQ + k * k) / a0;
  preB1 = 2.0 * (k * k - vh) / a0;
  preB2 = (vh - vb * k / shelfQ + k * k) / a0;
  preA1 = 2.0 * (k * k - 1.0) / a0;
  preA2 = (1.0 - k / shelfQ + k * k) / a0;

  const highPassHz = 38.13547087602444;
  const highPassQ = 0.5003270373238773;
  k = Math.tan(Math.PI * highPassHz / sampleRate);
  a0 = 1.0 + k / highPassQ + k * k;
  rlbA1 = 2.0 * (k * k - 1.0) / a0;
  rlbA2 = (1.0 - k / highPassQ + k * k) / a0;
}
