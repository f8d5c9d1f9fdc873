// Mastering processors written for the detector tests (f64, stereo-linked): a look-ahead
// brickwall limiter (sample-peak or true-peak-ish ceiling), a bus compressor, soft and hard
// clippers and a 3-band maximiser. Simple but real: each one does what its plug-in namesake does
// to a signal's peaks and dynamics.

const db = (x: number) => 10 ** (x / 20);

export interface LimiterOptions {
  ceilingDb: number;
  driveDb: number;
  lookaheadMs?: number;
  releaseMs?: number;
  /** Limit an estimate of the inter-sample peak (4× over-sampled), as true-peak limiters do. */
  truePeak?: boolean;
}

/** 4× interpolated magnitude around each sample (8-tap windowed sinc), for a true-peak estimate. */
function interpolatedPeak(x: Float64Array): Float64Array {
  const taps = 8;
  const coefficients = [0.25, 0.5, 0.75].map((p) => Array.from({ length: taps }, (_, j) => {
    const u = j - (taps / 2 - 1) - p;
    const w = 0.5 + 0.5 * Math.cos((Math.PI * u) / (taps / 2 + 1));
    return (u === 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u)) * w;
  }));
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let m = Math.abs(x[i]);
    for (const h of coefficients) {
      let s = 0;
      for (let j = 0; j < taps; j++) {
        const k = i + j - (taps / 2 - 1);
        if (k >= 0 && k < x.length) s += h[j] * x[k];
      }
      m = Math.max(m, Math.abs(s));
    }
    out[i] = m;
  }
  return out;
}

/** Look-ahead brickwall limiter: gain = smoothed minimum of the required gain over the look-ahead. */
export function limiter(input: Float64Array[], fs: number, o: LimiterOptions): Float64Array[] {
  const drive = db(o.driveDb);
  const ceiling = db(o.ceilingDb);
  const x = input.map((c) => c.map((v) => v * drive));
  const n = x[0].length;
  const look = Math.max(1, Math.round(((o.lookaheadMs ?? 1.5) * fs) / 1000));
  const release = 1 - Math.exp(-1 / (((o.releaseMs ?? 80) * fs) / 1000));
  const level = o.truePeak ? x.map(interpolatedPeak) : x.map((c) => c.map(Math.abs));
  const required = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (const c of level) m = Math.max(m, c[i]);
    // A true-peak limiter aims a little under its ceiling to cover its estimate's error.
    required[i] = m > ceiling * (o.truePeak ? 0.995 : 1) ? (ceiling * (o.truePeak ? 0.995 : 1)) / m : 1;
  }
  // Sliding minimum of required[i .. i+look] (monotonic deque), then a moving average over
  // look+1 samples: the gain reaches each peak's requirement by the time the peak is output.
  const minimum = new Float64Array(n);
  const deque = new Int32Array(n + look + 1);
  let head = 0, tail = 0;
  for (let i = 0; i < n + look; i++) {
    if (i < n) {
      while (tail > head && required[deque[tail - 1]] >= required[i]) tail--;
      deque[tail++] = i;
    }
    const start = i - look;
    if (start >= 0) {
      while (deque[head] < start) head++;
      minimum[start] = required[deque[head]];
    }
  }
  const out = x.map(() => new Float64Array(n));
  const span = look + 1;
  // Before the start the minima are 1 (no reduction).
  let sum = span;
  let gain = 1;
  for (let i = 0; i < n; i++) {
    // smoothed[i] averages minimum[i − look … i]; each covers required[i].
    sum += minimum[i] - (i >= span ? minimum[i - span] : 1);
    const smoothed = Math.min(1, sum / span);
    gain = smoothed < gain ? smoothed : gain + (smoothed - gain) * release;
    for (let c = 0; c < x.length; c++) out[c][i] = x[c][i] * gain;
  }
  if (!o.truePeak) for (const c of out) for (let i = 0; i < n; i++) c[i] = Math.max(-ceiling, Math.min(ceiling, c[i]));
  return out;
}

export interface CompressorOptions {
  thresholdDb: number;
  ratio: number;
  attackMs: number;
  releaseMs: number;
  makeupDb: number;
}

/** Feed-forward RMS-ish bus compressor, stereo-linked, soft knee of 6 dB. */
export function compressor(x: Float64Array[], fs: number, o: CompressorOptions): Float64Array[] {
  const n = x[0].length;
  const attack = 1 - Math.exp(-1 / ((o.attackMs * fs) / 1000));
  const release = 1 - Math.exp(-1 / ((o.releaseMs * fs) / 1000));
  const detect = 1 - Math.exp(-1 / (0.005 * fs));
  const makeup = db(o.makeupDb);
  const out = x.map(() => new Float64Array(n));
  let power = 0;
  let reductionDb = 0;
  for (let i = 0; i < n; i++) {
    let p = 0;
    for (const c of x) p = Math.max(p, c[i] * c[i]);
    power += (p - power) * detect;
    const levelDb = 10 * Math.log10(power + 1e-20);
    const over = levelDb - o.thresholdDb;
    const knee = 6;
    const target = over <= -knee / 2 ? 0 : over >= knee / 2 ? over * (1 - 1 / o.ratio) : ((over + knee / 2) ** 2 / (2 * knee)) * (1 - 1 / o.ratio);
    reductionDb += (target - reductionDb) * (target > reductionDb ? attack : release);
    const g = db(-reductionDb) * makeup;
    for (let c = 0; c < x.length; c++) out[c][i] = x[c][i] * g;
  }
  return out;
}

export function softClip(x: Float64Array[], o: { driveDb: number; ceilingDb: number }): Float64Array[] {
  const g = db(o.driveDb), c = db(o.ceilingDb);
  return x.map((ch) => ch.map((v) => c * Math.tanh((g * v) / c)));
}

export function hardClip(x: Float64Array[], o: { driveDb: number; ceilingDb: number }): Float64Array[] {
  const g = db(o.driveDb), c = db(o.ceilingDb);
  return x.map((ch) => ch.map((v) => Math.max(-c, Math.min(c, g * v))));
}

/** Three bands (one-pole crossovers at 200 Hz and 3 kHz, exact reconstruction), each compressed, then a limiter. */
export function multibandMaximiser(x: Float64Array[], fs: number, o: { driveDb: number; ceilingDb: number }): Float64Array[] {
  const n = x[0].length;
  const a1 = 1 - Math.exp((-2 * Math.PI * 200) / fs);
  const a2 = 1 - Math.exp((-2 * Math.PI * 3000) / fs);
  const bands = [0, 1, 2].map(() => x.map(() => new Float64Array(n)));
  x.forEach((ch, c) => {
    let low = 0, lowMid = 0;
    for (let i = 0; i < n; i++) {
      low += (ch[i] - low) * a1;
      lowMid += (ch[i] - lowMid) * a2;
      bands[0][c][i] = low;
      bands[1][c][i] = lowMid - low;
      bands[2][c][i] = ch[i] - lowMid;
    }
  });
  const settings = [
    { thresholdDb: -18, ratio: 3, attackMs: 30, releaseMs: 200, makeupDb: 3 },
    { thresholdDb: -20, ratio: 2.5, attackMs: 15, releaseMs: 150, makeupDb: 3 },
    { thresholdDb: -24, ratio: 2, attackMs: 5, releaseMs: 100, makeupDb: 2 },
  ];
  const compressed = bands.map((b, k) => compressor(b, fs, settings[k]));
  const sum = x.map((_, c) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = compressed[0][c][i] + compressed[1][c][i] + compressed[2][c][i];
    return out;
  });
  return limiter(sum, fs, { ceilingDb: o.ceilingDb, driveDb: o.driveDb, truePeak: true });
}

export interface Chain {
  name: string;
  apply: (x: Float64Array[], fs: number) => Float64Array[];
}

/** The mastering chains of the evaluation (inputs are mixes peaking around −6…−3 dBFS). */
export function masteringChains(): Chain[] {
  const chains: Chain[] = [];
  for (const ceilingDb of [-1, -0.3, -0.1]) {
    for (const driveDb of [3, 6, 9, 12]) {
      for (const truePeak of [false, true]) {
        chains.push({
          name: `limiter ${truePeak ? 'TP' : 'SP'} ${ceilingDb} dB, +${driveDb} dB`,
          apply: (x, fs) => limiter(x, fs, { ceilingDb, driveDb: driveDb + 3, truePeak }),
        });
      }
    }
  }
  for (const ratio of [2, 4]) {
    chains.push({
      name: `compressor ${ratio}:1 + limiter -0.3 dB`,
      apply: (x, fs) => limiter(compressor(x, fs, { thresholdDb: -18, ratio, attackMs: 30, releaseMs: 250, makeupDb: 2 }), fs, { ceilingDb: -0.3, driveDb: 6, truePeak: true }),
    });
  }
  for (const driveDb of [6, 9, 12]) chains.push({ name: `soft clipper +${driveDb} dB`, apply: (x) => softClip(x, { driveDb: driveDb + 3, ceilingDb: -0.1 }) });
  for (const driveDb of [3, 6]) chains.push({ name: `hard clipper +${driveDb} dB`, apply: (x) => hardClip(x, { driveDb: driveDb + 3, ceilingDb: -0.1 }) });
  chains.push({ name: 'multiband maximiser', apply: (x, fs) => multibandMaximiser(x, fs, { ceilingDb: -0.5, driveDb: 4 }) });
  return chains;
}
