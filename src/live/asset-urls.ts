// Where the meter's kernel and worklet are found by default, as this repository runs its code:
// through Vite (the dev server and the app's build compile the worklet on request; the paint
// worker's URL is src/paint/paint-worker-url.ts). The published package replaces this module with asset-urls.published.ts, which
// finds the same files beside the package's compiled module (scripts/build-package.mjs).

import kernelUrl from '../../build/busmeter.wasm?url';
import workletUrl from '../../worklet/meter-processor.ts?worker&url';
import type { AssetUrlDefaults } from './asset-urls.published.js';

export const defaultAssetUrls: AssetUrlDefaults = {
  kernel: () => kernelUrl,
  worklet: () => workletUrl,
};
