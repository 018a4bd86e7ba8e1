import { expect, test } from './support/fixtures.ts';
import { readShown, reviewScreenshot, tagKeyOf, type Shown, waitForRows } from './support/dashboard.ts';

const RULE = '#BreakingNews OR #Ether';
const MATCHING = ['breakingnews', 'ether'];

/**
 * Whether the window shown can only hold tweets matching RULE. Every such tweet carries #Ether or
 * #BreakingNews, so their two counts add up to at least the window's tweets. A tag missing from the
 * top K counts at most as much as the last row. (Without the filter, the window holds hundreds of
 * tweets and #Ether a few dozen.)
 */
function onlyMatching(shown: Shown): boolean {
  if (shown.rows.length === 0 || shown.tweets === null || shown.tweets === 0) return false;
  const lowest = shown.rows.at(-1)!.count;
  const atMost = MATCHING.map(
    (key) => shown.rows.find((row) => tagKeyOf(row.display) === key)?.count ?? lowest,
  ).reduce((a, b) => a + b, 0);
  return atMost >= shown.tweets;
}

test('track keywords: apply a rule, see only matching tweets counted, see a rule error inline, remove it', async ({
  page,
  request,
  scratchDemo: stack,
}) => {
  // Minutes 16–19 of the demo: #Ether swells and #BreakingNews breaks, so the rule always has tweets.
  await page.goto(stack.url);
  await waitForRows(page);
  await expect(page.getByText('No keywords: everything the source sends is counted.')).toBeVisible();
  expect(onlyMatching(await readShown(page))).toBe(false);

  const box = page.getByRole('textbox', { name: 'Track keywords' });
  await box.fill(RULE);
  await page.getByRole('button', { name: 'Apply' }).click();

  const chips = page.getByRole('list', { name: 'Tracked keywords' }).getByRole('listitem');
  await expect(chips).toHaveCount(1);
  await expect(chips.first()).toContainText(RULE);
  await expect(box).toHaveValue('');
  expect(await (await request.get(`${stack.url}/api/track`)).json()).toEqual({ keywords: [RULE] });

  // Once the window has moved past the change, every tweet in it matches; the other tags of those
  // tweets (#ETH rides along with #Ether) still count.
  await expect.poll(async () => onlyMatching(await readShown(page)), { timeout: 30_000 }).toBe(true);
  const filtered = await readShown(page);
  expect(filtered.rows.some((row) => !MATCHING.includes(tagKeyOf(row.display)))).toBe(true);
  expect(filtered.rows.some((row) => MATCHING.includes(tagKeyOf(row.display)))).toBe(true);

  // A rule the parser rejects: the error is shown under the box at the parser's position.
  const bad = '(ether';
  const refused = await request.put(`${stack.url}/api/track`, { data: { keywords: [RULE, bad] } });
  expect(refused.status()).toBe(400);
  const { rule } = (await refused.json()) as {
    rule: { index: number; position: number; length: number; message: string };
  };
  expect(rule.index).toBe(1);

  await box.fill(bad);
  await box.press('Enter');
  const error = page.locator('#track-keywords-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(error).toContainText(`${rule.message} (at character ${rule.position + 1})`);
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await expect(box).toHaveValue(bad);
  const marked = bad.slice(rule.position, rule.position + rule.length);
  await expect(error.locator('mark')).toHaveText(marked === '' ? ' ' : marked);
  // The caret line puts its first ^ under the offending character.
  const [source, caret] = ((await error.locator('pre').textContent()) ?? '').split('\n');
  expect(source).toBe(marked === '' ? `${bad.slice(0, rule.position)} ${bad.slice(rule.position)}` : bad);
  expect(caret?.indexOf('^')).toBe(rule.position);
  await reviewScreenshot(page, 'rule-error');
  // Nothing changed.
  await expect(chips).toHaveCount(1);
  expect(await (await request.get(`${stack.url}/api/track`)).json()).toEqual({ keywords: [RULE] });

  // Removing the chip removes the rule: everything counts again.
  await page.getByRole('button', { name: `Remove keyword ${RULE}` }).click();
  await expect(page.getByText('No keywords: everything the source sends is counted.')).toBeVisible();
  await expect(error).toBeHidden();
  expect(await (await request.get(`${stack.url}/api/track`)).json()).toEqual({ keywords: [] });
  await expect.poll(async () => onlyMatching(await readShown(page)), { timeout: 30_000 }).toBe(false);
});
