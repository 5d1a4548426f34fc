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
    rolldownOptions: {
      output: {
        // Libraries change less often than the app, so they get their own long-cached files.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            { name: 'mantine', test: /node_modules[\\/](@mantine|@floating-ui)[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      // Not all of /api: web/api/*.ts are source modules the dev server itself serves at /api/….
      '^/api/(v1|openapi\\.json|docs)': backend,
      '/healthz': backend,
      '/readyz': backend,
    },
  },
});
