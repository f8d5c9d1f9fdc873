// The URLs of the meter's prebuilt files: the defaults (asset-urls.ts, replaced in the published
// package) and the page's choice of paint worker, which the meter's options and
// configurePainting() set and the paint relay reads when it starts its worker.

import { defaultAssetUrls } from './asset-urls.js';

export { defaultAssetUrls };

let paintWorker: string | URL | undefined;

/** Sets the paint worker's URL for a worker not started yet (undefined: back to the default). */
export function setPaintWorkerUrl(url: string | URL | undefined): void {
  paintWorker = url;
}

/** The URL the paint worker starts from. */
export function paintWorkerUrl(): string | URL {
  return paintWorker ?? defaultAssetUrls.paintWorker();
}
