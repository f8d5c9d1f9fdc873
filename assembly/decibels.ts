// 10·log10 for display-rate conversions of many values (spectrum points and bands), without
// the libm call: the exponent comes from the float's bits, and ln of the mantissa, moved into
// [√½, √2), from the series ln m = 2·atanh(t), t = (m − 1)/(m + 1), |t| ≤ 0.1716, to t^11:
// relative error below 2e-10 in ln m, i.e. below 1e-9 dB.

import { FLOOR_DB } from "../src/contract/readings-layout";

const LOG10_2: f64 = 0.30102999566398120;
const TEN_OVER_LN10: f64 = 4.3429448190325183;

/** A level in dB as published: FLOOR_DB at the least. */
@inline export function floored(db: f64): f64 {
  return db > FLOOR_DB ? db : FLOOR_DB;
}

/** An amplitude (a peak) in dB as published: FLOOR_DB for 0. */
@inline export function amplitudeDb(linear: f64): f64 {
  return linear > 0 ? floored(20.0 * Math.log10(linear)) : FLOOR_DB;
}

/** 10·log10(x) for x > 0 (finite, normal). */
export function powerToDb(x: f64): f64 {
  const bits = reinterpret<u64>(x);
  let exponent = <i32>((bits >> 52) & 0x7ff) - 1023;
  let m = reinterpret<f64>((bits & 0x000fffffffffffff) | 0x3ff0000000000000);
  if (m > 1.4142135623730951) {
    m *= 0.5;
    exponent++;
  }
  const t = (m - 1.0) / (m + 1.0);
  const t2 = t * t;
  const series = t * (2.0 + t2 * (2.0 / 3.0 + t2 * (2.0 / 5.0 + t2 * (2.0 / 7.0 + t2 * (2.0 / 9.0 + t2 * (2.0 / 11.0))))));
  return 10.0 * LOG10_2 * <f64>exponent + TEN_OVER_LN10 * series;
}
