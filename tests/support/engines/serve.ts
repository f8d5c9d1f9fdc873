// The pages the engines open: the built app (vite build + vite preview on 127.0.0.1, port 0,
// cross-origin isolated, production CSP) and Vite's dev server for test pages (tests/pages/).
// Both get one more script, first in <head>: a recorder of uncaught errors, unhandled
// rejections, console.error calls and CSP violations in window.__engineErrors, read the same way
// in every engine (WebKit's classic WebDriver has no event for them). It is a file of the page's
// own origin, so the CSP's script-src 'self' allows it.

import type { Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, createServer, preview, type Plugin, type PreviewServer, type ViteDevServer } from 'vite';

const root = join(import.meta.dirname, '..', '..', '..');
export const ERROR_RECORDER_PATH = '/__engine-errors.js';

const RECORDER = `(() => {
  const errors = [];
  window.__engineErrors = errors;
  const text = (v) => (v && v.message) ? String(v.message) : String(v);
  addEventListener('error', (e) => errors.push('uncaught: ' + e.message + ' (' + e.filename + ':' + e.lineno + ')'));
  addEventListener('unhandledrejection', (e) => errors.push('unhandled rejection: ' + text(e.reason)));
  document.addEventListener('securitypolicyviolation', (e) => errors.push('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));
  const original = console.error;
  console.error = function (...args) { errors.push('console.error: ' + args.map(text).join(' ')); return original.apply(this, args); };
})();
`;

function errorRecorder(): Plugin {
  const serveRecorder = (server: { middlewares: { use: (fn: (req: { url?: string }, res: import('node:http').ServerResponse, next: () => void) => void) => void } }) => {
    server.middlewares.use((req, res, next) => {
      if (req.url?.split('?')[0] !== ERROR_RECORDER_PATH) return next();
      res.setHeader('Content-Type', 'text/javascript');
      res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
      res.end(RECORDER);
    });
  };
  return {
    name: 'busmeter-engine-error-recorder',
    configureServer: serveRecorder,
    configurePreviewServer: serveRecorder,
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'script', attrs: { src: ERROR_RECORDER_PATH }, injectTo: 'head-prepend' }],
    },
  };
}

export interface Served {
  /** The page's address, ending in "/". */
  url: string;
  close(): Promise<void>;
}

/** Builds the app into a scratch folder and serves it as `npm run build:app` + a production server would. */
export async function serveBuiltApp(): Promise<Served> {
  const scratch = mkdtempSync(join(tmpdir(), 'busmeter-engines-app-'));
  const outDir = join(scratch, 'dist-app');
  mkdirSync(outDir);
  const configFile = join(root, 'vite.config.ts');
  const common = { root, configFile, logLevel: 'warn' as const, cacheDir: join(scratch, 'vite-cache'), plugins: [errorRecorder()] };
  await build({ ...common, build: { outDir, emptyOutDir: true } });
  writeFileSync(join(outDir, ERROR_RECORDER_PATH.slice(1)), RECORDER);
  const server: PreviewServer = await preview({
    ...common,
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  return {
    url: server.resolvedUrls!.local[0],
    async close() {
      await server.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/**
 * Vite's dev server over the repository (test pages such as /tests/pages/meter-harness.html);
 * a page asked for with ?iso is cross-origin isolated.
 */
export async function serveDev(): Promise<Served> {
  const scratch = mkdtempSync(join(tmpdir(), 'busmeter-engines-dev-'));
  const isolation: Plugin = {
    name: 'busmeter-engines-isolation',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (new URL(req.url ?? '/', 'http://x').searchParams.has('iso')) {
          res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
          res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
        }
        next();
      });
    },
  };
  const vite: ViteDevServer = await createServer({
    root,
    configFile: false,
    logLevel: 'error',
    cacheDir: join(scratch, 'vite-cache'),
    plugins: [isolation, errorRecorder()],
    optimizeDeps: { noDiscovery: true, include: [] },
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
  });
  await vite.listen();
  const address = (vite.httpServer as Server).address();
  if (!address || typeof address === 'string') throw new Error('vite did not listen on a port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    async close() {
      await vite.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
