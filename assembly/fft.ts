// Complex FFT, in place, on split real/imaginary f32 buffers (FFT_RE, FFT_IM), sizes 4 … 32768.
//
// The analysis packs two real streams into one complex input (channel 0 as the real part,
// channel 1 as the imaginary part) and separates their spectra afterwards (spectrum.ts), so one
// transform of size N gives both channels' N-point spectra.
//
// Decimation in time, radix 2, in three kinds of pass:
//   - loadWindowed(): reads the windowed input in bit-reversed order and does the first two stages as
//     one scalar radix-4 butterfly (those stages mix neighbouring elements, which SIMD lanes
//     cannot do without shuffles; the gather is scalar anyway);
//   - pairs of stages (half-sizes h and 2h, h ≥ 4) in one SIMD pass: four butterflies per f32x4,
//     two stages per load/store of the data, which halves the memory traffic of radix 2;
//   - one radix-2 SIMD pass when an odd stage is left over.
// Twiddles are stored per stage and contiguous, so every twiddle load is one v128.load.
// Error: f32 arithmetic, about 1e-7 · log2(N) of the signal's RMS (−130 dB at N = 32768).

import { FFT_IM, FFT_RE, FFT_REVERSE, FFT_TWIDDLE_IM, FFT_TWIDDLE_RE, FFT_WINDOWED_A, FFT_WINDOWED_B } from "./memory";

export let fftSize: i32 = 0;
let log2Size: i32 = 0;

function reverseBits(value: i32, bits: i32): i32 {
  let result = 0;
  for (let b = 0; b < bits; b++) {
    result = (result << 1) | ((value >> b) & 1);
  }
  return result;
}

/** Prepares twiddles and the bit-reversal table for size `n` (a power of two ≥ 4). Not real-time. */
export function configureFft(n: i32): void {
  fftSize = n;
  log2Size = ctz<i32>(n);
  // Stage of half-size h: W_{2h}^j = e^(−iπj/h), j < h, at [h + j]. Computed in f64.
  for (let h = 1; h < n; h <<= 1) {
    for (let j = 0; j < h; j++) {
      const angle = -Math.PI * <f64>j / <f64>h;
      store<f32>(FFT_TWIDDLE_RE + <usize>((h + j) << 2), <f32>Math.cos(angle));
      store<f32>(FFT_TWIDDLE_IM + <usize>((h + j) << 2), <f32>Math.sin(angle));
    }
  }
  for (let m = 0; m < n >> 2; m++) store<u16>(FFT_REVERSE + <usize>(m << 1), <u16>reverseBits(m << 2, log2Size));
}

/**
 * Loads the last fftSize samples of two rings (ring size fftSize; the oldest sample at `head`),
 * multiplied by `window`, as real (ringA) and imaginary (ringB) parts in bit-reversed order,
 * and does the first two stages.
 *
 * The windowed samples are made first, in order, four at a time (FFT_WINDOWED_A/B), and the
 * bit-reversed gather then reads two arrays instead of three: the products are the same f32
 * multiplications, so the transform's input is bit for bit what it was.
 */
export function loadWindowed(ringA: usize, ringB: usize, window: usize, head: i32): void {
  const n = fftSize;
  windowSegment(ringA, ringB, window, head, 0, n - head);
  windowSegment(ringA, ringB, window, head - n, n - head, n);
  const quarter = n >> 2;
  const half = n >> 1;
  for (let m = 0; m < quarter; m++) {
    // Positions 4m + q hold input rev(4m + q) = rev(4m) + {0, N/2, N/4, 3N/4}[q].
    const r = <i32>load<u16>(FFT_REVERSE + <usize>(m << 1));
    const i0 = <usize>(r << 2);
    const i1 = <usize>((r + half) << 2);
    const i2 = <usize>((r + quarter) << 2);
    const i3 = <usize>((r + half + quarter) << 2);
    const x0r = load<f32>(FFT_WINDOWED_A + i0), x0i = load<f32>(FFT_WINDOWED_B + i0);
    const x1r = load<f32>(FFT_WINDOWED_A + i1), x1i = load<f32>(FFT_WINDOWED_B + i1);
    const x2r = load<f32>(FFT_WINDOWED_A + i2), x2i = load<f32>(FFT_WINDOWED_B + i2);
    const x3r = load<f32>(FFT_WINDOWED_A + i3), x3i = load<f32>(FFT_WINDOWED_B + i3);
    // Stage 1 (twiddle 1): (x0, x1), (x2, x3).
    const p0r = x0r + x1r, p0i = x0i + x1i;
    const p1r = x0r - x1r, p1i = x0i - x1i;
    const p2r = x2r + x3r, p2i = x2i + x3i;
    const p3r = x2r - x3r, p3i = x2i - x3i;
    // Stage 2: (p0, p2) with twiddle 1, (p1, p3) with −i: −i·(a + ib) = b − ia.
    const out = <usize>(m << 4);
    store<f32>(FFT_RE + out, p0r + p2r);
    store<f32>(FFT_IM + out, p0i + p2i);
    store<f32>(FFT_RE + out, p1r + p3i, 4);
    store<f32>(FFT_IM + out, p1i - p3r, 4);
    store<f32>(FFT_RE + out, p0r - p2r, 8);
    store<f32>(FFT_IM + out, p0i - p2i, 8);
    store<f32>(FFT_RE + out, p1r - p3i, 12);
    store<f32>(FFT_IM + out, p1i + p3r, 12);
  }
}

/** Windowed samples from..to − 1 of the frame, which sit at ring position + `shift`. */
function windowSegment(ringA: usize, ringB: usize, window: usize, shift: i32, from: i32, to: i32): void {
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const w = v128.load(window + <usize>(i << 2));
    const at = <usize>((i + shift) << 2);
    v128.store(FFT_WINDOWED_A + <usize>(i << 2), f32x4.mul(w, v128.load(ringA + at)));
    v128.store(FFT_WINDOWED_B + <usize>(i << 2), f32x4.mul(w, v128.load(ringB + at)));
  }
  for (; i < to; i++) {
    const w = load<f32>(window + <usize>(i << 2));
    const at = <usize>((i + shift) << 2);
    store<f32>(FFT_WINDOWED_A + <usize>(i << 2), w * load<f32>(ringA + at));
    store<f32>(FFT_WINDOWED_B + <usize>(i << 2), w * load<f32>(ringB + at));
  }
}

/** The remaining stages, after loadWindowed(). The spectrum is then in natural order in FFT_RE/FFT_IM. */
export function transform(): void {
  const n = fftSize;
  let h = 4;
  for (; h << 2 <= n; h <<= 2) twoStages(n, h);
  if (h < n) oneStage(n, h);
}

/** Stages of half-size h and 2h (h ≥ 4), four butterflies per vector. */
function twoStages(n: i32, h: i32): void {
  const hBytes = <usize>(h << 2);
  for (let base = 0; base < n; base += h << 2) {
    for (let j = 0; j < h; j += 4) {
      const o0 = <usize>((base + j) << 2);
      const re0 = FFT_RE + o0, im0 = FFT_IM + o0;
      const re1 = re0 + hBytes, im1 = im0 + hBytes;
      const re2 = re1 + hBytes, im2 = im1 + hBytes;
      const re3 = re2 + hBytes, im3 = im2 + hBytes;
      const w1r = v128.load(FFT_TWIDDLE_RE + <usize>((h + j) << 2));
      const w1i = v128.load(FFT_TWIDDLE_IM + <usize>((h + j) << 2));
      const w2r = v128.load(FFT_TWIDDLE_RE + <usize>(((h << 1) + j) << 2));
      const w2i = v128.load(FFT_TWIDDLE_IM + <usize>(((h << 1) + j) << 2));
      const a0r = v128.load(re0), a0i = v128.load(im0);
      const a1r = v128.load(re1), a1i = v128.load(im1);
      const a2r = v128.load(re2), a2i = v128.load(im2);
      const a3r = v128.load(re3), a3i = v128.load(im3);
      // Stage h: (a0, a1) and (a2, a3), both with W_{2h}^j.
      const t1r = f32x4.sub(f32x4.mul(a1r, w1r), f32x4.mul(a1i, w1i));
      const t1i = f32x4.add(f32x4.mul(a1r, w1i), f32x4.mul(a1i, w1r));
      const t3r = f32x4.sub(f32x4.mul(a3r, w1r), f32x4.mul(a3i, w1i));
      const t3i = f32x4.add(f32x4.mul(a3r, w1i), f32x4.mul(a3i, w1r));
      const b0r = f32x4.add(a0r, t1r), b0i = f32x4.add(a0i, t1i);
      const b1r = f32x4.sub(a0r, t1r), b1i = f32x4.sub(a0i, t1i);
      const b2r = f32x4.add(a2r, t3r), b2i = f32x4.add(a2i, t3i);
      const b3r = f32x4.sub(a2r, t3r), b3i = f32x4.sub(a2i, t3i);
      // Stage 2h: (b0, b2) with W_{4h}^j, (b1, b3) with W_{4h}^{j+h} = −i·W_{4h}^j.
      const ur = f32x4.sub(f32x4.mul(b2r, w2r), f32x4.mul(b2i, w2i));
      const ui = f32x4.add(f32x4.mul(b2r, w2i), f32x4.mul(b2i, w2r));
      const vr = f32x4.sub(f32x4.mul(b3r, w2r), f32x4.mul(b3i, w2i));
      const vi = f32x4.add(f32x4.mul(b3r, w2i), f32x4.mul(b3i, w2r));
      // −i·v = vi − i·vr
      v128.store(re0, f32x4.add(b0r, ur));
      v128.store(im0, f32x4.add(b0i, ui));
      v128.store(re2, f32x4.sub(b0r, ur));
      v128.store(im2, f32x4.sub(b0i, ui));
      v128.store(re1, f32x4.add(b1r, vi));
      v128.store(im1, f32x4.sub(b1i, vr));
      v128.store(re3, f32x4.sub(b1r, vi));
      v128.store(im3, f32x4.add(b1i, vr));
    }
  }
}

/** One radix-2 stage of half-size h (h ≥ 4). */
function oneStage(n: i32, h: i32): void {
  const hBytes = <usize>(h << 2);
  for (let base = 0; base < n; base += h << 1) {
    for (let j = 0; j < h; j += 4) {
      const o0 = <usize>((base + j) << 2);
      const re0 = FFT_RE + o0, im0 = FFT_IM + o0;
      const re1 = re0 + hBytes, im1 = im0 + hBytes;
      const wr = v128.load(FFT_TWIDDLE_RE + <usize>((h + j) << 2));
      const wi = v128.load(FFT_TWIDDLE_IM + <usize>((h + j) << 2));
      const a0r = v128.load(re0), a0i = v128.load(im0);
      const a1r = v128.load(re1), a1i = v128.load(im1);
      const tr = f32x4.sub(f32x4.mul(a1r, wr), f32x4.mul(a1i, wi));
      const ti = f32x4.add(f32x4.mul(a1r, wi), f32x4.mul(a1i, wr));
      v128.store(re0, f32x4.add(a0r, tr));
      v128.store(im0, f32x4.add(a0i, ti));
      v128.store(re1, f32x4.sub(a0r, tr));
      v128.store(im1, f32x4.sub(a0i, ti));
    }
  }
}
