// The house keeps its shape: imports run only down the map in the README ("Project layout"),
// no files import each other in a circle, and every relative import names a file. The checker
// (tests/support/import-rules.ts) is shown to catch a wrong-way import, a circle and a broken
// path on small fixture houses written here.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectHouse } from './support/import-rules.js';

const root = join(import.meta.dirname, '..');

describe('the house', () => {
  const report = inspectHouse(root);

  it('reads the sources', () => {
    expect(report.files).toBeGreaterThan(100);
    expect(report.edges.length).toBeGreaterThan(300);
  });

  it('has every file in a room', () => {
    expect(report.homeless).toEqual([]);
  });

  it('imports only down the map', () => {
    expect(report.wrongWay).toEqual([]);
  });

  it('has no circle', () => {
    expect(report.circles).toEqual([]);
  });

  it('imports only files that exist (build/ excepted, made by the build)', () => {
    expect(report.unresolved).toEqual([]);
  });
});

describe('the checker', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'busmeter-house-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  function house(name: string, files: Record<string, string>): string {
    const dir = join(scratch, name);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  }

  const good = {
    'src/contract/layout.ts': 'export const N = 1;\n',
    'src/engine/kernel.ts': "import { N } from '../contract/layout.js';\nexport const K = N;\n",
    'src/live/meter.ts': "import { K } from '../engine/kernel.js';\nimport wasm from '../../build/k.wasm?url';\nexport const M = K + wasm.length;\n",
  };

  it('passes a house built by the rules', () => {
    const r = inspectHouse(house('good', good));
    expect(r).toMatchObject({ files: 3, wrongWay: [], circles: [], unresolved: [], homeless: [] });
    expect(r.edges).toHaveLength(2);
  });

  it('fails an import against the arrows (the engine importing the live meter, type-only too)', () => {
    const r = inspectHouse(house('wrong-way', {
      ...good,
      'src/engine/kernel.ts': "import { N } from '../contract/layout.js';\nimport type { M } from '../live/meter.js';\nexport const K = N;\n",
    }));
    expect(r.wrongWay).toEqual(['src/engine/kernel.ts → src/live/meter.ts (engine may not import live)']);
    expect(r.circles).toEqual([['src/engine/kernel.ts', 'src/live/meter.ts']]);
  });

  it('fails a circle inside one room', () => {
    const r = inspectHouse(house('circle', {
      ...good,
      'src/offline/a.ts': "export { b } from './b.js';\nexport const a = 1;\n",
      'src/offline/b.ts': "import { a } from './a.js';\nexport const b = a;\n",
    }));
    expect(r.wrongWay).toEqual([]);
    expect(r.circles).toEqual([['src/offline/a.ts', 'src/offline/b.ts']]);
  });

  it('fails an import that names no file, and a file in no room', () => {
    const r = inspectHouse(house('broken', {
      ...good,
      'src/live/meter.ts': "import wasm from '../build/k.wasm?url';\nexport const M = wasm;\n",
      'src/stray.ts': 'export const s = 1;\n',
    }));
    expect(r.unresolved).toEqual(["src/live/meter.ts: '../build/k.wasm?url' names no file"]);
    expect(r.homeless).toEqual(['src/stray.ts']);
  });
});
