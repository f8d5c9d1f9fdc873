// Where the meter's three prebuilt files are found by default, as this repository runs its code:
// through Vite (the dev server and the app's build compile the worklet and the paint worker on
// request). The published package replaces this module with asset-urls.published.ts, which
// finds the same files beside the package's compiled module (scripts/build-package.mjs).

import kernelUrl from '../../build/busmeter.wasm?url';
import workletUrl from '../../worklet/meter-processor.ts?worker&url';
import paintWorkerUrl from '../paint/paint-worker.ts?worker&url';
import type { AssetUrlDefaults } from './asset-urls.published.js';

export const defaultAssetUrls: AssetUrlDefaults = {
  kernel: () => kernelUrl,
  worklet: () => workletUrl,
  paintWorker: () => paintWorkerUrl,
};
