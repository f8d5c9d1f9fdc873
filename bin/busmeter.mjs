#!/usr/bin/env node
// The busmeter CLI; the TypeScript sources are compiled to dist/ by `npm run build:node` (and `npm pack`).
import { endQuietlyOnClosedOutput, main } from '../dist/offline/cli.js';

endQuietlyOnClosedOutput(process.stdout);
const code = await main(process.argv.slice(2));
process.exitCode = code;
// A read that stalled (and was given up) may still hold the event loop open: end regardless.
setTimeout(() => process.exit(code), 1000).unref();
