// The kernel in Node: the compiled WebAssembly module (read from build/ once per process) and
// fresh MeterKernel instances of it. Everything in src/offline measures through these, and the
// Node entry (src/node.ts) re-exports them.

import { readFileSync } from 'node:fs';
import { MeterKernel } from '../engine/kernel.js';
import type { LayoutSpec } from '../engine/layouts.js';

let kernelModule: WebAssembly.Module | undefined;

/** The compiled kernel (compiled once per process). */
export function kernelModuleSync(): WebAssembly.Module {
  if (!kernelModule) {
    const url = new URL('../../build/busmeter.wasm', import.meta.url);
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(readFileSync(url));
    } catch (error) {
      throw new Error(`busmeter kernel not built (${url.pathname} missing): run "npm run build:kernel"`, { cause: error });
    }
    kernelModule = new WebAssembly.Module(bytes);
  }
  return kernelModule;
}

export function createKernel(sampleRate: number, layout: LayoutSpec = 'stereo'): MeterKernel {
  return new MeterKernel(new WebAssembly.Instance(kernelModuleSync(), {}), sampleRate, layout);
}
