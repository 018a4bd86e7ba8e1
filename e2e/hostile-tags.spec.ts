import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './support/fixtures.ts';
import { readShown, topTable, waitForRows } from './support/dashboard.ts';
import { screenshotPath } from './support/paths.ts';
import { HOSTILE, hostileRecording, MARKUP, SCRIPT_MARKUP } from './support/recordings.ts';
import { tempDir } from './support/stack.ts';

const ALL = Object.values(HOSTILE);

/** A value for a double-quoted CSS attribute selector. */
function cssString(value: string): string {
  return value.replace(/["\\]/g, '\\$&').replace(/\n/g, '\\a ');
}

test('hostile tags: right-to-left, ZWJ sequences, a 500-character tag and markup render safely', async ({
  page,
  startDemo,
}) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const dir = await tempDir('hostile');
  const file = path.join(dir, 'hostile.jsonl');
  await writeFile(file, hostileRecording());
  const stack = await startDemo({ file, recordings: dir });

  await page.goto(stack.url);
  await waitForRows(page);
  await expect
    .poll(async () => (await readShown(page)).rows.map((row) => row.display).sort(), { timeout: 20_000 })
    .toEqual([...ALL].sort());

  const table = topTable(page);
  const rowOf = (display: string) =>
    table.locator('tbody tr').filter({ has: page.locator(`.tag-name[title="${cssString(display)}"]`) });

  for (const display of ALL) {
    const row = rowOf(display);
    await expect(row).toHaveCount(1);
    await row.scrollIntoViewIfNeeded();
    await expect(row).toBeVisible();
    // The full text is in the page (for copy and screen readers) and in the tooltip.
    await expect(row.locator('.tag-name')).toHaveText(display);
    await expect(row.locator('.tag-name')).toHaveAttribute('title', display);
    // Rank, tag and count stay in their columns whatever the tag's direction.
    const [rank, tag, count] = await Promise.all(
      ['td.column-rank', 'td.column-tag', 'td.column-count'].map((cell) => row.locator(cell).boundingBox()),
    );
    expect(rank!.x).toBeLessThan(tag!.x);
    expect(tag!.x + tag!.width).toBeLessThanOrEqual(count!.x + 1);
    await expect(row.locator('td.column-count')).toHaveText(/^\d+$/);
  }

  // The 500-character tag is cut with an ellipsis in the table, whole in its tooltip, and does not
  // widen the page.
  const longName = rowOf(HOSTILE.long).locator('.tag-name');
  const cut = await longName.evaluate((element) => ({
    overflows: element.scrollWidth > element.clientWidth,
    ellipsis: getComputedStyle(element).textOverflow,
    right: element.getBoundingClientRect().right,
  }));
  expect(cut.overflows).toBe(true);
  expect(cut.ellipsis).toBe('ellipsis');
  const tableBox = await table.boundingBox();
  expect(cut.right).toBeLessThanOrEqual(tableBox!.x + tableBox!.width);
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBe(0);
  // In the chart, its label is fitted with an ellipsis and the whole tag is the SVG tooltip.
  const label = await page.locator('.top-chart text.tag-bar-label').evaluateAll(
    (labels, long) =>
      labels
        .filter((text) => text.querySelector('title')?.textContent === long)
        .map((text) => ({
          shown: Array.from(text.childNodes)
            .filter((node) => node.nodeType === Node.TEXT_NODE)
            .map((node) => node.textContent)
            .join(''),
          width: text.getBoundingClientRect().width,
        })),
    HOSTILE.long,
  );
  expect(label).toHaveLength(1);
  expect(label[0]!.shown.endsWith('…')).toBe(true);
  expect(label[0]!.shown.length).toBeLessThan(60);
  expect(label[0]!.width).toBeLessThanOrEqual(400);

  // Right to left: the tag is isolated (bdi) so it does not reorder the row around it.
  await expect(rowOf(HOSTILE.arabic).locator('bdi.tag-name')).toHaveCount(1);
  await expect(rowOf(HOSTILE.hebrew).locator('bdi.tag-name')).toHaveCount(1);

  // The markup around #xss_img stays text, in the table and in the drill-down's sample tweets.
  await rowOf(HOSTILE.afterMarkup).getByRole('button').click();
  const details = page.getByRole('region').filter({ has: page.getByRole('button', { name: 'Close details' }) });
  const samples = details.locator('.samples .sample-text');
  await expect(samples.first()).toBeVisible();
  await expect(samples.first()).toContainText(MARKUP);
  await expect(samples.first()).toContainText(SCRIPT_MARKUP);
  await expect(details.locator('.sample-meta').first()).toContainText('@<b>e2e</b>');
  // And the long tag's details open too, with the whole tag in the heading's tooltip.
  await rowOf(HOSTILE.long).getByRole('button').click();
  await expect(details.getByRole('heading', { level: 2 }).locator('.tag-name')).toHaveAttribute(
    'title',
    HOSTILE.long,
  );
  await expect(details.locator('.samples .sample-text').first()).toContainText(HOSTILE.long);

  // Nothing ran and nothing was injected.
  expect(dialogs).toEqual([]);
  const injected = await page.evaluate(() => ({
    images: document.querySelectorAll('img').length,
    handlers: document.querySelectorAll('[onerror], [onload]').length,
    inlineScripts: Array.from(document.scripts).filter((script) => !script.src).length,
    bold: document.querySelectorAll('main b').length,
  }));
  expect(injected).toEqual({ images: 0, handlers: 0, inlineScripts: 0, bold: 0 });

  await page.locator('#leaderboard').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('hostile-tags'), fullPage: true });
  expect(dialogs).toEqual([]);
});
