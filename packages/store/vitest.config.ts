import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Store tests fsync and spawn processes; the crash test sets its own, longer budget.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Throughput figures and the crash test's timing are only meaningful without a neighbour
    // file competing for the machine's two cores.
    fileParallelism: false,
  },
});
