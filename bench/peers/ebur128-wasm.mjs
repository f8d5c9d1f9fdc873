// ebur128-wasm (npm): the Rust `ebur128` crate compiled to WebAssembly. It exposes whole-buffer
// integrated loudness and true peak only: no momentary/short-term, no LRA, no streaming.
//
// Its glue is built for bundlers (`import * as wasm from './ebur128_wasm_bg.wasm'`), which plain
// Node cannot load, so this module instantiates the .wasm itself and hands the instance to the
// package's own glue code, loaded with that one import line replaced.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const NAME = 'ebur128-wasm';
export const MEASURES = 'I + TP only';

/** Loads the package; returns { version, integratedStereo, truePeakStereo }. Throws if missing. */
export async function load() {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('ebur128-wasm/package.json');
  const root = dirname(packageJson);
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8'));
  const glueSource = readFileSync(join(root, 'ebur128_wasm_bg.js'), 'utf8');
  const importLine = "import * as wasm from './ebur128_wasm_bg.wasm';";
  if (!glueSource.includes(importLine)) throw new Error(`ebur128-wasm ${version}: unexpected glue code (no "${importLine}")`);
  const patched = glueSource.replace(importLine, 'let wasm; export function __benchSetWasm(exports) { wasm = exports; }');
  const glue = await import(`data:text/javascript;base64,${Buffer.from(patched).toString('base64')}`);
  const { instance } = await WebAssembly.instantiate(readFileSync(join(root, 'ebur128_wasm_bg.wasm')), {
    './ebur128_wasm_bg.js': glue,
  });
  glue.__benchSetWasm(instance.exports);
  return {
    version,
    /** Integrated loudness, LUFS. */
    integratedStereo: (sampleRate, left, right) => glue.ebur128_integrated_stereo(sampleRate, left, right),
    /** Highest true peak of either channel, dBTP (the package returns decibels). */
    truePeakStereo: (sampleRate, left, right) => glue.ebur128_true_peak_stereo(sampleRate, left, right),
  };
}

/** One whole-buffer measurement of what the package can measure: { integrated, truePeak }. */
export function measure(peer, sampleRate, [left, right]) {
  const integrated = peer.integratedStereo(sampleRate, left, right);
  const truePeak = peer.truePeakStereo(sampleRate, left, right);
  return { integrated, truePeak };
}
