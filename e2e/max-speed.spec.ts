import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { parseWindowText, waitForRows } from './support/dashboard.ts';

/** The window end the page shows, in epoch ms. */
async function shownEnd(page: Page): Promise<number | null> {
  return parseWindowText((await page.getByTestId('window-range').textContent()) ?? '')?.end ?? null;
}

test('a replay at max speed keeps the page current: it keeps redrawing and never falls behind', async ({
  page,
  request,
  startDemo,
}) => {
  const stack = await startDemo();
  await page.goto(stack.url);
  await waitForRows(page);

  const speed = await request.post(`${stack.url}/api/replay/speed`, { data: { speed: 'max' } });
  expect(speed.ok()).toBe(true);

  // The chart keeps moving: several different windows are drawn one after another.
  const seen = new Set<number>();
  await expect
    .poll(
      async () => {
        const end = await shownEnd(page);
        if (end !== null) seen.add(end);
        return seen.size;
      },
      { timeout: 20_000, intervals: [100] },
    )
    .toBeGreaterThanOrEqual(5);

  // The page still answers at once, and once the replay stops it shows the server's newest result:
  // nothing queued up behind it.
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeVisible({ timeout: 2_000 });
  // Lines already on their way may still close a window or two: compare with the server's newest each time.
  await expect
    .poll(
      async () => {
        const latest = (await (await request.get(`${stack.url}/api/top`)).json()) as {
          window: { end: string };
        };
        return (await shownEnd(page)) === Date.parse(latest.window.end);
      },
      { timeout: 5_000 },
    )
    .toBe(true);
});
