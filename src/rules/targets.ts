// Loudness targets (presets and custom values), where a reading sits against its target, and the
// EBU Tech 3341 scales relative to it. DOM-free.

import { FLOOR_DB } from '../contract/readings-layout.js';
import { formatSigned } from './format.js';

/** Named loudness targets (integrated loudness, LUFS). */
export const TARGET_PRESETS: Readonly<Record<string, { lufs: number; label: string }>> = {
  'ebu-r128': { lufs: -23, label: 'EBU R128' },
  'atsc-a85': { lufs: -24, label: 'ATSC A/85' },
  streaming: { lufs: -14, label: 'Streaming (Spotify, YouTube, Amazon, Tidal)' },
  'apple-music': { lufs: -16, label: 'Apple Music' },
  deezer: { lufs: -15, label: 'Deezer' },
};

export type TargetSpec = keyof typeof TARGET_PRESETS | string | number;

/** Resolves a preset name, a number, or a numeric string ("-18") to LUFS; unknown → −23. */
export function resolveTarget(target: TargetSpec | null | undefined): { lufs: number; label: string } {
  if (typeof target === 'number' && Number.isFinite(target)) {
    return { lufs: target, label: `Custom ${formatSigned(target, 1)} LUFS` };
  }
  if (typeof target === 'string') {
    const preset = TARGET_PRESETS[target];
    if (preset) return preset;
    const n = Number(target);
    if (target.trim() !== '' && Number.isFinite(n)) return { lufs: n, label: `Custom ${formatSigned(n, 1)} LUFS` };
  }
  return TARGET_PRESETS['ebu-r128'];
}

/** Half-width of the "on target" band, LU. */
export const ON_TARGET_LU = 1;

export type Zone = 'none' | 'below' | 'on' | 'above';

/** Where a loudness reading sits against the target: within ±1 LU "on", above, below. */
export function loudnessZone(lufs: number, targetLufs: number): Zone {
  if (!(lufs > FLOOR_DB)) return 'none';
  const rel = lufs - targetLufs;
  if (rel > ON_TARGET_LU) return 'above';
  if (rel < -ON_TARGET_LU) return 'below';
  return 'on';
}

/** EBU Tech 3341 scales, relative to the target (LU). */
export const LOUDNESS_SCALES = {
  ebu9: { min: -18, max: 9, step: 3 },
  ebu18: { min: -36, max: 18, step: 6 },
} as const;
export type LoudnessScale = keyof typeof LOUDNESS_SCALES;

export function resolveScale(scale: string | null | undefined): LoudnessScale {
  return scale === 'ebu18' ? 'ebu18' : 'ebu9';
}
