// Where browser tests save their screenshots: a scratch folder outside the repository, so a test
// run leaves the clone clean. `npm run docs:screenshots` sets BUSMETER_SCREENSHOTS=docs to
// refresh the README's pictures (docs/screenshot.png, docs/report.png) on purpose.

import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { root } from './browser.js';

/** The path to save screenshot `name` at (the folder is made). */
export function screenshotPath(name: string): string {
  const wanted = process.env.BUSMETER_SCREENSHOTS;
  const dir = wanted ? (isAbsolute(wanted) ? wanted : join(root, wanted)) : join(tmpdir(), 'busmeter-screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  console.log(`screenshot: ${path}`);
  return path;
}
