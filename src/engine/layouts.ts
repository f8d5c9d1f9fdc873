// Channel layouts and their ITU-R BS.1770-5 channel weights.
//
// Weights follow BS.1770-5 Annex 3 for loudspeaker positions of ITU-R BS.2051: 1.41 for a
// channel at elevation |φ| < 30° and azimuth 60° ≤ |θ| ≤ 120°, 1.0 for every other channel,
// and LFE channels excluded (weight 0). For 5.x this gives the familiar L, R, C = 1.0,
// Ls, Rs = 1.41.

import { MAX_CHANNELS } from '../contract/readings-layout.js';

export interface SpeakerPosition {
  /** Short label shown on meters, e.g. "L", "Ls", "LFE". */
  label: string;
  /** Azimuth in degrees, positive to the left, as in BS.2051. */
  azimuthDeg: number;
  /** Elevation in degrees. */
  elevationDeg: number;
  /** Low-frequency effects channel: never part of a loudness measurement. */
  lfe?: boolean;
}

export interface ChannelLayout {
  /** Layout name, e.g. "stereo", "5.1", or "custom". */
  name: string;
  /** One label per channel, in the order the audio carries them. */
  labels: string[];
  /** One BS.1770 weight per channel, in the same order. */
  weights: number[];
}

/** BS.2051 speaker positions by the labels this project uses. */
export const SPEAKERS: Readonly<Record<string, SpeakerPosition>> = {
  M: { label: 'M', azimuthDeg: 0, elevationDeg: 0 },
  L: { label: 'L', azimuthDeg: 30, elevationDeg: 0 },
  R: { label: 'R', azimuthDeg: -30, elevationDeg: 0 },
  C: { label: 'C', azimuthDeg: 0, elevationDeg: 0 },
  LFE: { label: 'LFE', azimuthDeg: 0, elevationDeg: -30, lfe: true },
  Ls: { label: 'Ls', azimuthDeg: 110, elevationDeg: 0 },
  Rs: { label: 'Rs', azimuthDeg: -110, elevationDeg: 0 },
  Lss: { label: 'Lss', azimuthDeg: 90, elevationDeg: 0 },
  Rss: { label: 'Rss', azimuthDeg: -90, elevationDeg: 0 },
  Lrs: { label: 'Lrs', azimuthDeg: 135, elevationDeg: 0 },
  Rrs: { label: 'Rrs', azimuthDeg: -135, elevationDeg: 0 },
  Lc: { label: 'Lc', azimuthDeg: 15, elevationDeg: 0 },
  Rc: { label: 'Rc', azimuthDeg: -15, elevationDeg: 0 },
  Cs: { label: 'Cs', azimuthDeg: 180, elevationDeg: 0 },
  Ltf: { label: 'Ltf', azimuthDeg: 45, elevationDeg: 30 },
  Rtf: { label: 'Rtf', azimuthDeg: -45, elevationDeg: 30 },
  Ctf: { label: 'Ctf', azimuthDeg: 0, elevationDeg: 30 },
  Ltr: { label: 'Ltr', azimuthDeg: 135, elevationDeg: 30 },
  Rtr: { label: 'Rtr', azimuthDeg: -135, elevationDeg: 30 },
  Ctr: { label: 'Ctr', azimuthDeg: 180, elevationDeg: 30 },
  T: { label: 'T', azimuthDeg: 0, elevationDeg: 90 },
};

/** The named layouts, channels in WAV / SMPTE order. */
export const NAMED_LAYOUTS: Readonly<Record<string, readonly string[]>> = {
  mono: ['M'],
  stereo: ['L', 'R'],
  '3.0': ['L', 'R', 'C'],
  '5.0': ['L', 'R', 'C', 'Ls', 'Rs'],
  '5.1': ['L', 'R', 'C', 'LFE', 'Ls', 'Rs'],
  '7.1': ['L', 'R', 'C', 'LFE', 'Lrs', 'Rrs', 'Lss', 'Rss'],
  '5.1.4': ['L', 'R', 'C', 'LFE', 'Ls', 'Rs', 'Ltf', 'Rtf', 'Ltr', 'Rtr'],
  '7.1.4': ['L', 'R', 'C', 'LFE', 'Lrs', 'Rrs', 'Lss', 'Rss', 'Ltf', 'Rtf', 'Ltr', 'Rtr'],
};

/** BS.1770-5 Annex 3 weight for a speaker position. */
export function weightForPosition(position: SpeakerPosition): number {
  if (position.lfe) return 0;
  const azimuth = Math.abs(position.azimuthDeg);
  const elevation = Math.abs(position.elevationDeg);
  return elevation < 30 && azimuth >= 60 && azimuth <= 120 ? 1.41 : 1.0;
}

/** A layout from speaker labels (keys of SPEAKERS). */
export function layoutFromLabels(labels: readonly string[], name = 'custom'): ChannelLayout {
  if (labels.length < 1 || labels.length > MAX_CHANNELS) {
    throw new RangeError(`a layout needs 1 to ${MAX_CHANNELS} channels, got ${labels.length}`);
  }
  const weights = labels.map((label) => {
    const position = SPEAKERS[label];
    if (!position) throw new RangeError(`unknown speaker label "${label}"`);
    return weightForPosition(position);
  });
  return { name, labels: [...labels], weights };
}

/** How a caller may name a layout: a known name, a channel count, or explicit weights. */
export type LayoutSpec =
  | string
  | number
  | { weights: readonly number[]; labels?: readonly string[] };

/**
 * Resolves a layout: "stereo", "5.1", "7.1.4", …; a channel count (1 → mono, 2 → stereo,
 * 6 → 5.1, 8 → 7.1, 12 → 7.1.4, else every channel weight 1.0); or explicit weights.
 */
export function resolveLayout(spec: LayoutSpec): ChannelLayout {
  if (typeof spec === 'string') {
    const labels = NAMED_LAYOUTS[spec];
    if (!labels) {
      throw new RangeError(
        `unknown layout "${spec}" (known: ${Object.keys(NAMED_LAYOUTS).join(', ')}, or a channel count, or { weights })`,
      );
    }
    return layoutFromLabels(labels, spec);
  }
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec) || spec < 1 || spec > MAX_CHANNELS) {
      throw new RangeError(`channel count must be an integer from 1 to ${MAX_CHANNELS}, got ${spec}`);
    }
    const byCount: Record<number, string> = { 1: 'mono', 2: 'stereo', 5: '5.0', 6: '5.1', 8: '7.1', 10: '5.1.4', 12: '7.1.4' };
    const named = byCount[spec];
    if (named) return resolveLayout(named);
    return {
      name: `${spec} channels`,
      labels: Array.from({ length: spec }, (_, i) => `${i + 1}`),
      weights: new Array<number>(spec).fill(1),
    };
  }
  const weights = [...spec.weights];
  if (weights.length < 1 || weights.length > MAX_CHANNELS) {
    throw new RangeError(`a layout needs 1 to ${MAX_CHANNELS} channel weights, got ${weights.length}`);
  }
  for (const w of weights) {
    if (!Number.isFinite(w) || w < 0 || w > 10) {
      throw new RangeError(`channel weights must be finite numbers from 0 to 10, got ${w}`);
    }
  }
  const labels = spec.labels ? [...spec.labels] : weights.map((_, i) => `${i + 1}`);
  if (labels.length !== weights.length) {
    throw new RangeError(`${labels.length} labels for ${weights.length} weights`);
  }
  return { name: 'custom', labels, weights };
}
