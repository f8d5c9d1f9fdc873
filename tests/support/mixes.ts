// Synthetic multi-instrument mixes for the mastering-detector evaluation, generated in code
// (no audio is committed). A mix is drums (kick, snare, hats as decaying sine/noise bursts with
// velocity variation), bass, pads and a voice-like part (harmonics with vibrato, formant-ish
// weighting and phrase envelopes), panned into stereo. Several genres differ in tempo, density
// and dynamics; everything is seeded (mulberry32), computed in f64.

import { mulberry32 } from './signals.js';

export interface Genre {
  name: string;
  bpm: number;
  /** Velocity spread of drum hits, dB (± around the nominal). */
  velocityDb: number;
  /** Hats per beat (0 = none). */
  hatsPerBeat: number;
  /** Snare on beats 2 and 4 (else on 3 only). */
  backbeat: boolean;
  /** Part levels (linear). */
  levels: { kick: number; snare: number; hats: number; bass: number; pad: number; voice: number };
  /** Bass notes per beat. */
  bassPerBeat: number;
}

export const GENRES: readonly Genre[] = [
  { name: 'rock', bpm: 118, velocityDb: 3, hatsPerBeat: 2, backbeat: true, bassPerBeat: 1, levels: { kick: 0.9, snare: 0.8, hats: 0.15, bass: 0.35, pad: 0.12, voice: 0.25 } },
  { name: 'electro', bpm: 126, velocityDb: 0.5, hatsPerBeat: 4, backbeat: true, bassPerBeat: 2, levels: { kick: 1.0, snare: 0.6, hats: 0.12, bass: 0.4, pad: 0.18, voice: 0.2 } },
  { name: 'ballad', bpm: 70, velocityDb: 5, hatsPerBeat: 1, backbeat: false, bassPerBeat: 0.5, levels: { kick: 0.5, snare: 0.4, hats: 0.06, bass: 0.3, pad: 0.3, voice: 0.4 } },
  { name: 'hiphop', bpm: 88, velocityDb: 2, hatsPerBeat: 3, backbeat: true, bassPerBeat: 0.5, levels: { kick: 1.0, snare: 0.7, hats: 0.1, bass: 0.5, pad: 0.1, voice: 0.35 } },
  // Dense and compressed-sounding by arrangement (everything loud, sustained), no bus processing.
  { name: 'dense', bpm: 150, velocityDb: 1, hatsPerBeat: 4, backbeat: true, bassPerBeat: 2, levels: { kick: 0.8, snare: 0.8, hats: 0.25, bass: 0.6, pad: 0.45, voice: 0.4 } },
];

/**
 * A variant of a genre, as another song in it would be: tempo within ±15 %, each part's level
 * within ×0.6…1.4 (a pad-heavy ballad, a voice-led one, a bass-heavy groove), the drums'
 * velocity spread within ×0.3…1.5 of the genre's, or programmed at one fixed velocity.
 */
export function genreVariant(base: Genre, random: () => number, fixedVelocity: boolean): Genre {
  const around = (value: number) => value * (0.6 + 0.8 * random());
  const bpm = Math.round(base.bpm * (0.85 + 0.3 * random()));
  const velocityDb = fixedVelocity ? 0 : base.velocityDb * (0.3 + 1.2 * random());
  const levels = Object.fromEntries(Object.entries(base.levels).map(([part, level]) => [part, around(level)])) as Genre['levels'];
  return { ...base, bpm, velocityDb, levels };
}

export interface MixSpec {
  genre: Genre;
  seed: number;
  sampleRate: number;
  seconds: number;
}

const CHORDS = [[0, 4, 7], [-3, 0, 4], [5, 9, 12], [7, 11, 14]];

/** Renders a stereo mix; not normalised (use peakNormalise). */
export function renderMix({ genre, seed, sampleRate: fs, seconds }: MixSpec): Float64Array[] {
  const n = Math.round(seconds * fs);
  const L = new Float64Array(n);
  const R = new Float64Array(n);
  const random = mulberry32(seed);
  const beat = 60 / genre.bpm;
  const root = 40 + Math.floor(random() * 8); // MIDI note of the bass root
  const midi = (m: number) => 440 * 2 ** ((m - 69) / 12);
  const vel = () => 10 ** (((random() * 2 - 1) * genre.velocityDb) / 20);
  const lv = genre.levels;
  /**
   * Mixes a part in at `start`, panned: `render` fills its samples (as many as fit before the
   * end), in one loop of its own, so that each part's loop is compiled for that part alone.
   */
  const add = (start: number, length: number, panLeft: number, render: (out: Float64Array) => void) => {
    const part = new Float64Array(Math.max(0, Math.min(n, start + length) - start));
    render(part);
    const gl = Math.sqrt(panLeft), gr = Math.sqrt(1 - panLeft);
    for (let i = 0; i < part.length; i++) {
      L[start + i] += gl * part[i];
      R[start + i] += gr * part[i];
    }
  };
  const beats = Math.floor(seconds / beat);
  for (let b = 0; b < beats; b++) {
    const t0 = Math.round(b * beat * fs);
    const bar = Math.floor(b / 4);
    const inBar = b % 4;
    // Kick: pitch-swept sine with a click, on 1 and 3 (and every beat for 4/4 genres).
    if (inBar % 2 === 0 || genre.bassPerBeat >= 2) {
      const a = lv.kick * vel();
      let phase = 0;
      add(t0, Math.round(0.35 * fs), 0.5, (out) => {
        for (let i = 0; i < out.length; i++) {
          const t = i / fs;
          phase += (2 * Math.PI * (50 + 90 * Math.exp(-t / 0.03))) / fs;
          out[i] = a * (Math.sin(phase) * Math.exp(-t / 0.12) + 0.3 * (random() * 2 - 1) * Math.exp(-t / 0.004));
        }
      });
    }
    // Snare: band-limited noise and a 190 Hz body.
    if ((genre.backbeat && inBar % 2 === 1) || (!genre.backbeat && inBar === 2)) {
      const a = lv.snare * vel();
      let lp = 0;
      add(t0, Math.round(0.25 * fs), 0.45 + 0.1 * random(), (out) => {
        for (let i = 0; i < out.length; i++) {
          const t = i / fs;
          lp += 0.5 * ((random() * 2 - 1) - lp);
          out[i] = a * (0.8 * lp * Math.exp(-t / 0.07) + 0.5 * Math.sin(2 * Math.PI * 190 * t) * Math.exp(-t / 0.05));
        }
      });
    }
    // Hats: high-passed noise bursts.
    for (let h = 0; h < genre.hatsPerBeat; h++) {
      const a = lv.hats * vel() * (h % 2 === 0 ? 1 : 0.6);
      let previous = 0;
      const pan = 0.3 + 0.4 * random();
      add(t0 + Math.round((h * beat * fs) / genre.hatsPerBeat), Math.round(0.06 * fs), pan, (out) => {
        for (let i = 0; i < out.length; i++) {
          const w = random() * 2 - 1;
          const y = w - previous;
          previous = w;
          out[i] = a * y * Math.exp(-i / fs / 0.015);
        }
      });
    }
    // Bass: a few harmonics, note envelope.
    const chord = CHORDS[bar % CHORDS.length];
    const notes = Math.max(1, Math.round(genre.bassPerBeat));
    if (genre.bassPerBeat >= 1 || inBar % 2 === 0) {
      const noteLength = genre.bassPerBeat >= 1 ? beat / notes : beat * 2;
      for (let k = 0; k < notes; k++) {
        const f = midi(root + chord[0] + (k % 2 === 1 ? 7 : 0));
        const a = lv.bass * (0.85 + 0.15 * random());
        add(t0 + Math.round(k * noteLength * fs), Math.round(noteLength * fs * 0.95), 0.5, (out) => {
          for (let i = 0; i < out.length; i++) {
            const t = i / fs;
            const env = Math.min(1, t / 0.005) * Math.exp(-t / (noteLength * 1.5));
            const p = 2 * Math.PI * f * t;
            // sin 2p and sin 3p from sin p and cos p (two trigonometric calls a sample, not three).
            const sp = Math.sin(p), cp = Math.cos(p);
            out[i] = a * env * sp * (1 + 0.8 * cp + 0.2 * (3 - 4 * sp * sp));
          }
        });
      }
    }
  }
  // Pad: detuned chord tones per bar, slow attack, wide.
  const barFrames = Math.round(4 * beat * fs);
  for (let bar = 0; bar * barFrames < n; bar++) {
    const chord = CHORDS[bar % CHORDS.length];
    for (const [j, step] of chord.entries()) {
      const f = midi(root + 24 + step);
      const detune = 1 + 0.003 * (j - 1);
      const tone = sineSequence((2 * Math.PI * f) / fs);
      const octave = sineSequence((2 * Math.PI * f * detune * 2) / fs);
      add(bar * barFrames, barFrames, j / 2, (out) => {
        for (let i = 0; i < out.length; i++) {
          const t = i / fs;
          const env = Math.min(1, t / 0.4) * Math.min(1, (barFrames / fs - t) / 0.2);
          out[i] = lv.pad * 0.4 * env * (tone() + 0.5 * octave());
        }
      });
    }
  }
  // Voice: phrases of 1.5–4 s with gaps, f0 with vibrato, harmonics shaped by two formants.
  let t = 0.5 + random();
  while (t < seconds) {
    const phrase = 1.5 + random() * 2.5;
    const start = Math.round(t * fs);
    const f0 = midi(root + 24 + [0, 2, 4, 7, 9][Math.floor(random() * 5)]);
    const formant1 = 500 + random() * 400;
    const formant2 = 1200 + random() * 1200;
    const a = lv.voice * (0.7 + 0.3 * random());
    const harmonics = 12;
    const weights = Array.from({ length: harmonics }, (_, k) => {
      const f = f0 * (k + 1);
      return Math.exp(-(((f - formant1) / 250) ** 2)) + 0.6 * Math.exp(-(((f - formant2) / 400) ** 2)) + 0.15 / (k + 1);
    });
    let phase = 0;
    add(start, Math.round(phrase * fs), 0.5, (out) => {
      for (let i = 0; i < out.length; i++) {
        const tt = i / fs;
        const env = Math.min(1, tt / 0.08) * Math.min(1, (phrase - tt) / 0.25) * (0.75 + 0.25 * Math.sin(2 * Math.PI * 1.3 * tt));
        phase += (2 * Math.PI * f0 * (1 + 0.012 * Math.sin(2 * Math.PI * 5.5 * tt))) / fs;
        // sin((k + 1)·phase) by the Chebyshev recurrence sₖ₊₁ = 2·cos(phase)·sₖ − sₖ₋₁ (exact up to
        // rounding; two trigonometric calls a sample instead of one per harmonic).
        const twoCos = 2 * Math.cos(phase);
        let previous = 0;
        let current = Math.sin(phase);
        let v = 0;
        for (let k = 0; k < harmonics; k++) {
          v += weights[k] * current;
          const next = twoCos * current - previous;
          previous = current;
          current = next;
        }
        out[i] = a * 0.5 * env * v;
      }
    });
    t += phrase + 0.3 + random() * 1.2;
  }
  return [L, R];
}

/**
 * sin(ω·n) for n = 0, 1, 2, … on successive calls, by the recurrence yₙ = 2·cos ω·yₙ₋₁ − yₙ₋₂
 * (no trigonometric call per sample; over a bar's few hundred thousand steps the rounding error
 * stays below 1e-9 of full scale).
 */
function sineSequence(omega: number): () => number {
  const twoCos = 2 * Math.cos(omega);
  let previous = -Math.sin(omega);
  let current = 0;
  return () => {
    const value = current;
    const next = twoCos * current - previous;
    previous = current;
    current = next;
    return value;
  };
}

/** Scales a stereo signal in place so that its sample peak is `dbfs`. */
export function peakNormalise(x: Float64Array[], dbfs: number): Float64Array[] {
  let peak = 0;
  for (const c of x) for (let i = 0; i < c.length; i++) peak = Math.max(peak, Math.abs(c[i]));
  const g = 10 ** (dbfs / 20) / peak;
  for (const c of x) for (let i = 0; i < c.length; i++) c[i] *= g;
  return x;
}

/**
 * Rounds a stereo signal in place to `bits`-bit integer samples (no dither), as a bounce to a
 * 16- or 24-bit file stores it: on that grid two hits can share their loudest sample value.
 */
export function quantise(x: Float64Array[], bits: number): Float64Array[] {
  const full = 2 ** (bits - 1);
  for (const c of x) for (let i = 0; i < c.length; i++) c[i] = Math.max(-full, Math.min(full - 1, Math.round(c[i] * full))) / full;
  return x;
}

export function toFloat32(x: Float64Array[]): Float32Array[] {
  return x.map((c) => Float32Array.from(c));
}

/** Concatenates stereo signals. */
export function concat(parts: Float64Array[][]): Float64Array[] {
  return [0, 1].map((c) => {
    const out = new Float64Array(parts.reduce((s, p) => s + p[c].length, 0));
    let at = 0;
    for (const p of parts) { out.set(p[c], at); at += p[c].length; }
    return out;
  });
}

/** A stereo slice [start, end) in frames. */
export function slice(x: Float64Array[], start: number, end: number): Float64Array[] {
  return x.map((c) => c.slice(start, end));
}
