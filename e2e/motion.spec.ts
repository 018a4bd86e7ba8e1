import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { waitForRows } from './support/dashboard.ts';
import { sampleMotion, type MotionReport } from './support/motion.ts';
import type { DemoStack } from './support/stack.ts';

/** How many rows the chart shows right now. */
function chartRows(page: Page): Promise<number> {
  return page.getByTestId('leaderboard-chart').locator('[data-tag]').count();
}

/** Every frame honest, and enough of them, with the chart really moving. */
function expectLegible(report: MotionReport, minRows: number) {
  expect(report.violations, `${JSON.stringify(report.badFrames)} in ${report.frames} frames`).toEqual([]);
  expect(report.frames).toBeGreaterThan(100);
  expect(report.framesWithRows).toBe(report.frames);
  expect(report.maxRows).toBeGreaterThanOrEqual(minRows);
  // A result a second for 8 s: the bars moved in many frames, not once.
  expect(report.movingFrames).toBeGreaterThan(20);
}

async function setTop(request: APIRequestContext, stack: DemoStack, topK: number) {
  expect((await request.put(`${stack.url}/api/settings`, { data: { topK } })).ok()).toBe(true);
}

test('motion: every frame of the leaderboard keeps labels on their bars and bars in the order of their counts', async ({
  page,
  request,
  scratchDemo: stack,
}) => {
  test.setTimeout(90_000);
  await page.goto(stack.url);
  await waitForRows(page);

  // Top 10 at 10×: a result every second, each animated.
  expectLegible(await sampleMotion(page, 8_000), 10);

  // Top 25: more rows crossing each other.
  await setTop(request, stack, 25);
  await expect.poll(() => chartRows(page), { timeout: 20_000 }).toBeGreaterThan(20);
  expectLegible(await sampleMotion(page, 8_000), 21);

  // Reduced motion: no tweening; the bars change only when a result arrives, never in between.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const still = await sampleMotion(page, 3_000);
  await page.emulateMedia({ reducedMotion: null });
  expect(still.violations).toEqual([]);
  expect(still.movingFrames).toBeGreaterThan(0);
  // About three results in 3 s: a frame or two each (a new result, then a leaver removed), no more.
  expect(still.movingFrames).toBeLessThanOrEqual(8);

  // Max speed: results faster than any animation.
  expect((await request.post(`${stack.url}/api/replay/speed`, { data: { speed: 'max' } })).ok()).toBe(true);
  try {
    const fast = await sampleMotion(page, 4_000);
    expect(fast.violations, JSON.stringify(fast.badFrames)).toEqual([]);
    expect(fast.movingFrames).toBeGreaterThan(10);
  } finally {
    await request.post(`${stack.url}/api/replay/speed`, { data: { speed: 10 } });
  }
});
