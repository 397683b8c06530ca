import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests start real sandboxes and PTYs; bwrap start-up is tens of milliseconds, but the machine
    // is shared.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores shared with other work: one file at a time keeps sandboxes from starving each other.
    fileParallelism: false,
  },
});
