// What the detector says: its states and its verdict.

export type MasteringState = 'off' | 'suspected' | 'on';
export type MasteringKind = 'limiter' | 'clipper' | 'dynamics';

export interface MasteringVerdict {
  state: MasteringState;
  /** 0…1: how strongly the signal shows mastering processing (smoothed). */
  confidence: number;
  /** Evidence in plain words; empty when there is none. */
  reasons: string[];
  /** What the evidence points at most, or null. */
  kind: MasteringKind | null;
  /** The ceiling the peaks stop at (dBTP), when there is one. */
  ceilingDbtp: number | null;
}

/** The verdict before any evidence (a new object each time: verdicts are handed out). */
export function offVerdict(): MasteringVerdict {
  return { state: 'off', confidence: 0, reasons: [], kind: null, ceilingDbtp: null };
}
