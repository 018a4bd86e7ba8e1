import { expect, test } from './support/fixtures.ts';
import { reviewScreenshot, tagKeyOf, topTable, waitForRows } from './support/dashboard.ts';
import type { Page } from '@playwright/test';

function detailsPanel(page: Page) {
  return page.getByRole('region').filter({ has: page.getByRole('button', { name: 'Close details' }) });
}

/** Sample texts hold the tag in any case or composition, with either sign. */
async function expectSamplesContain(page: Page, key: string) {
  const samples = detailsPanel(page).locator('.samples .sample-text');
  await expect(samples.first()).toBeVisible();
  const texts = await samples.allTextContents();
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) {
    const normalized = text.normalize('NFC').toLowerCase();
    expect(normalized.includes(`#${key}`) || normalized.includes(`＃${key}`), text).toBe(true);
  }
}

test('drill-down: a bar or a row opens that tag with sample tweets and its count over time', async ({
  page,
}) => {
  await page.goto('/');
  await waitForRows(page);

  // A bar first: the top one.
  await page.getByTestId('leaderboard-chart').locator('[data-role="bar"]').first().click();
  const details = detailsPanel(page);
  await expect(details).toBeVisible();
  const heading = details.getByRole('heading', { level: 2 });
  const display = (await heading.textContent()) ?? '';
  expect(display).toMatch(/^[#＃]/);
  const key = tagKeyOf(display);
  await expect.poll(() => new URL(page.url()).searchParams.get('tag')).toBe(key);
  await expect(details).toContainText(/Rank \d+ with [\d,]+ in the window|Not in the current top/);
  await expect(details.getByRole('heading', { name: 'Recent tweets' })).toBeVisible();
  await expectSamplesContain(page, key);
  // Its count per batch over the retained history, as a line.
  await expect(details.locator('.tag-series-chart .recharts-line-curve')).toBeVisible();
  await expect(heading).toBeFocused();
  await reviewScreenshot(page, 'drill-down');

  await details.getByRole('button', { name: 'Close details' }).click();
  await expect(details).toBeHidden();
  await expect(page).not.toHaveURL(/[?&]tag=/);

  // Then a row: the table's buttons do the same, for keyboards and screen readers.
  const rowDisplay = (await topTable(page).locator('tbody .tag-name').nth(1).textContent()) ?? '';
  // Found by name: rows reorder as results arrive.
  await topTable(page).getByRole('button', { name: rowDisplay, exact: true }).click();
  await expect(details.getByRole('heading', { level: 2 })).toHaveText(rowDisplay);
  await expectSamplesContain(page, tagKeyOf(rowDisplay));
  await expect(topTable(page).locator('tbody tr.selected .tag-name')).toHaveText(rowDisplay);

  // The view is in the address: a reload shows the same tag, and Back closes it.
  await page.reload();
  await expect(details.getByRole('heading', { level: 2 })).toHaveText(rowDisplay);
  await page.goBack();
  await expect(details).toBeHidden();
});
