// How the meters write a level: typographic minus, fixed decimals, "−∞" / "—" for no value.
// DOM-free, so components, the report and the CLI can share it.

import { FLOOR_DB } from '../contract/readings-layout.js';

const MINUS = '\u2212';

/** "−12.3", "+0.4" with a typographic minus; "−∞" at the floor. */
export function formatSigned(value: number, digits = 1, plus = false): string {
  if (!(value > FLOOR_DB)) return `${MINUS}\u221e`;
  const fixed = Math.abs(value).toFixed(digits);
  const isZero = Number(fixed) === 0;
  if (value < 0 && !isZero) return MINUS + fixed;
  return (plus && !isZero ? '+' : '') + fixed;
}

/** Like formatSigned, but "—" when there is no value yet (integrated loudness before a gated block). */
export function formatReading(value: number, digits = 1, plus = false): string {
  return value > FLOOR_DB ? formatSigned(value, digits, plus) : '\u2014';
}

/** Value for a `data-value` attribute: the number with 2 decimals, or "-inf". */
export function dataValue(value: number): string {
  return value > FLOOR_DB ? value.toFixed(2) : '-inf';
}
