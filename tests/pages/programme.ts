// Seeded test programme shared by the browser harness and the Node side of the browser tests,
// so both measure the very same float32 samples: per channel independent white noise whose level
// jumps every 400 ms (−45 … −8 dBFS), which gives non-trivial momentary, short-term, integrated,
// LRA and true-peak readings.

export interface ProgrammeOptions {
  sampleRate: number;
  /** Length in frames (any count, not just whole render quanta). */
  frames: number;
  channels: number;
  seed: number;
}

/** xorshift32 in [0, 1): the same sequence on every run, in every thread and in the page (also the ring and merge tests' generator). */
export function xorshift32(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state / 4294967296;
  };
}

export function programme({ sampleRate, frames, channels, seed }: ProgrammeOptions): Float32Array<ArrayBuffer>[] {
  const random = xorshift32(seed);
  const out: Float32Array<ArrayBuffer>[] = Array.from({ length: channels }, () => new Float32Array(frames));
  const segment = Math.round(0.4 * sampleRate);
  let gain = 0;
  for (let i = 0; i < frames; i++) {
    if (i % segment === 0) gain = 10 ** ((-45 + random() * 37) / 20);
    for (let c = 0; c < channels; c++) out[c][i] = gain * (random() * 2 - 1) * Math.SQRT2;
  }
  return out;
}
