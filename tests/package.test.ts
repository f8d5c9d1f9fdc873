// The package as users get it. `npm pack` on a clean copy of the repository (prepack builds it),
// the tarball's files, then one consumer project made in a temporary folder that installs the
// tarball offline (tests/support/consumer.ts) and runs the README's snippets as they are
// written there: a page with <busmeter-panel> metering a 1 kHz tone at −6 dBFS through the Vite
// dev server, a Vite build, an esbuild bundle and no bundler at all (an import map), each in
// Chromium; a strict TypeScript consumer (moduleResolution bundler and nodenext); Node importing
// the package, and measuring files with busmeter/node; the CLI from the tarball.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/chromium.js';
import { installConsumer, packRepository, root } from './support/consumer.js';
import { serveStatic } from './support/static-server.js';
import { floatWav, pcm16Wav } from './support/wav.js';
import { mulberry32 } from '../src/signals/noise.js';

/** The files the README gives for a consumer project: each fenced block after `<!-- consumer: NAME -->`. */
export function readmeConsumerFiles(readme: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const match of readme.matchAll(/<!-- consumer: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)) {
    files.set(match[1]!, `${match[2]!}\n`);
  }
  return files;
}

let scratch = '';
let app = '';
let packed: { tarball: string; files: string[] };
let browser: Browser;
let installOutput = '';
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'busmeter-package-'));
  packed = packRepository(scratch);
  app = join(scratch, 'app');
  installOutput = installConsumer(app, packed.tarball, ['vite', 'esbuild', 'typescript']);
  const files = readmeConsumerFiles(readFileSync(join(root, 'README.md'), 'utf8'));
  expect([...files.keys()].sort()).toEqual(['build-esbuild.sh', 'index.html', 'main.js', 'measure-file.mjs', 'no-bundler.html', 'typed.ts']);
  for (const [name, text] of files) writeFileSync(join(app, name), text);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds what users need and nothing else', () => {
    const allowed = /^(package\.json|README\.md|LICENSE|bin\/busmeter\.mjs|build\/busmeter\.wasm|dist\/.+\.(js|d\.ts|wasm))$/;
    expect(packed.files.filter((f) => !allowed.test(f))).toEqual([]);
    for (const needed of [
      'LICENSE', 'README.md', 'bin/busmeter.mjs', 'build/busmeter.wasm', 'dist/node.js', 'dist/node.d.ts', 'dist/offline/cli.js',
      'dist/browser/busmeter.js', 'dist/browser/meter-processor.js', 'dist/browser/paint-worker.js', 'dist/browser/busmeter.wasm',
      'dist/browser/types/index.d.ts',
    ]) {
      expect(packed.files, needed).toContain(needed);
    }
    // No sources, no kernel text format, no app.
    expect(packed.files.filter((f) => /\.wat$|^assembly\/|^src\/|^worklet\/|app/.test(f))).toEqual([]);
  });

  it('resolves every entry of exports to a file in the tarball, types first', () => {
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules', 'busmeter', 'package.json'), 'utf8')) as {
      exports: Record<string, string | Record<string, string>>;
      bin: Record<string, string>;
    };
    const targets: string[] = [];
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (typeof target === 'string') {
        targets.push(target);
        continue;
      }
      expect(Object.keys(target)[0], `${subpath}: types first`).toBe('types');
      targets.push(...Object.values(target));
    }
    targets.push(...Object.values(manifest.bin));
    for (const target of targets) expect(packed.files, target).toContain(target.replace(/^\.\//, ''));
    expect(Object.keys(manifest.exports)).toEqual(expect.arrayContaining(['.', './node', './processor']));
  });
});

describe('a consumer project that installed the tarball', () => {
  it('installed offline, busmeter running no install script, the prebuilt binary of its PNG renderer with it', () => {
    expect(installOutput).not.toMatch(/busmeter@[^ ]* \(/);
    const installed = readdirSync(join(app, 'node_modules', '@resvg'));
    expect(installed).toContain('resvg-js');
    expect(installed.filter((name) => name.startsWith('resvg-js-'))).toHaveLength(1);
  });

  it('imports busmeter in Node without throwing; createMeter there says it needs a browser; busmeter/node measures', () => {
    const script = `
      const m = await import('busmeter');
      const out = { exports: Object.keys(m).length, panel: typeof m.BusmeterPanel };
      try { await m.createMeter({}, {}); } catch (e) { out.error = e.name + ': ' + e.message; }
      const { createAnalyzer } = await import('busmeter/node');
      const a = createAnalyzer({ sampleRate: 48000, layout: 'mono' });
      const x = new Float32Array(48000);
      for (let i = 0; i < x.length; i++) x[i] = 0.5 * Math.sin(2 * Math.PI * 1000 * i / 48000);
      a.push([x]);
      out.peak = a.read().channels[0].samplePeakMaxDbfs;
      console.log(JSON.stringify(out));`;
    const out = JSON.parse(execFileSync('node', ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' })) as Record<string, unknown>;
    expect(out.exports).toBeGreaterThan(40);
    expect(out.panel).toBe('function');
    expect(out.error).toBe('MeterError: createMeter needs a browser with Web Audio worklets (AudioWorkletNode is not defined here); in Node, use busmeter/node');
    expect(out.peak as number).toBeCloseTo(-6.02, 2);
  });

  it('measures a WAV and a FLAC file with the README\'s busmeter/node snippet: the numbers busmeter analyze --json prints, and the same integrated loudness through openAudioStream', () => {
    // White noise in bursts, quieter every third half second: an integrated loudness with gating at work, and a true peak.
    const rate = 44100;
    const random = mulberry32(7);
    const channels = [new Float32Array(6 * rate), new Float32Array(6 * rate)];
    for (let i = 0; i < channels[0]!.length; i++) {
      const burst = Math.floor(i / (rate / 2)) % 3 === 2 ? 0.05 : 0.4;
      channels[0]![i] = burst * (random() * 2 - 1);
      channels[1]![i] = burst * (random() * 2 - 1) * 0.7;
    }
    const wav = join(app, 'noise.wav');
    writeFileSync(wav, floatWav(rate, channels));
    // FLAC holds integers: encoded from a 16-bit WAV of the same noise.
    writeFileSync(join(app, 'noise-16.wav'), pcm16Wav(rate, channels));
    const flac = join(app, 'noise.flac');
    execFileSync('flac', ['--silent', '--force', '-o', flac, join(app, 'noise-16.wav')]);
    for (const path of [wav, flac]) {
      const api = JSON.parse(execFileSync('node', ['measure-file.mjs', path], { cwd: app, encoding: 'utf8' })) as Record<string, number | string>;
      const cli = JSON.parse(execFileSync('npx', ['--offline', 'busmeter', 'analyze', '--json', path], { cwd: app, encoding: 'utf8' })) as Record<string, unknown>;
      console.log(`busmeter/node on ${path}: ${JSON.stringify(api)}`);
      expect(api.format).toBe(cli.format);
      expect(Math.round((api.integratedLufs as number) * 1000) / 1000).toBe(cli.integratedLufs);
      expect(Math.round((api.truePeakMaxDbtp as number) * 1000) / 1000).toBe(cli.truePeakMaxDbtp);
      expect(api.mastering).toBe((cli.mastering as { state: string }).state);
      expect(api.streamedIntegratedLufs).toBe(api.integratedLufs);
      expect(api.integratedLufs as number).toBeLessThan(-5);
    }
  });

  it('runs the CLI from the tarball: npx busmeter --version', () => {
    expect(execFileSync('npx', ['--offline', 'busmeter', '--version'], { cwd: app, encoding: 'utf8' }).trim()).toBe(version);
  });

  for (const moduleResolution of ['bundler', 'nodenext'] as const) {
    it(`type-checks the README's TypeScript with 0 errors: strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes, moduleResolution ${moduleResolution}, no Vite or Node types`, () => {
      const config = {
        compilerOptions: {
          target: 'ES2022',
          module: moduleResolution === 'bundler' ? 'ESNext' : 'NodeNext',
          moduleResolution,
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          types: [],
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          skipLibCheck: false,
          noEmit: true,
        },
        files: ['typed.ts'],
      };
      const file = join(app, `tsconfig.${moduleResolution}.json`);
      writeFileSync(file, JSON.stringify(config, null, 2));
      let output = '';
      try {
        output = execFileSync(join(app, 'node_modules', '.bin', 'tsc'), ['-p', file, '--pretty', 'false'], { cwd: app, encoding: 'utf8' });
      } catch (error) {
        output = String((error as { stdout?: string }).stdout ?? error);
      }
      expect(output.split('\n').filter((line) => line.includes('error TS'))).toEqual([]);
    });
  }
});

// ---- The pages: each route meters the tone with <busmeter-panel> in Chromium ----

interface Metered {
  momentary: number;
  samplePeakMax: number;
  truePeakMax: number;
  failures: string[];
}

/**
 * Opens `url`, presses Start, waits for the panel to settle on the tone; what it shows, and the
 * page's errors and warnings (a paint worker that fails to start warns; the page asks for no
 * favicon; Lit's own note that it runs its development build is no failure).
 */
async function meterTone(url: string): Promise<Metered> {
  const page = await browser.newPage();
  const failures: string[] = [];
  page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    if (/favicon\.ico$/.test(message.location().url) || message.text().startsWith('Lit is in dev mode')) return;
    failures.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) failures.push(`HTTP ${response.status()} ${response.url()}`);
  });
  try {
    await page.goto(url);
    await page.locator('#start').click();
    const value = async (selector: string) => Number(await page.locator(`busmeter-panel ${selector}`).getAttribute('data-value'));
    // The momentary loudness covers 400 ms and rises to the tone's level as its window fills (a
    // reading of −9.19 is a window not yet full): wait until it has settled within the tolerance
    // asserted below, or fail by the time-out; a steady tone only comes closer after that.
    await expect.poll(async () => Math.abs((await value('[data-reading="momentary"]')) - TONE_MOMENTARY_LUFS), { timeout: 60_000, interval: 250 }).toBeLessThanOrEqual(0.05);
    return {
      momentary: await value('[data-reading="momentary"]'),
      samplePeakMax: await value('[data-reading="sample-peak-max"]'),
      truePeakMax: await value('[data-reading="true-peak-max"]'),
      failures,
    };
  } finally {
    await page.close();
  }
}

/** BS.1770 momentary loudness of the README's tone: a mono 1 kHz sine of amplitude 0.5. */
const TONE_MOMENTARY_LUFS = -9.03;

/** A mono 1 kHz sine of amplitude 0.5: peaks −6.02 dBFS, momentary loudness −9.03 LUFS (BS.1770 at 1 kHz). */
function expectTone(m: Metered): void {
  expect(m.failures).toEqual([]);
  expect(Math.abs(m.momentary - TONE_MOMENTARY_LUFS), `momentary ${m.momentary}`).toBeLessThanOrEqual(0.05);
  expect(Math.abs(m.samplePeakMax - -6.02), `sample peak ${m.samplePeakMax}`).toBeLessThanOrEqual(0.05);
  expect(Math.abs(m.truePeakMax - -6.02), `true peak ${m.truePeakMax}`).toBeLessThanOrEqual(0.05);
}

/** Runs a project's command line (from its node_modules/.bin) and waits for `ready` in its output. */
async function startServer(command: string, args: string[], ready: RegExp): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(join(app, 'node_modules', '.bin', command), args, { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString().replace(/\x1b\[[0-9;]*m/g, '');
      const match = ready.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${command} exited (${code}) before it was ready:\n${output}`)));
  });
  return { url, process: child };
}

describe('the README snippets in Chromium: <busmeter-panel> meters a 1 kHz tone at −6 dBFS', () => {
  it('Vite dev server (npx vite)', async () => {
    const server = await startServer('vite', ['--host', '127.0.0.1', '--port', '0', '--clearScreen', 'false'], /Local:\s+(http:\S+)/);
    try {
      const m = await meterTone(server.url);
      console.log(`Vite dev: M ${m.momentary}, SP ${m.samplePeakMax}, TP ${m.truePeakMax}`);
      expectTone(m);
    } finally {
      server.process.kill();
    }
  });

  it('Vite build (npx vite build), served as static files', async () => {
    execFileSync(join(app, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], { cwd: app, encoding: 'utf8' });
    const server = await serveStatic(join(app, 'dist'));
    try {
      const m = await meterTone(server.url);
      console.log(`Vite build: M ${m.momentary}, SP ${m.samplePeakMax}, TP ${m.truePeakMax}`);
      expectTone(m);
      // The three files, copied by Vite into the build (with hashed names).
      expect(server.served.filter((p) => /\.wasm$|processor|paint-worker/.test(p))).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('esbuild (the README\'s two commands)', async () => {
    execFileSync('sh', ['-e', 'build-esbuild.sh'], { cwd: app, encoding: 'utf8' });
    const server = await serveStatic(join(app, 'public'));
    try {
      const m = await meterTone(server.url);
      console.log(`esbuild: M ${m.momentary}, SP ${m.samplePeakMax}, TP ${m.truePeakMax}`);
      expectTone(m);
      expect(server.served.filter((p) => /\.wasm$|processor|paint-worker/.test(p)).sort()).toEqual(['/busmeter.wasm', '/meter-processor.js', '/paint-worker.js']);
    } finally {
      await server.close();
    }
  });

  it('no bundler: the project folder served as static files, an import map for Lit', async () => {
    const server = await serveStatic(app);
    try {
      const m = await meterTone(`${server.url}no-bundler.html`);
      console.log(`no bundler: M ${m.momentary}, SP ${m.samplePeakMax}, TP ${m.truePeakMax}`);
      expectTone(m);
      const browserDir = '/node_modules/busmeter/dist/browser';
      expect(server.served.filter((p) => /\.wasm$|processor|paint-worker/.test(p)).sort()).toEqual([
        `${browserDir}/busmeter.wasm`, `${browserDir}/meter-processor.js`, `${browserDir}/paint-worker.js`,
      ]);
    } finally {
      await server.close();
    }
  });

  it('asset URLs given to createMeter are used, and a file that cannot be loaded is named in the rejection', async () => {
    execFileSync('sh', ['-e', 'build-esbuild.sh'], { cwd: app, encoding: 'utf8' });
    const server = await serveStatic(app);
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}no-bundler.html`);
      // A string, not a function: the test's own transform would rewrite a function's import().
      const attempt = (assets: Record<string, unknown>) =>
        page.evaluate(`(async () => {
          const { createMeter } = await import('busmeter');
          const context = new OfflineAudioContext(1, 128, 48000);
          try {
            const meter = await createMeter(context, new ConstantSourceNode(context), { assets: ${JSON.stringify(assets)}, layout: 'mono' });
            meter.dispose();
            return 'created';
          } catch (error) {
            return error.name + ': ' + error.message;
          }
        })()`);
      expect(await attempt({ kernel: '/public/busmeter.wasm', worklet: '/public/meter-processor.js' })).toBe('created');
      expect(server.served).toEqual(expect.arrayContaining(['/public/busmeter.wasm', '/public/meter-processor.js']));
      expect(await attempt({ kernel: '/nowhere/busmeter.wasm' })).toBe(`MeterError: could not fetch the busmeter kernel (${server.url}nowhere/busmeter.wasm): HTTP 404`);
      expect(await attempt({ worklet: 'nowhere/meter-processor.js' })).toMatch(
        new RegExp(`^MeterError: could not load the busmeter worklet \\(${server.url}nowhere/meter-processor\\.js\\): `),
      );
      expect(await attempt({ paintWorker: 42 })).toBe('MeterError: assets.paintWorker must be a URL or a string, got 42');
      expect(await attempt({ wasm: 'x' })).toBe('MeterError: assets.wasm is not an asset (kernel, worklet, paintWorker)');
    } finally {
      await page.close();
      await server.close();
    }
  });
});
