import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './chromium-path.ts';

const port = Number(process.env.E2E_PORT ?? 3100);
const executablePath = chromiumPath();

/**
 * Browser tests against the whole stack: `tagstream demo` (ingestor replaying the
 * bundled recording, TCP, core, fastify, socket.io) started as a real process.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: './test-results',
  timeout: 60_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: { args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) },
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `node apps/cli/bin/tagstream.js demo --port ${port} --recordings e2e/output/recordings`,
    cwd: '..',
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
