#!/usr/bin/env node
// The busmeter CLI; the TypeScript sources are compiled to dist/ by `npm install` (prepare).
import { main } from '../dist/offline/cli.js';

process.exitCode = await main(process.argv.slice(2));
