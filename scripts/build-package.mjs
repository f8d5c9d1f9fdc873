#!/usr/bin/env node
// Builds the package in dist/ (the kernel must be built first: `npm run build:kernel`): the Node
// entry and the CLI (tsc -p tsconfig.node.json: dist/node.js, dist/offline/cli.js, declarations)
// and the browser entry in dist/browser/:
//   busmeter.js          src/index.ts as one ES module; Lit stays an import (a dependency)
//   meter-processor.js   the AudioWorklet processor, self-contained
//   paint-worker.js      the paint worker, self-contained
//   busmeter.wasm        the kernel
//   types/               the declarations (tsc, checked without Vite's or Node's types)
// busmeter.js finds the other three files beside itself with new URL('./file', import.meta.url)
// (src/live/asset-urls.published.ts and src/paint/paint-worker-url.published.ts take the places
// of the Vite-only asset-urls.ts and paint-worker-url.ts).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const out = join(dist, 'browser');
const tsc = (project) => execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(root, project)], { cwd: root, stdio: 'inherit' });
const wasm = join(root, 'build', 'busmeter.wasm');
if (!existsSync(wasm)) throw new Error(`${wasm} is missing: run "npm run build:kernel" first`);

rmSync(dist, { recursive: true, force: true });
tsc('tsconfig.node.json');
mkdirSync(out, { recursive: true });

/** Points the entry's asset URLs at the files beside the built module (src/live/asset-urls.ts, src/paint/paint-worker-url.ts). */
const publishedAssetUrls = {
  name: 'published-asset-urls',
  setup(b) {
    b.onResolve({ filter: /^\.\/(asset-urls|paint-worker-url)\.js$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace(/\.js$/, '.published.ts')),
    }));
  },
};

const common = { bundle: true, format: 'esm', platform: 'browser', target: 'es2022', logLevel: 'warning', legalComments: 'none' };
await Promise.all([
  build({ ...common, entryPoints: [join(root, 'src', 'index.ts')], outfile: join(out, 'busmeter.js'), external: ['lit'], plugins: [publishedAssetUrls], tsconfig: join(root, 'tsconfig.json') }),
  build({ ...common, entryPoints: [join(root, 'worklet', 'meter-processor.ts')], outfile: join(out, 'meter-processor.js'), tsconfig: join(root, 'worklet', 'tsconfig.json') }),
  build({ ...common, entryPoints: [join(root, 'src', 'paint', 'paint-worker.ts')], outfile: join(out, 'paint-worker.js'), tsconfig: join(root, 'tsconfig.json') }),
]);
copyFileSync(wasm, join(out, 'busmeter.wasm'));
tsc('tsconfig.browser.json');
