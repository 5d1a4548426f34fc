import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const backend = 'http://127.0.0.1:3001';

/** The SPA builds into dist/web, which the Candor server serves itself at one origin. */
export default defineConfig({
  root: 'web',
  plugins: [react()],
  css: { postcss: repoRoot },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // The server's CSP allows no inline script, and Vite's build emits none; keep assets as files too.
    assetsInlineLimit: 0,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': backend,
      '/healthz': backend,
      '/readyz': backend,
    },
  },
});
