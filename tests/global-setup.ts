// Builds the kernel once for the whole run when the WASM file is missing or older than its
// sources (the release build takes seconds: no test file rebuilds it).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EBU_DIR, EBU_TEST_SET_MISSING } from './support/ebu-test-set.js';

const root = join(import.meta.dirname, '..');
const wasm = join(root, 'build', 'busmeter.wasm');

function newestSource(): number {
  const sources = [
    ...readdirSync(join(root, 'assembly')).filter((f) => f.endsWith('.ts')).map((f) => join(root, 'assembly', f)),
    join(root, 'src', 'contract', 'readings-layout.ts'),
    join(root, 'asconfig.json'),
  ];
  return Math.max(...sources.map((f) => statSync(f).mtimeMs));
}

export default function setup(): void {
  if (!EBU_DIR) console.log(`\n${EBU_TEST_SET_MISSING}\n`);
  if (!existsSync(wasm) || statSync(wasm).mtimeMs < newestSource()) {
    execFileSync(join(root, 'node_modules', '.bin', 'asc'), ['assembly/index.ts', '--target', 'release'], { cwd: root, stdio: 'inherit' });
  }
}
