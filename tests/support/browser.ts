// The one browser harness of the browser tests: Debian's Chromium (flags in chromium.ts), and the
// two ways a page is served: the app built and previewed as a user gets it (serveBuiltApp), or
// the sources served by Vite's dev server for test pages (serveSources, harnessHeaders). The
// cross-engine harness (engines/serve.ts) serves its pages through these two as well.

import type { Server } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build, createServer, preview, type Plugin, type PreviewServer, type ViteDevServer } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';

export const root = join(import.meta.dirname, '..', '..');

/** Lets pages play audio without a click. */
export const AUTOPLAY = '--autoplay-policy=no-user-gesture-required';

/** The fake capture device, playing `wav` once (then silence); the permission prompt answered yes. */
export function fakeCaptureArgs(wav: string): string[] {
  return ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}%noloop`];
}

/** Collects the page's uncaught errors and console errors into `errors`, each line saying which. */
export function recordPageErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
}

/** A browser with the given extra flags. */
export function launchChromium(args: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...args] });
}

/** A browser with its own profile folder (a persistent context: one window, downloads if asked). */
export function launchChromiumProfile(
  profile: string,
  options: { viewport: { width: number; height: number }; args?: readonly string[]; acceptDownloads?: boolean },
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: options.viewport,
    ...(options.acceptDownloads ? { acceptDownloads: true } : {}),
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

/**
 * Builds the app with vite.config.ts into `scratch`/dist-app and serves it with `vite preview`
 * on a free loopback port (the production CSP and cross-origin isolation included).
 * `plugins` join the build and the preview server; `files` (name → text) are written into the
 * built app before it is served.
 */
export async function serveBuiltApp(
  scratch: string,
  options: { plugins?: Plugin[]; files?: Record<string, string> } = {},
): Promise<{ server: PreviewServer; url: string }> {
  const outDir = join(scratch, 'dist-app');
  mkdirSync(outDir);
  const configFile = join(root, 'vite.config.ts');
  const common = { root, configFile, logLevel: 'warn' as const, cacheDir: join(scratch, 'vite-cache'), ...(options.plugins ? { plugins: options.plugins } : {}) };
  await build({ ...common, build: { outDir, emptyOutDir: true } });
  for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(outDir, name), text);
  const server = await preview({
    ...common, build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  return { server, url: server.resolvedUrls!.local[0] };
}

/**
 * Serves the repository's sources with Vite's dev server (no config file, no HMR, no watching)
 * on a free loopback port, for pages under tests/pages or made by `plugins`.
 */
export async function serveSources(options: {
  cacheDir: string;
  plugins?: Plugin[];
  logLevel: 'error' | 'warn';
  /** Headers on every response (the scripts too). */
  headers?: Record<string, string>;
  /** Pre-bundle no dependencies (pages that import only the sources). */
  noDependencyDiscovery?: boolean;
}): Promise<{ server: ViteDevServer; origin: string }> {
  const server = await createServer({
    root,
    configFile: false,
    logLevel: options.logLevel,
    cacheDir: options.cacheDir,
    plugins: options.plugins ?? [],
    ...(options.noDependencyDiscovery ? { optimizeDeps: { noDiscovery: true, include: [] } } : {}),
    server: {
      host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null,
      ...(options.headers ? { headers: options.headers } : {}),
    },
  });
  await server.listen();
  const address = (server.httpServer as Server).address();
  if (!address || typeof address === 'string') throw new Error('vite did not listen on a port');
  return { server, origin: `http://127.0.0.1:${address.port}` };
}

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/**
 * Per-request headers for a test page at `path`: ?iso → cross-origin isolated (COOP/COEP), so
 * SharedArrayBuffer exists; ?csp=wasm → script-src 'self' 'wasm-unsafe-eval'; ?csp=strict →
 * script-src 'self' (blocks WebAssembly).
 */
export function harnessHeaders(path: string): Plugin {
  return {
    name: 'busmeter-harness-headers',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (url.pathname === path) {
          if (url.searchParams.has('iso')) {
            for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
          }
          const csp = url.searchParams.get('csp');
          if (csp === 'wasm') res.setHeader('Content-Security-Policy', "script-src 'self' 'wasm-unsafe-eval'");
          if (csp === 'strict') res.setHeader('Content-Security-Policy', "script-src 'self'");
        }
        next();
      });
    },
  };
}
