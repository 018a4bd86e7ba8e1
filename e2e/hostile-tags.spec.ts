import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import type { DemoStack } from './support/stack.ts';
import {
  horizontalOverflow,
  type PageNode,
  readShown,
  reviewScreenshot,
  topTable,
  waitForRows,
} from './support/dashboard.ts';
import { HOSTILE, hostileRecording, MARKUP, SCRIPT_MARKUP } from './support/recordings.ts';
import { tempDir } from './support/stack.ts';

const ALL = Object.values(HOSTILE);

/** A value for a double-quoted CSS attribute selector. */
function cssString(value: string): string {
  return value.replace(/["\\]/g, '\\$&').replace(/\n/g, '\\a ');
}

/** A demo looping the hostile recording; resolves once the page shows all of its tags. */
async function openHostile(
  page: Page,
  startDemo: (options: { file: string; recordings: string }) => Promise<DemoStack>,
) {
  const dir = await tempDir('hostile');
  const file = path.join(dir, 'hostile.jsonl');
  await writeFile(file, hostileRecording());
  const stack = await startDemo({ file, recordings: dir });
  await page.goto(stack.url);
  await waitForRows(page);
  await expect
    .poll(async () => (await readShown(page)).rows.map((row) => row.display).sort(), { timeout: 20_000 })
    .toEqual([...ALL].sort());
}

function rowOf(page: Page, display: string) {
  return topTable(page)
    .locator('tbody tr')
    .filter({ has: page.locator(`.tag-name[title="${cssString(display)}"]`) });
}

function detailsPanel(page: Page) {
  return page.getByRole('region').filter({ has: page.getByRole('button', { name: 'Close details' }) });
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
  await openHostile(page, startDemo);
  const table = topTable(page);

  for (const display of ALL) {
    const row = rowOf(page, display);
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
  const longName = rowOf(page, HOSTILE.long).locator('.tag-name');
  const cut = await longName.evaluate((element) => ({
    overflows: element.scrollWidth > element.clientWidth,
    ellipsis: String(element.ownerDocument.defaultView.getComputedStyle(element).textOverflow),
    right: element.getBoundingClientRect().right,
  }));
  expect(cut.overflows).toBe(true);
  expect(cut.ellipsis).toBe('ellipsis');
  const tableBox = await table.boundingBox();
  expect(cut.right).toBeLessThanOrEqual(tableBox!.x + tableBox!.width);
  expect(await horizontalOverflow(page)).toBe(0);
  // In the chart, its label is cut with an ellipsis to the label column and the whole tag is the tooltip.
  const label = await page
    .getByTestId('leaderboard-chart')
    .locator('[data-role="label"]')
    .evaluateAll(
      (labels, long) =>
        labels
          .filter((element) => element.getAttribute('title') === long)
          .map((element) => ({
            overflows: element.scrollWidth > element.clientWidth,
            ellipsis: String(element.ownerDocument.defaultView!.getComputedStyle(element).textOverflow),
            width: element.getBoundingClientRect().width,
            bar: element.parentElement!.querySelector('[data-role="bar"]')!.getBoundingClientRect().left,
            right: element.getBoundingClientRect().right,
          })),
      HOSTILE.long,
    );
  expect(label).toHaveLength(1);
  expect(label[0]!.overflows).toBe(true);
  expect(label[0]!.ellipsis).toBe('ellipsis');
  expect(label[0]!.width).toBeLessThanOrEqual(400);
  // Cut before its bar, not running over it.
  expect(label[0]!.right).toBeLessThanOrEqual(label[0]!.bar);

  // Right to left: the tag is isolated (bdi) so it does not reorder the row around it.
  await expect(rowOf(page, HOSTILE.arabic).locator('bdi.tag-name')).toHaveCount(1);
  await expect(rowOf(page, HOSTILE.hebrew).locator('bdi.tag-name')).toHaveCount(1);

  // The markup around #xss_img stays text, in the table and in the drill-down's sample tweets.
  await rowOf(page, HOSTILE.afterMarkup).getByRole('button').click();
  const details = detailsPanel(page);
  const samples = details.locator('.samples .sample-text');
  await expect(samples.first()).toBeVisible();
  await expect(samples.first()).toContainText(MARKUP);
  await expect(samples.first()).toContainText(SCRIPT_MARKUP);
  await expect(details.locator('.sample-meta').first()).toContainText('@<b>e2e</b>');
  // Nothing ran and nothing was injected.
  expect(dialogs).toEqual([]);
  const injected = await page.locator('body').evaluate((body) => {
    const doc = body.ownerDocument;
    return {
      images: Number(doc.querySelectorAll('img').length),
      handlers: Number(doc.querySelectorAll('[onerror], [onload]').length),
      inlineScripts: Array.from(doc.querySelectorAll('script') as ArrayLike<PageNode>).filter(
        (script) => !script.getAttribute('src'),
      ).length,
      bold: Number(doc.querySelectorAll('main b').length),
    };
  });
  expect(injected).toEqual({ images: 0, handlers: 0, inlineScripts: 0, bold: 0 });

  await page.locator('#leaderboard').scrollIntoViewIfNeeded();
  await reviewScreenshot(page, 'hostile-tags');
  expect(dialogs).toEqual([]);
});

test(
  // Guards the server's router maxParamLength: fastify's default (100) answered 414 for long tags.
  'hostile tags: the details of the 500-character tag open with its tweets',
  async ({ page, startDemo }) => {
    await openHostile(page, startDemo);
    await rowOf(page, HOSTILE.long).getByRole('button').click();
    const details = detailsPanel(page);
    await expect(details.getByRole('heading', { level: 2 }).locator('.tag-name')).toHaveAttribute(
      'title',
      HOSTILE.long,
    );
    await expect(details.getByRole('alert')).toHaveCount(0);
    await expect(details.locator('.samples .sample-text').first()).toContainText(HOSTILE.long);
    await expect(details.locator('.tag-series-chart .recharts-line-curve')).toBeVisible();
  },
);
