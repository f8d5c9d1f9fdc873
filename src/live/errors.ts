// The live meter's errors: where they came from, and what to tell the user.

import type { MeterErrorDetail } from './meter-types.js';

/** An error with the place it came from, as in MeterErrorDetail. Rejections of createMeter are MeterErrors. */
export class MeterError extends Error {
  readonly where: MeterErrorDetail['where'];

  constructor(where: MeterErrorDetail['where'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MeterError';
    this.where = where;
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function cspHint(error: unknown): string {
  return /Content Security Policy|unsafe-eval/i.test(describe(error))
    ? " The page's Content Security Policy blocks WebAssembly: add 'wasm-unsafe-eval' to script-src."
    : '';
}
