import { defineConfig } from 'vitest/config';

// `npm run chaos`: the chaos suite's long variants (minutes each: a 75 s outage, a flood, stuck
// consumers), one at a time so their timings are not each other's load. The short runs are in
// `npm test` (test/chaos/*.test.ts).
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.chaos.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
