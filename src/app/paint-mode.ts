// `?paint=main` draws the app's meters on the main thread instead of in the paint worker
// (src/paint/live-canvas.ts): to compare the two (`npm run bench` does) or to debug.
// Imported first by main.ts, so it takes effect before any meter makes its canvases.

import { configurePainting } from '../paint/live-canvas.js';

if (new URLSearchParams(location.search).get('paint') === 'main') configurePainting({ worker: false });
