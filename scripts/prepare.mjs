#!/usr/bin/env node
// npm's `prepare` hook. npm runs it after a developer's own `npm install`, where it does nothing
// (`npm start`, `npm test` and `npm pack`'s `prepack` build what they need), and when it prepares
// this repository as a git dependency (`npm install github:…/busmeter`), where the package must be
// built before npm packs it: that is the one case in which npm's directory fetcher sets
// npm_package_resolved. There it runs the same build as `prepack`.
import { execFileSync } from 'node:child_process';

if (process.env.npm_package_resolved) {
  execFileSync(process.env.npm_execpath ? process.execPath : 'npm', process.env.npm_execpath ? [process.env.npm_execpath, 'run', 'prepack'] : ['run', 'prepack'], { stdio: 'inherit' });
}
