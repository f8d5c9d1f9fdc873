// The live meter's assets: the kernel compiled once per page (and URL), the worklet module added
// once per audio context, and the paint worker's URL. Each defaults to the prebuilt file
// (asset-urls.ts, which the published package replaces with asset-urls.published.ts); the meter's
// `assets` option and configurePainting({ workerUrl }) give others.

import { defaultAssetUrls } from './asset-urls.js';
import { cspHint, describe, MeterError } from './errors.js';
import { hasWasmSimd, simdHint } from './wasm-simd.js';
import type { MeterAssets } from './meter-types.js';

/** An asset URL made absolute against the page (Vite gives root-relative URLs). */
function absolute(url: string | URL): string {
  return new URL(url, globalThis.document?.baseURI ?? globalThis.location?.href).href;
}

/** The asset URLs given to createMeter, checked: each a string or a URL. */
export function checkAssets(assets: unknown): MeterAssets {
  if (assets === undefined) return {};
  if (typeof assets !== 'object' || assets === null) throw new MeterError('module', `assets must be an object of URLs, got ${String(assets)}`);
  const known = ['kernel', 'worklet', 'paintWorker'];
  for (const [key, value] of Object.entries(assets)) {
    if (!known.includes(key)) throw new MeterError('module', `assets.${key} is not an asset (kernel, worklet, paintWorker)`);
    if (!(typeof value === 'string' || value instanceof URL)) throw new MeterError('module', `assets.${key} must be a URL or a string, got ${String(value)}`);
  }
  return assets as MeterAssets;
}

let paintWorker: string | URL | undefined;

/** Sets the paint worker's URL for a worker not started yet (undefined: back to the default). */
export function setPaintWorkerUrl(url: string | URL | undefined): void {
  paintWorker = url;
}

/** The paint worker's URL given by the page (the paint relay's default is its own, src/paint/paint-worker-url.ts). */
export function givenPaintWorkerUrl(): string | URL | undefined {
  return paintWorker;
}

const kernelModules = new Map<string, Promise<WebAssembly.Module>>();

/**
 * The compiled kernel, compiled once per page (and URL). `url` defaults to the kernel beside the
 * package's module. Streams when the server sends application/wasm, else compiles from bytes.
 * Rejects with a MeterError('module', …) naming the URL; a later call tries again.
 */
export function loadKernelModule(url: string | URL = defaultAssetUrls.kernel()): Promise<WebAssembly.Module> {
  const href = absolute(url);
  let module = kernelModules.get(href);
  if (!module) {
    module = compileKernel(href);
    module.catch(() => kernelModules.delete(href));
    kernelModules.set(href, module);
  }
  return module;
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
    throw new MeterError('module', `could not compile the busmeter kernel (${url}): ${describe(error)}.${cspHint(error)}${simdHint(hasWasmSimd())}`, { cause: error });
  }
}

const processorLoads = new WeakMap<BaseAudioContext, Promise<void>>();

/**
 * Adds the meter's worklet module to `context` (once per context: a second URL for the same context
 * is not loaded). `url` defaults to the processor beside the package's module. Rejects with
 * MeterError('module', …) naming the URL.
 */
export function loadMeterProcessor(context: BaseAudioContext, url: string | URL = defaultAssetUrls.worklet()): Promise<void> {
  let loading = processorLoads.get(context);
  if (!loading) {
    if (!context.audioWorklet) {
      return Promise.reject(new MeterError('module', 'this page cannot run an AudioWorklet: it needs a secure context (https or localhost)'));
    }
    const href = absolute(url);
    loading = context.audioWorklet.addModule(href).catch((error: unknown) => {
      processorLoads.delete(context);
      throw new MeterError('module', `could not load the busmeter worklet (${href}): ${describe(error)}.${cspHint(error)}`, { cause: error });
    });
    processorLoads.set(context, loading);
  }
  return loading;
}
