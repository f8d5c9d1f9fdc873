// Which files the set holds for each song, decided from the song's id alone (so a partial build,
// a slice and the whole set name the same file the same way): the unprocessed excerpt at three
// of five plain gains, each in one of the three bit depths, plus a 16-bit file played at a
// fader's float gain, and the excerpt through a quarter of the processors (the costlier ones for
// fewer songs: see SHARE_BY_COST).

import type { Song } from './catalog.js';
import { PROCESSORS, type Cost, type Processor } from './processors.js';
import { idHash } from './split.js';
import type { BitDepth } from './wav-io.js';

export const PLAIN_PEAKS_DBFS = [-10, -6, -3, -1, -0.3] as const;
export const BIT_DEPTHS: readonly BitDepth[] = ['float', 24, 16];
export const PROCESSOR_STRIDE = 4;

/**
 * Fader gains (dB) for a 16-bit file played on a track of a floating-point mixer: its samples
 * leave the 16-bit grid, yet a hit that the song replays keeps its sample values, as a tracker
 * module's or a sampler's hits do.
 */
export const FADER_GAINS_DB = [-1.7, -2.3, -4.1] as const;

export interface PlainPlan {
  peakDbfs: number;
  bitDepth: BitDepth;
  /** For a 16-bit file played at a fader's gain: that gain (dB); the file is then written in float. */
  faderDb?: number;
}

export function plainPlan(song: Song): PlainPlan[] {
  const h = idHash(song.id);
  const plain = [0, 2, 4].map((step, j) => ({
    peakDbfs: PLAIN_PEAKS_DBFS[(h + step) % PLAIN_PEAKS_DBFS.length],
    bitDepth: BIT_DEPTHS[(h + j) % BIT_DEPTHS.length],
  }));
  const faded: PlainPlan = {
    peakDbfs: PLAIN_PEAKS_DBFS[(h + 1) % PLAIN_PEAKS_DBFS.length],
    bitDepth: 16,
    faderDb: FADER_GAINS_DB[(h >>> 4) % FADER_GAINS_DB.length],
  };
  return [...plain, faded];
}

/** The bit depth a plain plan's file is written in: float for a 16-bit file at a fader's gain. */
export function plainFileDepth(plan: PlainPlan): BitDepth {
  return plan.faderDb === undefined ? plan.bitDepth : 'float';
}

/** The file name (without folder) of a plain plan, and the part of an entry's id after the song. */
export function plainName(plan: PlainPlan): string {
  const depth = plan.bitDepth === 'float' ? 'float' : `${plan.bitDepth}bit`;
  return `${plan.peakDbfs}dB_${depth}${plan.faderDb === undefined ? '' : `_fader${plan.faderDb}dB`}`;
}

/** Of the songs, the share that goes through the processors of each cost. */
export const SHARE_BY_COST: Record<Cost, number> = { fast: 1, medium: 1 / 2, slow: 1 / 10 };

export function processorPlan(song: Song, costs: readonly Cost[] = ['fast', 'medium', 'slow']): Processor[] {
  const h = idHash(song.id);
  const picked = (cost: Cost) => costs.includes(cost) && ((h >>> 8) % 1000) / 1000 < SHARE_BY_COST[cost];
  return PROCESSORS.filter((p, s) => (s + h) % PROCESSOR_STRIDE === 0 && picked(p.cost));
}

/** How much of the set a build makes: `npm run eval:detector`'s --fast-only, --no-slow and --unprocessed-only. */
export interface BuildScope {
  fastOnly?: boolean;
  noSlow?: boolean;
  /** Only the unprocessed excerpts: the false-alarm side, which a fresh machine renders in about half an hour where the processed files take hours. */
  unprocessedOnly?: boolean;
}

/**
 * The processors of each phase of a build, in order: the fast ones for every song first, so that
 * a stopped build leaves every song and style, then the medium and the slow ones. With
 * unprocessedOnly, one phase that plans no processor (the build still makes each song's plain files).
 */
export function buildPhases(scope: BuildScope = {}): ((song: Song) => Processor[])[] {
  if (scope.unprocessedOnly) return [() => []];
  const phases = [(song: Song) => processorPlan(song, ['fast'])];
  if (!scope.fastOnly) phases.push((song: Song) => processorPlan(song, ['fast', 'medium']));
  if (!scope.fastOnly && !scope.noSlow) phases.push((song: Song) => processorPlan(song));
  return phases;
}

/** The bit depth a processed file is written in: spread like the plain ones, float when it peaks above full scale. */
export function processedBitDepth(song: Song, processor: Processor, peak: number): BitDepth {
  if (peak >= 1) return 'float';
  return BIT_DEPTHS[(idHash(song.id) + idHash(processor.id)) % BIT_DEPTHS.length];
}
