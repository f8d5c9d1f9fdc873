// A music-like test signal for the app: a seamless 16 s loop (8 bars at 120 bpm) of drums with
// transients and velocity variation, bass, a pad and a voice-like lead, in stereo, peaking at
// PEAK_DBFS. It is an unmastered mix in progress: its peaks land at a different level in every
// beat, its loudness moves with the arrangement. That is what the mastering-plugins detector
// must leave alone, and what a limiter switched onto the bus visibly changes.
//
// Every part is written modulo the loop length, so note tails that run past the end wrap to the
// start: the loop has no click at its seam.

import { mulberry32 } from '../signals/noise.js';

const BPM = 120;
const BARS = 8;
/** The mix's sample peak: a mix with room to spare, as it is before the bounce is set up. */
export const MUSIC_PEAK_DBFS = -8;

const midiHz = (m: number) => 440 * 2 ** ((m - 69) / 12);
/** Bass roots (MIDI) per bar, and the pad chords above them (semitones). */
const ROOTS = [45, 45, 41, 41, 48, 48, 43, 44];
const CHORD = [0, 7, 12, 16];

/** Renders the loop at `sampleRate`: [left, right]. */
export function musicLoop(sampleRate: number, seed = 7): Float32Array[] {
  const fs = sampleRate;
  const beat = 60 / BPM;
  const n = Math.round(BARS * 4 * beat * fs);
  const left = new Float64Array(n);
  const right = new Float64Array(n);
  const random = mulberry32(seed);
  // Drum velocity: ±4 dB, as a drummer (or a humanised programme) plays.
  const velocity = () => 10 ** (((random() * 2 - 1) * 4) / 20);
  const add = (start: number, length: number, pan: number, f: (t: number) => number) => {
    const gl = Math.cos((pan * Math.PI) / 2), gr = Math.sin((pan * Math.PI) / 2);
    for (let i = 0; i < length; i++) {
      const v = f(i / fs);
      const k = (start + i) % n;
      left[k] += gl * v;
      right[k] += gr * v;
    }
  };
  for (let b = 0; b < BARS * 4; b++) {
    const t0 = Math.round(b * beat * fs);
    const bar = Math.floor(b / 4);
    // Kick on 1 and 3, plus a pickup on the "and" of 4 every other bar.
    const kicks = b % 2 === 0 ? [0] : b % 8 === 7 ? [0.5] : [];
    for (const offset of kicks) {
      const a = 0.9 * velocity();
      let phase = 0;
      const noise = mulberry32(seed * 31 + b);
      add(t0 + Math.round(offset * beat * fs), Math.round(0.4 * fs), 0.5, (t) => {
        phase += (2 * Math.PI * (48 + 110 * Math.exp(-t / 0.025))) / fs;
        return a * (Math.sin(phase) * Math.exp(-t / 0.14) + 0.25 * (noise() * 2 - 1) * Math.exp(-t / 0.003));
      });
    }
    // Snare on 2 and 4: noise through a one-pole low-pass, and a 185 Hz body.
    if (b % 2 === 1) {
      const a = 0.75 * velocity();
      let lp = 0;
      add(t0, Math.round(0.3 * fs), 0.55, (t) => {
        lp += 0.55 * ((random() * 2 - 1) - lp);
        return a * (0.8 * lp * Math.exp(-t / 0.08) + 0.45 * Math.sin(2 * Math.PI * 185 * t) * Math.exp(-t / 0.05));
      });
    }
    // Hi-hats in eighths: differentiated noise, accents on the beat.
    for (let h = 0; h < 2; h++) {
      const a = 0.13 * velocity() * (h === 0 ? 1 : 0.6);
      let previous = 0;
      add(t0 + Math.round((h * beat * fs) / 2), Math.round(0.07 * fs), 0.35, (t) => {
        const w = random() * 2 - 1;
        const y = w - previous;
        previous = w;
        return a * y * Math.exp(-t / 0.018);
      });
    }
    // Bass in eighths on the bar's root, the second one an octave up.
    for (let e = 0; e < 2; e++) {
      const f = midiHz(ROOTS[bar] - 12 + (e === 1 ? 12 : 0));
      const a = 0.32 * (0.85 + 0.15 * random());
      const length = (beat / 2) * 0.95;
      add(t0 + Math.round((e * beat * fs) / 2), Math.round(length * fs), 0.5, (t) => {
        const env = Math.min(1, t / 0.004) * Math.exp(-t / 0.5) * Math.min(1, (length - t) / 0.01);
        const p = 2 * Math.PI * f * t;
        return a * env * (Math.sin(p) + 0.35 * Math.sin(2 * p) + 0.15 * Math.sin(3 * p));
      });
    }
  }
  // Pad: the bar's chord, slow attack, tones spread across the stereo field.
  const barFrames = Math.round(4 * beat * fs);
  for (let bar = 0; bar < BARS; bar++) {
    CHORD.forEach((step, j) => {
      const f = midiHz(ROOTS[bar] + 12 + step);
      add(bar * barFrames, barFrames, 0.2 + 0.2 * j, (t) => {
        const env = Math.min(1, t / 0.5) * Math.min(1, (barFrames / fs - t) / 0.25);
        return 0.05 * env * (Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(2 * Math.PI * f * 2.003 * t));
      });
    });
  }
  // Lead: a phrase per two bars, vibrato, harmonics weighted by two formants.
  for (let phrase = 0; phrase < BARS / 2; phrase++) {
    const start = Math.round((phrase * 2 + 0.25) * barFrames);
    const length = (1.4 + 0.4 * random()) * 4 * beat;
    const f0 = midiHz(ROOTS[phrase * 2] + 24 + [0, 4, 7, 12][Math.floor(random() * 4)]);
    const formant1 = 600 + random() * 300, formant2 = 1400 + random() * 900;
    const weights = Array.from({ length: 10 }, (_, k) => {
      const f = f0 * (k + 1);
      return Math.exp(-(((f - formant1) / 250) ** 2)) + 0.6 * Math.exp(-(((f - formant2) / 400) ** 2)) + 0.12 / (k + 1);
    });
    let phase = 0;
    add(start, Math.round(length * fs), 0.5, (t) => {
      const env = Math.min(1, t / 0.08) * Math.min(1, (length - t) / 0.3) * (0.8 + 0.2 * Math.sin(2 * Math.PI * 1.1 * t));
      phase += (2 * Math.PI * f0 * (1 + 0.01 * Math.sin(2 * Math.PI * 5.5 * t))) / fs;
      let v = 0;
      for (let k = 0; k < weights.length; k++) v += weights[k] * Math.sin((k + 1) * phase);
      return 0.18 * env * v;
    });
  }
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(left[i]), Math.abs(right[i]));
  const gain = 10 ** (MUSIC_PEAK_DBFS / 20) / peak;
  return [Float32Array.from(left, (v) => v * gain), Float32Array.from(right, (v) => v * gain)];
}
