import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests spawn rg, bash and Node child processes and wait for inotify events.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
