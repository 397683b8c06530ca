import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { browserBundleGuard } from './build/browser-bundle-guard';
import { precompressAssets } from './build/precompress-assets';

// `pnpm dev` runs this dev server next to the API server (PORT, default 8080); API calls go through
// the proxy, so the app always talks to its own origin as it does in production.
const apiServer = `http://127.0.0.1:${process.env.PORT ?? 8080}`;

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
  },
});
