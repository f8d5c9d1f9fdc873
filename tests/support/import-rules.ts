// The house rules for imports (README, "Project layout"): which room may import which, no file
// circles, and every relative import resolving to a file. Read with the TypeScript API from the
// sources themselves; tests/imports.test.ts runs it on the repository and on broken fixtures.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

/** A room: the files under `path` (a folder, or one file). Longest path wins. */
export interface Room {
  name: string;
  path: string;
  /** Rooms this room may import (it may always import itself). */
  mayImport: readonly string[];
  /** Rooms whose files this room may load as a script URL only (`?url`, `?worker&url`): no code of theirs runs here. */
  mayLoad?: readonly string[];
}

export const ROOMS: readonly Room[] = [
  { name: 'assembly', path: 'assembly', mayImport: ['contract'] },
  { name: 'worklet', path: 'worklet', mayImport: ['engine', 'transport', 'contract'] },
  { name: 'contract', path: 'src/contract', mayImport: [] },
  { name: 'signals', path: 'src/signals', mayImport: [] },
  { name: 'engine', path: 'src/engine', mayImport: ['contract'] },
  { name: 'transport', path: 'src/transport', mayImport: ['engine', 'contract'] },
  { name: 'rules', path: 'src/rules', mayImport: ['engine', 'contract'] },
  { name: 'live', path: 'src/live', mayImport: ['transport', 'engine', 'contract'], mayLoad: ['worklet'] },
  { name: 'paint', path: 'src/paint', mayImport: ['live', 'contract'] },
  { name: 'components/base', path: 'src/components/base', mayImport: ['paint', 'live', 'rules', 'engine', 'contract'] },
  { name: 'components', path: 'src/components', mayImport: ['components/base', 'paint', 'live', 'rules', 'engine', 'contract'] },
  { name: 'offline', path: 'src/offline', mayImport: ['rules', 'engine', 'contract'] },
  { name: 'app', path: 'src/app', mayImport: ['components', 'components/base', 'paint', 'live', 'rules', 'offline', 'engine', 'transport', 'contract', 'signals'] },
  { name: 'browser entry', path: 'src/index.ts', mayImport: ['components', 'components/base', 'paint', 'live', 'rules', 'engine', 'transport', 'contract'] },
  { name: 'node entry', path: 'src/node.ts', mayImport: ['offline', 'rules', 'engine', 'contract'] },
];

/** Folders read for imports (tests/ and bench/ may import anything and are not checked). */
export const CHECKED = ['assembly', 'worklet', 'src'];

/** Paths that exist only after a build (imports into them are not required to exist yet). */
export const GENERATED = ['build/'];

export interface ImportEdge {
  from: string;
  to: string;
  specifier: string;
}

export interface HouseReport {
  files: number;
  edges: ImportEdge[];
  /** Imports against the map: "src/engine/x.ts → src/live/y.ts (engine may not import live)". */
  wrongWay: string[];
  /** Relative imports that resolve to no file. */
  unresolved: string[];
  /** Files in rooms of no name. */
  homeless: string[];
  /** Each circle as its files, in order. */
  circles: string[][];
}

export function roomOf(file: string, rooms: readonly Room[] = ROOMS): Room | undefined {
  let best: Room | undefined;
  for (const room of rooms) {
    if (file === room.path || file.startsWith(`${room.path}/`)) {
      if (!best || room.path.length > best.path.length) best = room;
    }
  }
  return best;
}

function listSources(root: string, folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(join(root, dir))) return;
    for (const name of readdirSync(join(root, dir)).sort()) {
      const rel = posix.join(dir, name);
      if (statSync(join(root, rel)).isDirectory()) walk(rel);
      else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
    }
  };
  walk(folder);
  return out;
}

/** The file a relative specifier names ('./x.js' → x.ts, '../x' → x.ts, 'x.ts?worker&url'), or null. */
function resolveSpecifier(root: string, from: string, specifier: string): string | 'generated' | null {
  const bare = specifier.replace(/\?.*$/, '');
  const target = posix.normalize(posix.join(posix.dirname(from), bare));
  if (GENERATED.some((g) => target.startsWith(g))) return 'generated';
  const candidates = /\.js$/.test(target) ? [target.replace(/\.js$/, '.ts'), target]
    : /\.\w+$/.test(target) ? [target]
    : [`${target}.ts`, `${target}/index.ts`];
  for (const c of candidates) if (existsSync(join(root, c)) && statSync(join(root, c)).isFile()) return c;
  return null;
}

/** Reads every checked file's imports and judges them against the rooms. */
export function inspectHouse(root: string, rooms: readonly Room[] = ROOMS, checked: readonly string[] = CHECKED): HouseReport {
  const files = checked.flatMap((folder) => listSources(root, folder));
  const edges: ImportEdge[] = [];
  const wrongWay: string[] = [];
  const unresolved: string[] = [];
  const homeless: string[] = [];
  for (const from of files) {
    const fromRoom = roomOf(from, rooms);
    if (!fromRoom) homeless.push(from);
    const info = ts.preProcessFile(readFileSync(join(root, from), 'utf8'), true, true);
    for (const { fileName: specifier } of info.importedFiles) {
      if (!specifier.startsWith('.')) continue; // packages (lit, node:fs, …)
      const to = resolveSpecifier(root, from, specifier);
      if (to === null) {
        unresolved.push(`${from}: '${specifier}' names no file`);
        continue;
      }
      if (to === 'generated') continue;
      edges.push({ from, to, specifier });
      const toRoom = roomOf(to, rooms);
      if (!fromRoom || !toRoom || fromRoom === toRoom) continue;
      const load = /\?(.*&)?url$/.test(specifier);
      if (!fromRoom.mayImport.includes(toRoom.name) && !(load && fromRoom.mayLoad?.includes(toRoom.name))) {
        wrongWay.push(`${from} → ${to} (${fromRoom.name} may not import ${toRoom.name})`);
      }
    }
  }
  return { files: files.length, edges, wrongWay, unresolved, homeless, circles: findCircles(edges) };
}

/** Strongly connected components of more than one file (or a file importing itself), Tarjan's way. */
export function findCircles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, []);
    if (!next.has(to)) next.set(to, []);
    next.get(from)!.push(to);
  }
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)!) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || next.get(v)!.includes(v)) circles.push(component.reverse());
    }
  };
  for (const v of [...next.keys()].sort()) if (!indices.has(v)) visit(v);
  return circles;
}

/** For messages: a path relative to the repository with forward slashes. */
export function repoPath(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}
