import type { Page } from '@playwright/test';
import type { TagDetail } from '@tagstream/protocol';
import { expect, test } from './support/fixtures.ts';
import { reviewScreenshot, tagKeyOf, topTable, waitForRows } from './support/dashboard.ts';

function detailsPanel(page: Page) {
  return page.getByRole('region').filter({ has: page.getByRole('button', { name: 'Close details' }) });
}

const peek = (page: Page) => page.getByTestId('related-peek');

test('drill-down: the tags found with a tag, clickable, its top authors and its languages; the leaderboard shows related tags on hover and focus', async ({
  page,
  request,
}) => {
  await page.goto('/');
  await waitForRows(page);

  // The leaderboard: pointing at a bar, or focusing a row, says which tags travel with it.
  await expect(peek(page)).toHaveText(/Point at a tag, or focus it/);
  const firstRow = page.getByTestId('leaderboard-chart').locator('.race-row').first();
  const pointed = (await firstRow.getAttribute('data-tag'))!;
  await firstRow.hover();
  await expect(peek(page)).toHaveText(/ is found with #\S+ \(\d+\)| is in no tweet with another tag/);
  const focusedButton = topTable(page).locator('tbody .tag-button').nth(1);
  const focusedName = (await focusedButton.locator('.tag-name').textContent())!;
  await focusedButton.focus();
  await expect(peek(page)).toContainText(focusedName);
  await expect(focusedButton).toHaveAttribute('aria-describedby', 'related-peek');
  // The pointer leaving the chart (or the chart moving away under it) keeps the focused row's peek.
  await page.mouse.move(1, 1);
  await expect(peek(page)).toContainText(focusedName);
  expect(pointed.length).toBeGreaterThan(0);

  // The drill-down of the leader.
  await page.getByTestId('leaderboard-chart').locator('[data-role="bar"]').first().click();
  const details = detailsPanel(page);
  const heading = details.getByRole('heading', { level: 2 });
  await expect(heading).toBeFocused();
  const key = tagKeyOf((await heading.textContent()) ?? '');

  const found = details.locator('.related-tags');
  await expect(found.getByRole('heading', { name: 'Found with' })).toBeVisible();
  const relatedButtons = found.getByRole('button');
  await expect(relatedButtons.first()).toBeVisible();
  // Each with its count and its share of this tag's tweets.
  for (const figures of await found.locator('.profile-figures').allTextContents())
    expect(figures).toMatch(/^[\d,]+ · (\d+%|<1%) of its tweets$/);

  const authors = details.locator('.tag-authors');
  await expect(authors.getByRole('heading', { name: 'Top authors' })).toBeVisible();
  const authorNames = await authors.locator('.profile-name').allTextContents();
  expect(authorNames.length).toBeGreaterThan(0);
  expect(authorNames.length).toBeLessThanOrEqual(10);
  for (const name of authorNames) expect(name).toMatch(/^@\w+$|^author not given$/);

  const languages = details.locator('.language-mix');
  await expect(languages.getByRole('heading', { name: 'Languages' })).toBeVisible();
  const languageNames = await languages.locator('.profile-name').allTextContents();
  expect(languageNames.length).toBeGreaterThan(0);
  for (const name of languageNames) expect(name).toMatch(/\([a-z]{2,3}(-\w+)?\)$|^not given$/);

  // What the page shows is what the API says, for the same window (the page re-reads every 3 s).
  await expect
    .poll(async () => {
      const api = (await (await request.get(`/api/tags/${encodeURIComponent(key)}`)).json()) as TagDetail;
      const shown = await authors.locator('.profile-name').allTextContents();
      const names = (api.authors ?? []).map((a) =>
        a.author === 'unknown' ? 'author not given' : `@${a.author}`,
      );
      const langCount = (api.languages ?? []).reduce((n, l) => n + l.count, 0);
      return (
        JSON.stringify(shown) === JSON.stringify(names) && langCount === api.count - (api.unrecorded ?? 0)
      );
    })
    .toBe(true);
  await reviewScreenshot(page, 'drill-down-related');

  // A related tag opens its own details.
  const next = (await relatedButtons.first().locator('.tag-name').textContent())!;
  await relatedButtons.first().click();
  await expect(heading).toHaveText(next);
  await expect.poll(() => new URL(page.url()).searchParams.get('tag')).toBe(tagKeyOf(next));
  await expect(details.locator('.related-tags').getByRole('heading', { name: 'Found with' })).toBeVisible();
  // Back returns to the tag before.
  await page.goBack();
  await expect.poll(() => new URL(page.url()).searchParams.get('tag')).toBe(key);
});

test('related tags: how many each entry lists is a setting of the settings panel', async ({
  page,
  request,
  scratchDemo: stack,
}) => {
  await page.goto(stack.url);
  await waitForRows(page);
  const field = page.getByLabel('Related tags');
  await expect(field).toHaveValue('5');
  await field.fill('2');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('#settings .card-subtitle')).toContainText('2 related');
  expect(await (await request.get(`${stack.url}/api/settings`)).json()).toMatchObject({ related: 2 });
  // The next results list at most two per entry.
  await expect
    .poll(async () => {
      const top = (await (await request.get(`${stack.url}/api/top`)).json()) as {
        top: { related?: unknown[] }[];
      };
      return top.top.length > 0 && top.top.every((e) => e.related !== undefined && e.related.length <= 2);
    })
    .toBe(true);
  await field.fill('51');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('A whole number from 0 (none) to 50.')).toBeVisible();
});
