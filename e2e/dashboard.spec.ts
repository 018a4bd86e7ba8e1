import { expect, test } from '@playwright/test';

test('the dashboard fills the top hashtags table and then updates it', async ({ page }) => {
  await page.goto('/');
  const table = page.getByRole('table', { name: 'Top hashtags' });
  await expect(table).toBeVisible();

  const rows = table.locator('tbody tr');
  await expect(rows.first()).toBeVisible({ timeout: 15_000 });
  const count = await rows.count();
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThanOrEqual(10);
  await expect(rows.first()).toContainText('#');

  await expect(page.getByTestId('status-line')).toContainText(/connected/i);
  const first = await table.innerText();
  // Each replayed second closes a new 10 s batch: the table must change.
  await expect.poll(async () => table.innerText(), { timeout: 20_000 }).not.toBe(first);

  await page.screenshot({ path: 'e2e/output/dashboard.png', fullPage: true });
});

test('the chart draws one bar per top hashtag', async ({ page }) => {
  await page.goto('/');
  const table = page.getByRole('table', { name: 'Top hashtags' });
  await expect(table.locator('tbody tr').first()).toBeVisible({ timeout: 15_000 });
  const bars = page.locator('.recharts-bar-rectangle');
  await expect.poll(async () => bars.count(), { timeout: 10_000 }).toBeGreaterThan(0);
});
