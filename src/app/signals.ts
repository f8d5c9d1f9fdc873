// Built-in test signals, generated in code at the audio context's sample rate. Each is a
// seamless loop (a whole number of periods), so looping adds no click that would disturb
// true peak or loudness.

export interface TestSignal {
  id: string;
  name: string;
  /** What a correct meter shows for it. */
  expected: string;
  /** Planar samples for `sampleRate`. */
  generate(sampleRate: number): Float32Array[];
}

import { mulberry32, pinkingFilter } from '../signals/noise.js';
import { MUSIC_PEAK_DBFS, musicLoop } from './music.js';

const dbToGain = (db: number) => 10 ** (db / 20);

/**
 * Pink noise (−3 dB/octave) from white noise through Paul Kellet's refined filter (accurate to
 * ±0.05 dB above 9.2 Hz at 44.1 kHz), scaled to an RMS of `rmsDbfs` per channel.
 */
export function pinkNoise(length: number, seed: number, rmsDbfs: number): Float32Array {
  const random = mulberry32(seed);
  const pinking = pinkingFilter();
  const out = new Float32Array(length);
  let sumSquares = 0;
  // Let the filter settle before keeping samples.
  for (let i = -4096; i < length; i++) {
    const pink = pinking(random() * 2 - 1);
    if (i >= 0) {
      out[i] = pink;
      sumSquares += pink * pink;
    }
  }
  // Remove DC, then scale to the wanted RMS.
  let mean = 0;
  for (let i = 0; i < length; i++) mean += out[i];
  mean /= length;
  sumSquares = 0;
  for (let i = 0; i < length; i++) {
    out[i] -= mean;
    sumSquares += out[i] * out[i];
  }
  const gain = dbToGain(rmsDbfs) / Math.sqrt(sumSquares / length);
  for (let i = 0; i < length; i++) out[i] *= gain;
  return out;
}

/** A sine of `frequencyHz` with peak `amplitude` and starting phase `phaseRad`. */
export function sine(length: number, sampleRate: number, frequencyHz: number, amplitude: number, phaseRad = 0): Float32Array {
  const out = new Float32Array(length);
  const w = (2 * Math.PI * frequencyHz) / sampleRate;
  for (let i = 0; i < length; i++) out[i] = amplitude * Math.sin(w * i + phaseRad);
  return out;
}

export const TEST_SIGNALS: readonly TestSignal[] = [
  {
    id: 'tone-23',
    name: '1 kHz tone, −23 LUFS (stereo)',
    expected: 'M, S and I read −23.0 LUFS; sample and true peak −23.0 dBFS / dBTP per channel (EBU Tech 3341 test 1).',
    generate(sampleRate) {
      // One second holds exactly 1000 periods at any integer sample rate: a seamless loop.
      const tone = sine(sampleRate, sampleRate, 1000, dbToGain(-23));
      return [tone, tone.slice()];
    },
  },
  {
    id: 'isp',
    name: 'Inter-sample peak test (fs/4 at 45°)',
    expected:
      'Samples at ±0.354 (−9.0 dBFS) hide peaks of 0.5 between them: true peak reads −6.0 dBTP while sample peak reads −9.0 dBFS (EBU Tech 3341 test 16).',
    generate(sampleRate) {
      // fs/4 repeats every 4 samples.
      const length = Math.max(4, Math.round(sampleRate / 4) * 4);
      const s = sine(length, sampleRate, sampleRate / 4, 0.5, Math.PI / 4);
      return [s, s.slice()];
    },
  },
  {
    id: 'pink',
    name: 'Pink noise, −20 dBFS RMS (stereo, uncorrelated)',
    expected: 'Steady loudness of about −17.3 LUFS (K-weighting and two uncorrelated channels lift it above the RMS level); true peak about −7.5 dBTP.',
    generate(sampleRate) {
      const length = sampleRate * 10;
      return [pinkNoise(length, 1, -20), pinkNoise(length, 2, -20)];
    },
  },
  {
    id: 'music',
    name: 'Music: an unmastered mix in progress (drums, bass, pad, lead)',
    expected:
      `Peaks at ${MUSIC_PEAK_DBFS} dBFS, no mastering warning. Tick "Limiter on the bus" to put a fast 20:1 compressor with make-up gain on it: the mastering warning appears within 10 s and clears within 10 s of unticking it. Tick "EQ tilt" (lows down, highs up) and the mix coach names it within 10 s.`,
    generate: (sampleRate) => musicLoop(sampleRate),
  },
];

/** An AudioBuffer holding a test signal at the context's rate. */
export function testSignalBuffer(context: BaseAudioContext, signal: TestSignal): AudioBuffer {
  const channels = signal.generate(context.sampleRate);
  const buffer = new AudioBuffer({ length: channels[0].length, numberOfChannels: channels.length, sampleRate: context.sampleRate });
  channels.forEach((data, c) => buffer.copyToChannel(data as Float32Array<ArrayBuffer>, c));
  return buffer;
}
