// The component tests' set-up (tests/components/*.test.ts): Vite serves the sources and the
// components page (tests/pages/components-page.ts: every element, the fake meter, the helpers),
// cross-origin isolated as the app is served, and one Chromium window shows it.
//
//   let page: Page;
//   const { pageErrors, openPage, text } = useComponentsPage((p) => { page = p; });

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { Plugin, ViteDevServer } from 'vite';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { ISOLATION_HEADERS, launchChromiumProfile, serveSources } from './browser.js';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>busmeter components</title></head>
<body>
<script type="module" src="/tests/pages/components-page.ts"></script>
</body></html>`;

function componentsPage(): Plugin {
  return {
    name: 'busmeter-components-page',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const pages: Record<string, string> = {
          '/__components.html': PAGE,
          // The same page, not cross-origin isolated: drawing reaches the paint worker as messages.
          '/__components-messages.html': PAGE,
          // A page that refuses workers by Content-Security-Policy: the paint worker cannot start.
          '/__components-no-workers.html': PAGE.replace('<head>', `<head><meta http-equiv="Content-Security-Policy" content="worker-src 'none'">`),
        };
        const url = req.url ?? '';
        const page = pages[url];
        if (!page) return next();
        // Cross-origin isolated, as the app is served (the scripts too: server.headers below):
        // drawing reaches the paint worker through a SharedArrayBuffer ring. The messages page is not.
        if (url !== '/__components-messages.html') {
          for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
        }
        server
          .transformIndexHtml(url, page)
          .then((html) => {
            res.setHeader('content-type', 'text/html');
            res.end(html);
          })
          .catch(next);
      });
    },
  };
}

export interface ComponentsPage {
  /** Page errors of the current test (emptied before each test). */
  readonly pageErrors: string[];
  /** Opens one of the test pages in a new tab and waits until it is ready; console warnings go to `warnings`. */
  openPage(path: string, warnings?: string[]): Promise<Page>;
  /**
   * The text a shadow-DOM element found by a (shadow-piercing) CSS selector shows: a readout drawn
   * on a canvas holds it in data-text (that it is drawn is tested under 'canvas readouts'), other
   * elements in their text.
   */
  text(selector: string): Promise<string>;
}

/** Serves and opens the components page for this test file; `ready` gets the page once it is up. */
export function useComponentsPage(ready: (page: Page) => void): ComponentsPage {
  let server: ViteDevServer;
  let browser: BrowserContext;
  let page: Page;
  let scratch: string;
  const pageErrors: string[] = [];

  /**
   * Opens one of the test pages (in `into`, else a new tab) and waits until it is ready; its page
   * errors go to pageErrors, its console warnings to `warnings`.
   */
  async function openPage(path: string, warnings: string[] = [], into?: Page): Promise<Page> {
    const p = into ?? (await browser.newPage());
    p.on('pageerror', (error) => pageErrors.push(error.message));
    p.on('console', (message) => { if (message.type() === 'warning') warnings.push(message.text()); });
    await p.goto(new URL(path, server.resolvedUrls!.local[0]).href);
    await p.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 60_000 });
    return p;
  }

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'busmeter-components-'));
    ({ server } = await serveSources({
      cacheDir: join(scratch, 'vite-cache'), logLevel: 'warn', plugins: [componentsPage()], headers: { ...ISOLATION_HEADERS },
    }));
    browser = await launchChromiumProfile(join(scratch, 'profile'), { viewport: { width: 1200, height: 900 } });
    page = await openPage('/__components.html', [], browser.pages()[0]);
    ready(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  beforeEach(() => {
    pageErrors.length = 0;
  });

  return {
    pageErrors,
    openPage: (path, warnings) => openPage(path, warnings),
    text: (selector) => page.locator(selector).first().evaluate((e) => (e as HTMLElement).dataset.text ?? e.textContent ?? ''),
  };
}
