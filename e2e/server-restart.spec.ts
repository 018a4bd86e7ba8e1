import { expect, test } from './support/fixtures.ts';
import { parseWindowText, readShown, statusLine, topTable, waitForRows } from './support/dashboard.ts';
import { screenshotPath } from './support/paths.ts';
import { freePort, tempDir } from './support/stack.ts';

test('server restart: the page says the server is gone, then reconnects by itself and fills again', async ({
  page,
  startDemo,
}) => {
  const port = await freePort();
  const recordings = await tempDir('restart');
  const stack = await startDemo({ port, recordings });
  await page.goto(stack.url);
  await waitForRows(page);
  await expect(statusLine(page)).toContainText('Connected');

  // Let the replay get well into the recording, so the restarted one (from its start) is told apart.
  const endOf = async () => parseWindowText((await readShown(page)).windowText)?.end ?? 0;
  const twoMinutesIn = Date.parse('2026-11-01T18:02:00Z');
  await expect.poll(endOf, { timeout: 30_000 }).toBeGreaterThanOrEqual(twoMinutesIn);
  const lastBefore = await endOf();

  await stack.stop();
  const banner = page.getByRole('alert').filter({ hasText: 'The server cannot be reached.' });
  await expect(banner).toBeVisible({ timeout: 15_000 });
  await expect(banner).toContainText('The figures shown are the last ones received.');
  await expect(statusLine(page)).not.toContainText('Connected');
  // What was on screen stays, marked stale.
  await expect(topTable(page).locator('tbody td.column-tag').first()).toBeVisible();
  await expect(page.locator('main.dashboard')).toHaveClass(/\bstale\b/);
  await page.screenshot({ path: screenshotPath('server-gone'), fullPage: true });

  await stack.start();
  await expect(banner).toBeHidden({ timeout: 30_000 });
  await expect(statusLine(page)).toContainText('Connected');
  await expect(page.locator('main.dashboard')).not.toHaveClass(/\bstale\b/);
  // The new server replays from the start: its windows are earlier than the last one before.
  await waitForRows(page);
  await expect.poll(endOf, { timeout: 30_000 }).toBeLessThan(lastBefore);
  await waitForRows(page);
});
