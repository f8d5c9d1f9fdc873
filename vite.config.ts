// Vite: the meter app (index.html + src/app) for `npm start` / `npm run build:app`.
//
// - Cross-origin isolation (COOP same-origin + COEP require-corp) on the dev and preview servers,
//   so the SharedArrayBuffer transport between the worklet and the page works. A production
//   server must send the same two headers (they cannot be set from a meta tag).
// - Content Security Policy as a meta tag, added by the small plugin below:
//   * built app (dist-app/index.html): PRODUCTION_CSP — scripts only from the page's origin plus
//     'wasm-unsafe-eval' (needed to compile the WebAssembly kernel, also inside the worklet),
//     styles only from files / constructable stylesheets (Lit), no plugins, no <base>.
//   * dev server: DEV_CSP — the same script-src; styles are left open because Vite's dev server
//     injects CSS as <style> elements.
// - `.wasm?url` and `?worker&url` assets are emitted as files (never inlined as data: URLs,
//   which the CSP would refuse for the worklet).

import { defineConfig, type Plugin } from 'vite';

export const PRODUCTION_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export const DEV_CSP = "script-src 'self' 'wasm-unsafe-eval'";

function contentSecurityPolicy(): Plugin {
  let command: 'serve' | 'build' = 'serve';
  return {
    name: 'busmeter-csp',
    configResolved(config) {
      command = config.command;
    },
    transformIndexHtml: {
      order: 'post',
      handler() {
        return [
          {
            tag: 'meta',
            attrs: { 'http-equiv': 'Content-Security-Policy', content: command === 'build' ? PRODUCTION_CSP : DEV_CSP },
            injectTo: 'head-prepend',
          },
        ];
      },
    },
  };
}

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: '.',
  plugins: [contentSecurityPolicy()],
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: { format: 'es' },
  build: {
    outDir: 'dist-app',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
  },
});
