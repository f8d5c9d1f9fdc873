// Coach targets: a range (never a line) for each broad band's share of the balance, the low end
// and the dynamics. Built-in style targets are derived by the project from released recordings
// (style-targets.ts, written by `npm run coach:targets`); a target can also be built from one or
// more reference files. DOM-free.

import { BROAD_BANDS, balanceOf, type CoachMeasurement } from './measure.js';

export interface Range { low: number; high: number }

export interface CoachTarget {
  id: string;
  label: string;
  /** Where the numbers come from, in words. */
  source: string;
  /** Range of each broad band's balance (level − mean of the four, dB), BROAD_BANDS order. */
  balanceDb: Range[];
  /** Highest energy below 30 Hz relative to the low band, dB. */
  subToLowMaxDb: number;
  /** Widest low end (side-to-mid below ~90 Hz), dB. */
  lowSideToMidMaxDb: number;
  psrDb: Range;
  /** Range of the momentary loudness spread (CoachMeasurement.movementLu), LU. */
  movementLu: Range;
  loudnessRangeLu: Range;
  /** True for a target built from references: the findings then speak of "the reference". */
  fromReference: boolean;
}

/** How far around a reference's own values its target reaches (see targetFromReferences). */
export const REFERENCE_TOLERANCE = {
  /** ± dB around the references' balance in each broad band. */
  balanceDb: 1,
  /** dB above the references' sub energy. */
  subDb: 4,
  /** dB above the references' low-end width. */
  lowWidthDb: 3,
  /** dB below and above the references' PSR. */
  psrBelowDb: 3,
  psrAboveDb: 4,
  /** Least share of the references' momentary loudness spread (heavy compression flattens it below this). */
  movementShare: 0.5,
  /** LU (or half the reference's LRA, whichever is more) either side of the references' LRA. */
  lraLu: 3,
} as const;

/** Widest low end a style target allows, dB (side within 10 dB of mid): bass belongs in the centre. */
export const LOW_WIDTH_ALWAYS_DB = -10;

/**
 * A target built from reference measurements: each value's range spans the references and a
 * tolerance around them (REFERENCE_TOLERANCE), so the references themselves raise no finding.
 */
export function targetFromReferences(references: readonly CoachMeasurement[], label = 'your reference'): CoachTarget {
  if (references.length === 0) throw new Error('targetFromReferences needs at least one reference');
  const t = REFERENCE_TOLERANCE;
  const balances = references.map((r) => balanceOf(r.bandsDb));
  const span = (values: number[]) => ({ low: Math.min(...values), high: Math.max(...values) });
  const balanceDb = BROAD_BANDS.map((_, k) => {
    const s = span(balances.map((b) => b[k]));
    return { low: s.low - t.balanceDb, high: s.high + t.balanceDb };
  });
  const numbers = (pick: (m: CoachMeasurement) => number | null) => references.map(pick).filter((v): v is number => v !== null);
  const sub = numbers((m) => m.subToLowDb);
  const width = numbers((m) => m.lowSideToMidDb);
  const psr = numbers((m) => m.psrDb);
  const lra = numbers((m) => m.loudnessRangeLu);
  const movement = numbers((m) => m.movementLu);
  const psrSpan = psr.length ? span(psr) : { low: 0, high: 40 };
  const lraSpan = lra.length ? span(lra) : { low: 0, high: 40 };
  const lraMargin = Math.max(t.lraLu, lraSpan.high / 2);
  return {
    id: 'reference',
    label,
    source: `${references.length} reference${references.length === 1 ? '' : 's'}`,
    balanceDb,
    subToLowMaxDb: sub.length ? Math.max(...sub) + t.subDb : 0,
    lowSideToMidMaxDb: width.length ? Math.max(...width) + t.lowWidthDb : LOW_WIDTH_ALWAYS_DB,
    psrDb: { low: psrSpan.low - t.psrBelowDb, high: psrSpan.high + t.psrAboveDb },
    movementLu: movement.length ? { low: Math.min(...movement) * t.movementShare, high: Math.max(...movement) * 2 + 3 } : { low: 0, high: 60 },
    loudnessRangeLu: { low: Math.max(0, lraSpan.low - lraMargin), high: lraSpan.high + lraMargin },
    fromReference: true,
  };
}
