// The live meter's assets: the kernel compiled once per page, the worklet module added once per
// audio context.

import wasmUrl from '../../build/busmeter.wasm?url';
import workletUrl from '../../worklet/meter-processor.ts?worker&url';
import { cspHint, describe, MeterError } from './errors.js';

/** An asset URL made absolute against the page (Vite gives root-relative URLs). */
function absolute(url: string): string {
  return new URL(url, globalThis.document?.baseURI ?? globalThis.location?.href).href;
}

let kernelModule: Promise<WebAssembly.Module> | null = null;

/**
 * The compiled kernel, compiled once per page. Streams when the server sends application/wasm,
 * else compiles from bytes. Rejects with a MeterError('module', …); a later call tries again.
 */
export function loadKernelModule(): Promise<WebAssembly.Module> {
  if (!kernelModule) {
    kernelModule = compileKernel(absolute(wasmUrl));
    kernelModule.catch(() => {
      kernelModule = null;
    });
  }
  return kernelModule;
}

async function compileKernel(url: string): Promise<WebAssembly.Module> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new MeterError('module', `could not fetch the busmeter kernel (${url}): ${describe(error)}`, { cause: error });
  }
  if (!response.ok) {
    throw new MeterError('module', `could not fetch the busmeter kernel (${url}): HTTP ${response.status}`);
  }
  const streamable = (response.headers.get('content-type') ?? '').split(';')[0].trim() === 'application/wasm';
  try {
    if (streamable && typeof WebAssembly.compileStreaming === 'function') {
      return await WebAssembly.compileStreaming(response);
    }
    return await WebAssembly.compile(await response.arrayBuffer());
  } catch (error) {
    throw new MeterError('module', `could not compile the busmeter kernel (${url}): ${describe(error)}.${cspHint(error)}`, { cause: error });
  }
}

const processorLoads = new WeakMap<BaseAudioContext, Promise<void>>();

/** Adds the meter's worklet module to `context` (once per context). Rejects with MeterError('module', …). */
export function loadMeterProcessor(context: BaseAudioContext): Promise<void> {
  let loading = processorLoads.get(context);
  if (!loading) {
    if (!context.audioWorklet) {
      return Promise.reject(new MeterError('module', 'this page cannot run an AudioWorklet: it needs a secure context (https or localhost)'));
    }
    const url = absolute(workletUrl);
    loading = context.audioWorklet.addModule(url).catch((error: unknown) => {
      processorLoads.delete(context);
      throw new MeterError('module', `could not load the busmeter worklet (${url}): ${describe(error)}.${cspHint(error)}`, { cause: error });
    });
    processorLoads.set(context, loading);
  }
  return loading;
}
