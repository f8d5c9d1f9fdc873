// The pages the engines open: the built app (vite build + vite preview on 127.0.0.1, port 0,
// cross-origin isolated, production CSP) and Vite's dev server for test pages (tests/pages/).
// Both get one more script, first in <head>: a recorder of uncaught errors, unhandled
// rejections, console.error calls and CSP violations in window.__engineErrors, read the same way
// in every engine (WebKit's classic WebDriver has no event for them). It is a file of the page's
// own origin, so the CSP's script-src 'self' allows it. The servers themselves are the browser
// tests' (tests/support/browser.ts).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { ISOLATION_HEADERS, serveBuiltApp as serveBuilt, serveSources } from '../browser.js';

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
  const { server, url } = await serveBuilt(scratch, { plugins: [errorRecorder()], files: { [ERROR_RECORDER_PATH.slice(1)]: RECORDER } });
  return {
    url,
    async close() {
      await server.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/**
 * Vite's dev server over the repository (test pages such as /tests/pages/meter-harness.html, and
 * `pages` made by the test), cross-origin isolated as the app is.
 */
export async function serveDev(pages: Record<string, string> = {}): Promise<Served> {
  const scratch = mkdtempSync(join(tmpdir(), 'busmeter-engines-dev-'));
  const isolation: Plugin = {
    name: 'busmeter-engines-isolation',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url ?? '/', 'http://x');
        // Every response, as the app is served: an isolated page's workers need the headers too.
        for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
        // `pages`: extra HTML pages by path, through Vite's HTML transform (and the error recorder).
        const page = pages[url.pathname];
        if (page === undefined) return next();
        server.transformIndexHtml(url.pathname, page).then((html) => {
          res.setHeader('content-type', 'text/html');
          res.end(html);
        }).catch(next);
      });
    },
  };
  const { server: vite, origin } = await serveSources({
    cacheDir: join(scratch, 'vite-cache'),
    plugins: [isolation, errorRecorder()],
    logLevel: 'error',
    noDependencyDiscovery: true,
  });
  return {
    url: `${origin}/`,
    async close() {
      await vite.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
