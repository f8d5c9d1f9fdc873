// The coach's findings: where a measurement sits against a target, in words, each with the number
// behind it, why it matters and what to do; ordered, most pressing first. A finding already shown
// stays until its number is back inside the range by a margin (HYSTERESIS), so a live reading
// that hovers at an edge does not make it flicker. DOM-free.

import { formatSigned } from '../format.js';
import { BROAD_BANDS, balanceOf, type BroadBand, type CoachMeasurement } from './measure.js';
import type { CoachTarget } from './targets.js';

export type FindingKind = 'balance' | 'low-end' | 'dynamics';

export interface CoachFinding {
  /** Stable identity: 'balance:low-mid:above', 'low-width', 'sub', 'squashed', 'spiky', 'wide-ranging'. */
  id: string;
  kind: FindingKind;
  band: BroadBand | null;
  direction: 'above' | 'below' | null;
  /** How far outside the range, in the unit of the number (dB or LU); orders the list. */
  severity: number;
  /** The number behind it (dB or LU, as the title says). */
  value: number;
  title: string;
  why: string;
  action: string;
}

/** How far back inside its range a shown finding's number must come before it goes, dB or LU. */
export const HYSTERESIS = { balanceDb: 0.5, widthDb: 1.5, subDb: 1.5, psrDb: 0.75, lraLu: 1 } as const;
/** A balance finding needs the band this far outside its range, dB (so a target range edge is not a tripwire). */
export const BALANCE_MARGIN_DB = 0.25;

const dB = (v: number) => `${formatSigned(Math.abs(v), 1)} dB`;

/**
 * Below this momentary-loudness spread (10th–90th percentile over the session, LU) the signal is
 * a steady tone or test signal, not a mix: a 1 kHz tone would otherwise read "high-mids 90 dB
 * above the range" and "PSR 0 dB: squashed". Released masters and mixes, however compressed,
 * move 5.5 LU or more (the style targets' lowest bound), so nothing that is music is silenced.
 */
export const STEADY_SIGNAL_LU = 0.3;

/** Whether `m` is a steady tone or test signal, about which the coach has nothing to say. */
export function isSteadySignal(m: CoachMeasurement): boolean {
  return m.movementLu !== null && m.movementLu < STEADY_SIGNAL_LU;
}

/**
 * The findings of `m` against `target`, most pressing first. `shown` holds the ids of the
 * findings shown now: those are kept until their number is HYSTERESIS back inside the range.
 */
export function coachFindings(m: CoachMeasurement, target: CoachTarget, shown: ReadonlySet<string> = new Set()): CoachFinding[] {
  const findings: CoachFinding[] = [];
  if (isSteadySignal(m)) return findings;
  const ref = target.fromReference ? target.label : `the range for ${target.label}`;
  const margin = (id: string, h: number) => (shown.has(id) ? -h : 0);

  // ---- Tonal balance: each band's place against the range centre, with the overall tilt of the
  // four (their median offset) taken out, so one band that moved is named alone.
  if (m.bandsDb.every((v) => v > -150)) {
    const balance = balanceOf(m.bandsDb);
    const centres = target.balanceDb.map((r) => (r.low + r.high) / 2);
    const offsets = balance.map((b, k) => b - centres[k]);
    const sorted = [...offsets].sort((a, b) => a - b);
    const level = (sorted[1] + sorted[2]) / 2;
    BROAD_BANDS.forEach((spec, k) => {
      const position = offsets[k] - level;
      const half = (target.balanceDb[k].high - target.balanceDb[k].low) / 2;
      const above = position - half;
      const below = -position - half;
      for (const [direction, excess] of [['above', above], ['below', below]] as const) {
        const id = `balance:${spec.id}:${direction}`;
        if (excess > BALANCE_MARGIN_DB + margin(id, HYSTERESIS.balanceDb)) {
          const up = direction === 'above';
          findings.push({
            id, kind: 'balance', band: spec.id, direction, severity: Math.max(0, excess), value: up ? excess : -excess,
            title: `The ${spec.name} sit ${dB(excess)} ${up ? 'above' : 'below'} ${ref}.`,
            why: up
              ? `Too much energy in the ${spec.name} ${spec.id === 'low' ? 'eats the headroom and makes the mix boom on big speakers' : spec.id === 'high' ? 'sounds harsh and tiring, and brings out hiss and sibilance' : spec.id === 'low-mid' ? 'makes the mix muddy and boxy' : 'makes the mix honky or harsh at volume'}.`
              : `Too little energy in the ${spec.name} ${spec.id === 'low' ? 'makes the mix thin on full-range speakers' : spec.id === 'high' ? 'makes the mix dull and distant' : spec.id === 'low-mid' ? 'leaves the mix without body and warmth' : 'pushes the vocal and the leads back'}.`,
            action: `Try ${up ? spec.cutAdvice : spec.boostAdvice}.`,
          });
        }
      }
    });
  }

  // ---- Low end: a wide bass and energy below 30 Hz.
  if (m.lowSideToMidDb !== null && m.lowCorrelation !== null) {
    const id = 'low-width';
    const excess = m.lowSideToMidDb - target.lowSideToMidMaxDb;
    if (excess > margin(id, HYSTERESIS.widthDb)) {
      findings.push({
        id, kind: 'low-end', band: 'low', direction: 'above', severity: Math.max(0, excess), value: m.lowSideToMidDb,
        title: `The bass below 120 Hz is not mono: its side sits ${dB(m.lowSideToMidDb)} ${m.lowSideToMidDb < 0 ? 'below' : 'above'} its mid (correlation ${m.lowCorrelation.toFixed(2)}), ${dB(excess)} wider than ${ref}.`,
        why: 'A wide low end loses level and punch when summed to mono (clubs, phones, vinyl), and cuts a lacquer badly.',
        action: 'Make the lows mono: a mid/side EQ or a "mono below 120 Hz" utility on the bus, or pan the bass and kick to the centre and check stereo widening effects.',
      });
    }
  }
  if (m.subToLowDb > -150) {
    const id = 'sub';
    const excess = m.subToLowDb - target.subToLowMaxDb;
    if (excess > margin(id, HYSTERESIS.subDb)) {
      findings.push({
        id, kind: 'low-end', band: 'low', direction: 'above', severity: Math.max(0, excess), value: m.subToLowDb,
        title: `Energy below 30 Hz sits ${dB(m.subToLowDb)} ${m.subToLowDb < 0 ? 'below' : 'above'} the lows, ${dB(excess)} more than ${ref}.`,
        why: 'Sub-sonic energy is hardly heard but takes headroom, moves speaker cones and pushes a limiter into working for nothing.',
        action: 'High-pass the bus or the bass parts at 25–30 Hz (a steep filter), and look for rumble or DC in the sources.',
      });
    }
  }

  // ---- Dynamics: squashed (PSR or the moment-to-moment movement below the range), spiky (PSR
  // above it), very wide-ranging (LRA above it).
  const psrLow = m.psrDb === null ? -Infinity : target.psrDb.low - m.psrDb;
  // The movement depends on the arrangement as much as on compression: judged against references only.
  const moveLow = m.movementLu === null || !target.fromReference ? -Infinity : target.movementLu.low - m.movementLu;
  const squashMargin = margin('squashed', HYSTERESIS.psrDb);
  if (psrLow > squashMargin || moveLow > squashMargin) {
    const byPsr = psrLow > squashMargin;
    const number = byPsr ? `PSR ${m.psrDb!.toFixed(1)} dB, ${dB(psrLow)} below ${ref} (${target.psrDb.low.toFixed(1)}–${target.psrDb.high.toFixed(1)} dB)` : `the loudness hardly moves (momentary spread ${m.movementLu!.toFixed(1)} LU, at least ${target.movementLu.low.toFixed(1)} LU in ${ref})`;
    findings.push({
      id: 'squashed', kind: 'dynamics', band: null, direction: 'below', severity: Math.max(0, psrLow, moveLow), value: byPsr ? m.psrDb! : m.movementLu!,
      title: `The dynamics are squashed: ${number}.`,
      why: 'A mix that is already this dense leaves the mastering nothing to work with, and loudness normalisation turns it down anyway: it will sound smaller than the others.',
      action: 'Ease the bus compressor and any limiter (less ratio, a higher threshold, a slower attack, a longer release), and let the transients and the phrases breathe.',
    });
  } else if (m.psrDb !== null && m.psrDb - target.psrDb.high > margin('spiky', HYSTERESIS.psrDb)) {
    const high = m.psrDb - target.psrDb.high;
    findings.push({
      id: 'spiky', kind: 'dynamics', band: null, direction: 'above', severity: high, value: m.psrDb,
      title: `The peaks stand far above the body: PSR ${m.psrDb.toFixed(1)} dB, ${dB(high)} above ${ref}.`,
      why: 'Very spiky material needs a lot of limiting to reach streaming loudness, or plays quiet next to other tracks.',
      action: 'Tame the loudest transients (drum bus compression, a clipper on the drums) before the master.',
    });
  }
  if (m.loudnessRangeLu !== null) {
    const high = m.loudnessRangeLu - target.loudnessRangeLu.high;
    if (high > margin('wide-ranging', HYSTERESIS.lraLu)) {
      findings.push({
        id: 'wide-ranging', kind: 'dynamics', band: null, direction: 'above', severity: high, value: m.loudnessRangeLu,
        title: `The mix is very wide-ranging: LRA ${m.loudnessRangeLu.toFixed(1)} LU, ${formatSigned(high, 1)} LU above ${ref}.`,
        why: 'The quiet passages will be lost in a car or on a phone, and the loud ones jump out.',
        action: 'Ride the levels of the quiet and loud sections (automation) before reaching for a compressor.',
      });
    }
  }
  return findings.sort((a, b) => b.severity - a.severity);
}

/** The strongest tonal-balance finding, if any (what the evaluation checks). */
export function strongestBalance(findings: readonly CoachFinding[]): CoachFinding | null {
  return findings.find((f) => f.kind === 'balance') ?? null;
}
