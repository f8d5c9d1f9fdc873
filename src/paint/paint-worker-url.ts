// Where the paint worker is found by default, as this repository runs its code: through Vite,
// which compiles the worker on request. The published package replaces this module with
// paint-worker-url.published.ts (scripts/build-package.mjs), as it does src/live/asset-urls.ts.

import paintWorkerUrl from './paint-worker.ts?worker&url';

export const defaultPaintWorkerUrl = (): string => paintWorkerUrl;
