/**
 * Vite builds the interface into web/dist, which the API process serves at / (api/web.ts), and
 * the API documentation page (docs.html, Swagger UI), served at /docs.
 * Everything is bundled: no CDN, no inline script (the CSP allows 'self' only).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const side = (fil: string) => fileURLToPath(new URL(fil, import.meta.url));

export default defineConfig({
  base: '/',
  // Copied as they are to dist/: the icon (served at /favicon.svg and /favicon.ico by api/web.ts).
  publicDir: 'offentlig',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    // The module preload polyfill is inline script; every browser we serve has modulepreload.
    modulePreload: { polyfill: false },
    rolldownOptions: { input: { index: side('index.html'), docs: side('docs.html') } },
  },
});
