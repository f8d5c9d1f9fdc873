#!/usr/bin/env node
// `npm test`: builds the kernel and the Node/CLI output, type-checks, runs every Vitest file and prints the
// closing line CI reads ("N passed, N failed"). Fails when a test failed or when none ran.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run(bin('asc'), ['assembly/index.ts', '--target', 'release']);
run(bin('tsc'), ['-p', 'tsconfig.node.json']);
// Type errors fail the run too: the app, the tests and the worklet (its own lib) are checked.
run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
run(bin('tsc'), ['-p', 'worklet/tsconfig.json', '--noEmit']);

const reportDir = mkdtempSync(join(tmpdir(), 'busmeter-vitest-'));
const report = join(reportDir, 'report.json');
const vitest = spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
  skipped = results.numPendingTests + results.numTodoTests;
  // A file that failed to load has no tests but must still fail the run.
  for (const file of results.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1;
  }
} catch (error) {
  console.error(`no Vitest report (${error.message})`);
  failed += 1;
}
rmSync(reportDir, { recursive: true, force: true });

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (failed > 0 || passed === 0 || vitest.status !== 0) process.exit(1);
