// The kernel needs WebAssembly SIMD; where an engine lacks it, the meter's error says so in words
// (src/live/wasm-simd.ts) instead of the engine's bare "invalid opcode".

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { hasWasmSimd, SIMD_PROBE, simdHint } from '../src/live/wasm-simd.js';

it('the SIMD probe is a valid module on an engine with SIMD (Node 20), and the kernel itself needs SIMD', () => {
  expect(WebAssembly.validate(SIMD_PROBE)).toBe(true);
  expect(hasWasmSimd()).toBe(true);
  // The probe's v128.const, with its SIMD prefix (0xfd) replaced by an unassigned opcode, is not a
  // module: what an engine without SIMD sees in the probe and in the kernel alike.
  const withoutSimd = SIMD_PROBE.slice();
  withoutSimd[withoutSimd.indexOf(0xfd)] = 0xff;
  expect(WebAssembly.validate(withoutSimd)).toBe(false);
  expect(hasWasmSimd((bytes) => WebAssembly.validate(bytes === SIMD_PROBE ? withoutSimd : bytes))).toBe(false);
  const kernel = readFileSync(join(import.meta.dirname, '..', 'build', 'busmeter.wasm'));
  expect(kernel.includes(Buffer.from([0xfd]))).toBe(true);
});

it('says in words what a browser without SIMD needs, and nothing where it has SIMD', () => {
  expect(simdHint(true)).toBe('');
  expect(simdHint(false)).toBe(" This browser's WebAssembly has no SIMD, which the busmeter kernel needs: use Chrome or Edge 91, Firefox 89, Safari 16.4 or later.");
  expect(hasWasmSimd(() => { throw new Error('no validate'); })).toBe(false);
});
