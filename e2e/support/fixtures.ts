import { test as base, expect } from '@playwright/test';
import { demoSlice } from './recordings.ts';
import { DemoStack, freePort, tempDir, type DemoOptions } from './stack.ts';

/** The counting settings a demo starts with (the Spark tutorial's), which a shared demo is put back to. */
export const DEMO_SETTINGS = {
  batchMs: 10_000,
  windowMs: 20_000,
  slideMs: 10_000,
  topK: 10,
  retweets: true,
  related: 5,
};

interface TestFixtures {
  /**
   * Fails the test on any uncaught error in the page (a React crash, a failed render) and on console
   * errors other than failed requests (which tests cause on purpose: a refused rule, a server that is gone),
   * such as a Content Security Policy refusal.
   */
  pageErrors: string[];
  /** Starts a `tagstream demo` of the test's own; every one started is stopped after the test. */
  startDemo: (options?: Partial<DemoOptions>) => Promise<DemoStack>;
  /**
   * A demo looping minutes 16–19 of the bundled recording (#Ether swelling, #BreakingNews breaking),
   * shared by tests that change keywords or settings and put them back. Put back again after each test,
   * in case it stopped half-way.
   */
  scratchDemo: DemoStack;
}

/** Console errors that only say a request failed: the tests make requests fail on purpose. */
const REQUEST_FAILED = /^Failed to load resource|^WebSocket connection to .* failed|net::ERR_/;

interface WorkerFixtures {
  scratchDemoProcess: DemoStack;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
      page.on('console', (message) => {
        if (message.type() === 'error' && !REQUEST_FAILED.test(message.text())) errors.push(message.text());
      });
      await use(errors);
      expect(errors, 'errors in the page').toEqual([]);
    },
    { auto: true },
  ],

  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function needs from its pattern
  startDemo: async ({}, use) => {
    const started: DemoStack[] = [];
    await use(async (options = {}) => {
      const stack = new DemoStack({
        port: options.port ?? (await freePort()),
        recordings: options.recordings ?? (await tempDir('recordings')),
        ...(options.file ? { file: options.file } : {}),
        ...(options.speed ? { speed: options.speed } : {}),
      });
      started.push(stack);
      await stack.start();
      return stack;
    });
    await Promise.all(started.map((stack) => stack.stop()));
  },

  scratchDemoProcess: [
    // eslint-disable-next-line no-empty-pattern -- as above
    async ({}, use) => {
      const stack = new DemoStack({
        port: await freePort(),
        recordings: await tempDir('scratch'),
        file: await demoSlice(16, 19),
      });
      await stack.start();
      await use(stack);
      await stack.stop();
    },
    { scope: 'worker' },
  ],

  scratchDemo: async ({ scratchDemoProcess: stack, request }, use) => {
    await use(stack);
    const track = await request.put(`${stack.url}/api/track`, { data: { keywords: [] } });
    expect(track.ok()).toBe(true);
    const settings = (await (await request.get(`${stack.url}/api/settings`)).json()) as Record<
      string,
      unknown
    >;
    if (Object.entries(DEMO_SETTINGS).some(([key, value]) => settings[key] !== value)) {
      expect((await request.put(`${stack.url}/api/settings`, { data: DEMO_SETTINGS })).ok()).toBe(true);
    }
  },
});

export { expect };
