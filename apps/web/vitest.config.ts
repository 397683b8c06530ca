import { defineConfig } from 'vitest/config';

// Unit tests of the client's logic (no browser): *.test.ts(x) beside the modules.
export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'build/**/*.test.ts'],
    environment: 'node',
  },
});
