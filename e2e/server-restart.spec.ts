import { expect, test } from './support/fixtures.ts';
import { fingerprint, readShown, reviewScreenshot, topTable, waitForRows } from './support/dashboard.ts';
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
  const connection = page.locator('[data-testid="status-line"] .connection');
  await expect(connection).toHaveText('Connected');

  // SIGTERM: the server shuts down gracefully, closing every dashboard's connection on purpose.
  await stack.stop();
  const banner = page.getByRole('alert').filter({ hasText: 'The server cannot be reached.' });
  await expect(banner).toBeVisible({ timeout: 15_000 });
  await expect(banner).toContainText('The figures shown are the last ones received.');
  await expect(banner).toContainText('Reconnecting by itself');
  await expect(connection).toHaveText('Reconnecting…');
  // Where people look: the header counts down to the next attempt, and the cards say they are stale.
  await expect(page.getByTestId('view-state')).toHaveText(/^Server gone · reconnecting (in \d+ s|now)$/);
  await expect(page.locator('#source')).toContainText('unknown: the server is not reachable');
  await expect(page.locator('#leaderboard .stale-mark')).toHaveText('stale');
  // What was on screen stays, marked stale.
  await expect(topTable(page).locator('tbody td.column-tag').first()).toBeVisible();
  await expect(page.locator('main.dashboard')).toHaveClass(/\bstale\b/);
  await reviewScreenshot(page, 'server-gone');

  // The same command on the same port: the page finds it without being touched.
  await stack.start();
  await expect(banner).toBeHidden({ timeout: 30_000 });
  await expect(connection).toHaveText('Connected');
  await expect(page.locator('main.dashboard')).not.toHaveClass(/\bstale\b/);
  await expect(page.getByTestId('view-state')).toHaveText('Live');
  await expect(page.locator('#leaderboard .stale-mark')).toHaveCount(0);
  // The new server's results fill the table and keep coming.
  await waitForRows(page);
  const afterReconnect = fingerprint(await readShown(page));
  await expect
    .poll(async () => fingerprint(await readShown(page)), { timeout: 20_000 })
    .not.toBe(afterReconnect);
  await waitForRows(page);
});
