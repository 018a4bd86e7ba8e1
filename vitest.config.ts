import { defineConfig } from 'vitest/config';

// One runner for unit and integration tests; each workspace is its own project
// so a failure names the room of the house it came from.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'protocol', root: 'packages/protocol', include: ['src/**/*.test.ts'] } },
      { test: { name: 'tweets', root: 'packages/tweets', include: ['src/**/*.test.ts'] } },
      { test: { name: 'stream', root: 'packages/stream', include: ['src/**/*.test.ts'] } },
      { test: { name: 'recordings', root: 'packages/recordings', include: ['src/**/*.test.ts'] } },
      { test: { name: 'time', root: 'packages/time', include: ['src/**/*.test.ts'] } },
      { test: { name: 'access', root: 'packages/access', include: ['src/**/*.test.ts'] } },
      {
        test: { name: 'ingestor', root: 'apps/ingestor', include: ['src/**/*.test.ts'], testTimeout: 20_000 },
      },
      { test: { name: 'server', root: 'apps/server', include: ['src/**/*.test.ts'], testTimeout: 20_000 } },
      {
        test: {
          name: 'cli',
          root: 'apps/cli',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      { test: { name: 'web', root: 'apps/web', include: ['src/**/*.test.ts'] } },
      // The repository's own checks, and the tests that run several apps together (each app's
      // tests stay inside its own folder and never start another app).
      { test: { name: 'repo', root: '.', include: ['test/**/*.test.ts'], testTimeout: 20_000 } },
    ],
  },
});
