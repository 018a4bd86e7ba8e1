import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './chromium-path.ts';

const port = Number(process.env.E2E_PORT ?? 3100);
const executablePath = chromiumPath();

/**
 * Browser tests against the whole stack: `tagstream demo` (ingestor replaying the
 * bundled recording, TCP, core, fastify, socket.io) started as a real process.
 * Journeys that only look share it; journeys that change or break the stack
 * (keywords, replay, settings, restarts, hostile data) start demos of their own
 * (`support/fixtures.ts`). Screenshots for review go to `e2e/output/screenshots/`.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  // Two cores shared with others, and each spawned demo is a few processes: one test at a time.
  workers: 1,
  fullyParallel: false,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    viewport: { width: 1280, height: 900 },
    launchOptions: { args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) },
    screenshot: 'only-on-failure',
    // Traces cost CPU on every test; `--trace on` records them when a failure needs one.
    trace: 'off',
  },
  webServer: {
    command: `node apps/cli/bin/tagstream.js demo --port ${port} --recordings e2e/output/recordings`,
    cwd: '..',
    env: { LOG_LEVEL: 'warn' },
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
