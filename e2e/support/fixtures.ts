import { test as base, expect } from '@playwright/test';
import { DemoStack, freePort, tempDir, type DemoOptions } from './stack.ts';

interface Fixtures {
  /** Fails the test on any uncaught error in the page (a React crash, a failed render). */
  pageErrors: string[];
  /** Starts a `tagstream demo` of the test's own; every one started is stopped after the test. */
  startDemo: (options?: Partial<DemoOptions>) => Promise<DemoStack>;
}

export const test = base.extend<Fixtures>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
      await use(errors);
      expect(errors, 'uncaught errors in the page').toEqual([]);
    },
    { auto: true },
  ],

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
});

export { expect };
