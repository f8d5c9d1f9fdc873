// The package as users get it: `npm pack` run on a clean copy of the repository (so `prepack`
// builds it from scratch, apart from this checkout's dist/), and a consumer project made in a
// temporary folder that installs the tarball with `npm install --offline`. The consumer's lock
// is cut from this repository's package-lock.json (the same versions, found by integrity in the
// npm cache that this repository's own install filled), so no registry is asked.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

/** Packs the repository's tracked (and new, unignored) files from a copy; returns the tarball's path and npm's file list. */
export function packRepository(scratch: string): { tarball: string; files: string[] } {
  const copy = join(scratch, 'repository');
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
  for (const file of listed.split('\0').filter(Boolean)) {
    mkdirSync(join(copy, file, '..'), { recursive: true });
    try {
      cpSync(join(root, file), join(copy, file));
    } catch (error) {
      // A file deleted in the working tree but still in the index.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: copy, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [report] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(scratch, report!.filename), files: report!.files.map((f) => f.path).sort() };
}

/**
 * A consumer project in `dir` with `dependencies` (name → version, the versions this repository
 * locks) and busmeter from `tarball`, installed offline. Returns the install's output (stdout and stderr).
 */
export function installConsumer(dir: string, tarball: string, dependencies: readonly string[]): string {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const repoPackages = lock.packages;
  const packed = JSON.parse(execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' })) as LockEntry & { name: string };
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;

  const packages: Record<string, LockEntry> = {};
  /** Where `name` resolves from `from` in the repository's tree (node_modules lookup, inside out). */
  const locate = (from: string, name: string): string | undefined => {
    let base = from;
    for (;;) {
      const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (repoPackages[candidate]) return candidate;
      if (!base) return undefined;
      const cut = base.lastIndexOf('/node_modules/');
      base = cut < 0 ? '' : base.slice(0, cut);
    }
  };
  const add = (from: string, name: string, optional: boolean): void => {
    const path = locate(from, name);
    if (!path) {
      if (optional) return;
      throw new Error(`${name} (needed by ${from || 'the consumer'}) is not in package-lock.json: add it to devDependencies`);
    }
    if (packages[path]) return;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = repoPackages[path]!;
    // The tarball's registry URL: with it and the integrity npm takes the tarball from its cache
    // without asking the registry for the package's metadata.
    const packageName = (entry.name as string | undefined) ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    entry.resolved ??= `https://registry.npmjs.org/${packageName}/-/${packageName.split('/').pop()}-${entry.version}.tgz`;
    packages[path] = entry;
    for (const dep of Object.keys(entry.dependencies ?? {})) add(path, dep, false);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) add(path, dep, true);
    for (const dep of Object.keys(entry.peerDependencies ?? {})) add(path, dep, true);
  };

  const tarballName = tarball.slice(tarball.lastIndexOf('/') + 1);
  const manifest = {
    name: 'busmeter-consumer',
    version: '1.0.0',
    private: true,
    type: 'module',
    dependencies: {
      busmeter: `file:../${tarballName}`,
      ...Object.fromEntries(dependencies.map((name) => [name, repoPackages[`node_modules/${name}`]?.version ?? '*'])),
    },
  };
  packages['node_modules/busmeter'] = {
    version: packed.version,
    resolved: `file:../${tarballName}`,
    integrity,
    license: packed.license,
    dependencies: packed.dependencies,
    bin: packed.bin,
    engines: packed.engines,
  } as LockEntry;
  for (const dep of Object.keys(packed.dependencies ?? {})) add('', dep, false);
  for (const dep of dependencies) add('', dep, false);
  packages[''] = { name: manifest.name, version: manifest.version, dependencies: manifest.dependencies };

  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify({ name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
  const result = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm install --offline failed:\n${result.stdout}${result.stderr}`);
  return `${result.stdout}${result.stderr}`;
}
