import { expect, test } from './support/fixtures.ts';
import { readShown, reviewScreenshot, tagKeyOf, waitForRows } from './support/dashboard.ts';

const CRYPTO = { name: 'crypto', rule: '#Ether OR #ETH' };
const NEWS = { name: 'news', rule: '#BreakingNews' };

test('trackers: create two, switch between them (the address says which), compare their share of voice', async ({
  page,
  request,
  scratchDemo: stack,
}) => {
  // Minutes 16–19 of the demo: #Ether swells and #BreakingNews breaks, so both trackers always have tweets.
  await page.goto(stack.url);
  await waitForRows(page);
  const panel = page.locator('#trackers');
  await expect(panel.getByText('No trackers: the page shows everything the source sends.')).toBeVisible();

  // Create two trackers through the page.
  for (const tracker of [CRYPTO, NEWS]) {
    await panel.getByLabel('Name').fill(tracker.name);
    await panel.getByLabel('Rule').fill(tracker.rule);
    await panel.getByRole('button', { name: 'Add tracker' }).click();
    await expect(panel.getByRole('button', { name: tracker.name, exact: true })).toBeVisible();
  }
  const list = panel.getByRole('list', { name: 'Trackers' }).getByRole('listitem');
  await expect(list).toHaveCount(2);
  expect(await (await request.get(`${stack.url}/api/trackers`)).json()).toEqual({ trackers: [CRYPTO, NEWS] });

  // A rule the parser rejects is shown under the box, and nothing changes.
  await panel.getByLabel('Name').fill('broken');
  await panel.getByLabel('Rule').fill('(ether');
  await panel.getByRole('button', { name: 'Add tracker' }).click();
  await expect(panel.locator('#trackers-error')).toContainText('never closed');
  await expect(list).toHaveCount(2);

  // Switch with the header's switcher: the address says which tracker, and the table holds only its tags.
  const switcher = page.getByRole('combobox', { name: 'Tracker' });
  await switcher.selectOption('news');
  await expect(page).toHaveURL(/[?&]tracker=news(&|$)/);
  await expect(page.getByTestId('leaderboard-tracker')).toHaveText('news');
  // Every tweet news counts carries #BreakingNews: it leads its table, with every tweet of the window.
  await expect
    .poll(
      async () => {
        const shown = await readShown(page);
        const first = shown.rows[0];
        return (
          first !== undefined && tagKeyOf(first.display) === 'breakingnews' && first.count === shown.tweets
        );
      },
      { timeout: 30_000 },
    )
    .toBe(true);

  // The tracker's own list: switching from the panel, and a reload keeps it.
  await panel.getByRole('button', { name: 'crypto', exact: true }).click();
  await expect(page).toHaveURL(/[?&]tracker=crypto(&|$)/);
  await page.reload();
  await expect(page.getByTestId('leaderboard-tracker')).toHaveText('crypto');
  await expect(switcher).toHaveValue('crypto');
  await expect
    .poll(
      async () => {
        const keys = (await readShown(page)).rows.map((row) => tagKeyOf(row.display));
        return keys.length > 0 && ['ether', 'eth'].includes(keys[0]!) && !keys.includes('breakingnews');
      },
      { timeout: 30_000 },
    )
    .toBe(true);

  // The compare view: a chart of both trackers' share of voice, each with its share of the latest window.
  await panel.getByRole('switch', { name: 'Compare trackers (share of voice)' }).check();
  await expect(page).toHaveURL(/[?&]compare=1(&|$)/);
  const compare = page.locator('#compare');
  await expect(compare.getByRole('heading', { name: 'Share of voice' })).toBeVisible();
  await expect(compare.getByTestId('compare-chart')).toBeVisible({ timeout: 30_000 });
  // One stacked area per tracker.
  await expect(compare.locator('.recharts-area')).toHaveCount(2);
  const shares = async () =>
    Promise.all(
      ['crypto', 'news'].map(async (name) => {
        const text = (await compare.getByTestId(`voice-${name}`).textContent()) ?? '';
        return { name, text, share: Number(/(\d+) %/.exec(text)?.[1] ?? NaN) };
      }),
    );
  await expect.poll(async () => (await shares()).every((s) => s.share > 0)).toBe(true);
  const both = await shares();
  // The two shares are of the same sum: they add up to 100 (give or take rounding).
  expect(Math.abs(both[0]!.share + both[1]!.share - 100)).toBeLessThanOrEqual(1);
  await reviewScreenshot(page, 'trackers-compare');

  // Removing a tracker while it is shown: the page goes back to everything.
  await panel.getByRole('button', { name: 'Remove tracker crypto' }).click();
  await expect(list).toHaveCount(1);
  await expect(page.getByTestId('leaderboard-tracker')).toHaveCount(0);
  await expect(page).not.toHaveURL(/tracker=crypto/);
  await expect(compare.getByText('Add two trackers to compare them.')).toBeVisible();
});
