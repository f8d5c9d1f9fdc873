// Number and time formatting shared by the text report, the CSV and the plots, so every output
// writes a value the same way.

/** "-inf" for no value, else fixed decimals with an ASCII minus (greppable, as `busmeter analyze` prints). */
export function num(v: number | null, decimals = 1): string {
  if (v === null) return '-inf';
  const text = v.toFixed(decimals);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** m:ss.ss (or h:mm:ss.ss from an hour on). */
export function clock(seconds: number, decimals = 2): string {
  const total = Math.max(0, seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = (total % 60).toFixed(decimals).padStart(decimals > 0 ? 3 + decimals : 2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** 31.5 Hz, 1 kHz, 12.5 kHz. */
export function hertz(hz: number): string {
  if (hz >= 1000) return `${Number((hz / 1000).toPrecision(3))} kHz`;
  return `${Number(hz.toPrecision(3))} Hz`;
}
