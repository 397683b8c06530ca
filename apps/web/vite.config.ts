import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { browserBundleGuard } from './build/browser-bundle-guard';
import { precompressAssets } from './build/precompress-assets';

// `pnpm dev` runs this dev server next to the API server (PORT, default 8080); API calls go through
// the proxy, so the app always talks to its own origin as it does in production.
const apiServer = `http://127.0.0.1:${process.env.PORT ?? 8080}`;

/** The editor's core: view, state, language, commands, search, the parser runtime. */
const CODEMIRROR_CORE =
  /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?(?:@codemirror\/(?:view|state|language|commands|search|autocomplete|lint)|@lezer\/(?:common|highlight|lr)|style-mod|w3c-keyname|crelt)\//;

export default defineConfig({
  plugins: [react(), browserBundleGuard(), precompressAssets()],
  server: {
    port: 5173,
    proxy: {
      '/api': apiServer,
      '/trpc': apiServer,
    },
  },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // build/bundle-size.ts reads it to measure what the sign-in page loads.
    manifest: true,
    rollupOptions: {
      output: {
        // CodeMirror's core in one chunk, each language pack in its own, named after its package.
        manualChunks: (id) => (CODEMIRROR_CORE.test(id) ? 'codemirror' : undefined),
        chunkFileNames: (chunk) => {
          const pack = chunk.facadeModuleId?.match(/node_modules\/(?:@codemirror\/|@lezer\/)?([^/]+)\/dist\//)?.[1];
          return `assets/${pack && /^(dist|index)$/.test(chunk.name) ? pack : chunk.name}-[hash].js`;
        },
      },
    },
  },
});
