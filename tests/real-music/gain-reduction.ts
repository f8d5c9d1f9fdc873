// How hard a processor worked, measured on its input and output (not taken from its settings):
//
// - gain reduction: the output is aligned to the input (a look-ahead delays it by up to 20 ms),
//   both are cut into 20 ms blocks, and each block's level change (output RMS over input RMS,
//   dB) is taken where the input is within 40 dB of its loudest block. The make-up gain is the
//   95th percentile of those changes (the blocks the processor left alone); the gain reduction
//   is the make-up minus the median change (typical) and minus the 1st percentile (deepest).
//   So it is the level difference between input and output at matched gain.
// - the change of the peak-to-loudness ratio (true-peak max − integrated loudness, measured by
//   the project's kernel), which shows what a limiter or clipper did to the peaks.

import { analyzePlanar } from '../../src/offline/analyze-file.js';
import { resolveLayout } from '../../src/engine/layouts.js';

export interface GainReduction {
  /** Make-up minus the median block change, dB. */
  typicalDb: number;
  /** Make-up minus the 1st-percentile block change, dB. */
  deepestDb: number;
  /** Input PLR minus output PLR, dB. */
  plrReductionDb: number;
  /** Output integrated loudness minus input, LU. */
  loudnessChangeDb: number;
  outputTruePeakDbtp: number;
  /** Output delay found, ms. */
  latencyMs: number;
}

const mono = (channels: readonly Float32Array[]) => {
  const out = new Float32Array(channels[0].length);
  for (const c of channels) for (let i = 0; i < out.length; i++) out[i] += c[i] / channels.length;
  return out;
};

/** The output's delay in samples (0–20 ms) that best matches the input's envelope. */
function findLatency(x: Float32Array, y: Float32Array, fs: number): number {
  const maxLag = Math.round(0.02 * fs);
  const span = Math.min(x.length - maxLag, Math.round(1 * fs));
  const from = Math.max(0, Math.floor((x.length - span - maxLag) / 2));
  let best = 0, bestScore = -Infinity;
  for (let lag = 0; lag <= maxLag; lag++) {
    let score = 0;
    for (let i = from; i < from + span; i++) score += x[i] * y[i + lag];
    if (score > bestScore) { bestScore = score; best = lag; }
  }
  return best;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))];
const round = (x: number) => Math.round(x * 100) / 100;

function plr(channels: readonly Float32Array[], fs: number) {
  const r = analyzePlanar({ sampleRate: fs, channels: [...channels], layout: resolveLayout(channels.length) });
  return { plr: r.truePeakMaxDbtp - r.integratedLufs, integrated: r.integratedLufs, truePeak: r.truePeakMaxDbtp };
}

export function measureGainReduction(input: readonly Float32Array[], output: readonly Float32Array[], fs: number): GainReduction {
  const x = mono(input);
  const y = mono(output);
  const lag = findLatency(x, y, fs);
  const block = Math.round(0.02 * fs);
  const levels: { inDb: number; changeDb: number }[] = [];
  for (let start = 0; start + block + lag <= y.length && start + block <= x.length; start += block) {
    let sx = 0, sy = 0;
    for (let i = start; i < start + block; i++) { sx += x[i] * x[i]; sy += y[i + lag] * y[i + lag]; }
    if (sx > 0 && sy > 0) levels.push({ inDb: 10 * Math.log10(sx / block), changeDb: 10 * Math.log10(sy / sx) });
  }
  const loudest = Math.max(...levels.map((l) => l.inDb));
  const changes = levels.filter((l) => l.inDb > loudest - 40).map((l) => l.changeDb).sort((a, b) => a - b);
  const makeup = percentile(changes, 0.95);
  const before = plr(input, fs);
  const after = plr(output, fs);
  return {
    typicalDb: round(makeup - percentile(changes, 0.5)),
    deepestDb: round(makeup - percentile(changes, 0.01)),
    plrReductionDb: round(before.plr - after.plr),
    loudnessChangeDb: round(after.integrated - before.integrated),
    outputTruePeakDbtp: round(after.truePeak),
    latencyMs: round((lag / fs) * 1000),
  };
}
