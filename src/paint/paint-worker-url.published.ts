// Where the paint worker is found by default in the published package: paint-worker.js beside the
// package's compiled module (see src/live/asset-urls.published.ts). In this repository:
// paint-worker-url.ts.

export const defaultPaintWorkerUrl = (): string => new URL('./paint-worker.js', import.meta.url).href;
