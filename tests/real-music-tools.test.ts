// The real-music set's renders run third-party programs (tests/real-music/tools.ts). A Qt program
// ended by a signal (LMMS once was, at 97 % of a render, with two builds side by side) is run once
// more; one that exits with a status is not, and the error names how it ended.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runQtTool, runTool, ToolError } from './real-music/tools.js';

let folder = '';
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** A shell script that ends itself with `ending` on its first run and prints `done` on its second. */
function failingOnce(ending: string): string[] {
  folder = mkdtempSync(join(tmpdir(), 'busmeter-tools-'));
  const mark = join(folder, 'ran');
  return ['-c', `if [ -e '${mark}' ]; then echo done; else touch '${mark}'; ${ending}; fi`];
}

it('runs a Qt program ended by a signal once more', () => {
  expect(runQtTool('sh', failingOnce('kill -SEGV $$')).toString().trim()).toBe('done');
});

it('does not run a Qt program again that exited with a status, and names the status', () => {
  expect(() => runQtTool('sh', failingOnce('exit 3'))).toThrow(/exited with 3/);
});

it('names the signal that ended a program', () => {
  let error: unknown;
  try {
    runTool('sh', failingOnce('kill -ABRT $$'));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ToolError);
  expect((error as ToolError).message).toMatch(/was ended by SIGABRT/);
  expect((error as ToolError).signal).toBe('SIGABRT');
});
