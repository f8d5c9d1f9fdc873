// Seeded noise, one way for the whole project: the mulberry32 PRNG and Paul Kellet's refined
// pinking filter. The app's test signals (src/app), the tests' material (tests/support) and the
// benchmark's audio (bench/, through dist/signals/noise.js) all make their noise with these, so
// a seed means the same samples everywhere. DOM-free, imports nothing.

/** mulberry32: a small, fast 32-bit PRNG; returns a function giving uniform numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Paul Kellet's refined pinking filter (−3 dB/octave, accurate to ±0.05 dB above 9.2 Hz at
 * 44.1 kHz): returns a function that takes one white sample and gives the next pink one (f64,
 * unscaled: the caller sets the level).
 */
export function pinkingFilter(): (white: number) => number {
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
  return (white) => {
    b0 = 0.99886 * b0 + white * 0.0555179;
    b1 = 0.99332 * b1 + white * 0.0750759;
    b2 = 0.969 * b2 + white * 0.153852;
    b3 = 0.8665 * b3 + white * 0.3104856;
    b4 = 0.55 * b4 + white * 0.5329522;
    b5 = -0.7616 * b5 - white * 0.016898;
    const pink = b0 + b1 + b2 + b3 + b4 + b5 + b6 + white * 0.5362;
    b6 = white * 0.115926;
    return pink;
  };
}
