import { defineConfig } from 'vitest/config';

// End to end: Debian's Chromium against the production build served by the real server.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    // One browser, one server; the scenarios run in order inside each file.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
