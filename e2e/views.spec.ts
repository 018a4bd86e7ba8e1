import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { fingerprint, readShown, reviewScreenshot, topTable, waitForRows } from './support/dashboard.ts';
import { STEADY_TAGS, trendRecording } from './support/recordings.ts';
import { tempDir } from './support/stack.ts';

// These journeys only look (or change this browser's own preferences), so they share the suite's demo,
// except the trend's, which needs a recording whose leaders are known.

/** The area of an element's box inside the viewport, in CSS pixels². */
async function visibleArea(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).boundingBox();
  const viewport = page.viewportSize()!;
  if (!box) return 0;
  const width = Math.max(0, Math.min(box.x + box.width, viewport.width) - Math.max(box.x, 0));
  const height = Math.max(0, Math.min(box.y + box.height, viewport.height) - Math.max(box.y, 0));
  return width * height;
}

function chart(page: Page) {
  return page.getByTestId('leaderboard-chart');
}

test.describe('wall view', () => {
  test.use({ viewport: { width: 2560, height: 1440 } });

  test('?view=wall gives the chart and the headline numbers the whole screen, in type that reads from across the room', async ({
    page,
  }) => {
    await page.goto('/?view=wall');
    await expect(chart(page).locator('[data-role="bar"]').first()).toBeVisible({ timeout: 20_000 });

    const screen = 2560 * 1440;
    const covered =
      (await visibleArea(page, '[data-testid="headline"]')) +
      (await visibleArea(page, '[data-testid="leaderboard-chart"]'));
    console.log(
      `wall view: headline numbers and chart cover ${((covered / screen) * 100).toFixed(1)} % of 2560×1440`,
    );
    expect(covered / screen).toBeGreaterThanOrEqual(0.85);
    // Nothing else competes: no controls, no trends, no table, and nothing scrolls.
    await expect(page.locator('#controls')).toHaveCount(0);
    await expect(page.locator('#trends')).toHaveCount(0);
    await expect(topTable(page)).toBeHidden();
    const scroll = await page.locator('body').evaluate((body) => {
      const root = body.ownerDocument.documentElement;
      return { x: root.scrollWidth - root.clientWidth, y: root.scrollHeight - root.clientHeight };
    });
    expect(scroll).toEqual({ x: 0, y: 0 });
    // Type grows with the screen: labels and headline figures far above the laptop's 15 px.
    const sizes = await page.locator('body').evaluate((body) => {
      const doc = body.ownerDocument;
      const size = (selector: string) =>
        Number.parseFloat(doc.defaultView!.getComputedStyle(doc.querySelector(selector)!).fontSize);
      return { label: size('[data-role="label"]'), figure: size('.figure-value') };
    });
    expect(sizes.label).toBeGreaterThanOrEqual(28);
    expect(sizes.figure).toBeGreaterThanOrEqual(80);
    await reviewScreenshot(page, 'wall');
  });
});

test.describe('phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the chart comes first, whole above the fold, with names cut before counts never', async ({
    page,
  }) => {
    await page.goto('/');
    await waitForRows(page);
    const box = await chart(page).boundingBox();
    expect(box).not.toBeNull();
    // The whole chart on the first screen, under a header that takes little of it.
    expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    const header = await page.locator('.app-header').boundingBox();
    expect(header!.height / 844).toBeLessThan(0.25);
    // Every count is on screen, and a name is only cut when it is long: the label column has the room.
    const rows = await chart(page)
      .locator('[data-tag]')
      .evaluateAll((elements) =>
        elements.map((row) => {
          const label = row.querySelector('[data-role="label"]')!;
          const count = row.querySelector('[data-role="count"]')!.getBoundingClientRect();
          return {
            text: String(label.getAttribute('title')),
            cut: label.scrollWidth > label.clientWidth,
            countRight: count.right,
          };
        }),
      );
    for (const row of rows) {
      expect(row.countRight, row.text).toBeLessThanOrEqual(390);
      if ([...row.text].length <= 14) expect(row.cut, row.text).toBe(false);
    }
    await reviewScreenshot(page, 'phone');
  });
});

test('desktop: headline numbers above the chart, the state in the header, the controls in a side panel that stays closed once closed', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await waitForRows(page);
  const headline = page.getByTestId('headline');
  for (const id of ['rate', 'tweets', 'distinct', 'share']) {
    await expect(headline.getByTestId(`figure-${id}`).locator('.figure-value')).toHaveText(/^[\d,.]+%?$/);
  }
  await expect(headline.getByTestId('headline-window')).toContainText(/of tweet time/);
  expect((await headline.boundingBox())!.y).toBeLessThan((await chart(page).boundingBox())!.y);
  await expect(page.getByTestId('view-state')).toHaveText('Live');
  await reviewScreenshot(page, 'desktop-light');

  const controls = page.locator('#controls');
  const toggle = page.getByRole('button', { name: 'Controls' });
  await expect(controls).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const narrow = (await chart(page).boundingBox())!.width;
  await toggle.click();
  await expect(controls).toBeHidden();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect.poll(async () => (await chart(page).boundingBox())!.width).toBeGreaterThan(narrow + 200);
  await page.reload();
  await waitForRows(page);
  await expect(controls).toBeHidden();
  await page.getByRole('button', { name: 'Controls' }).click();
  await expect(controls).toBeVisible();
});

test('theme toggle: system, light or dark, remembered across reloads', async ({ page }) => {
  const background = () =>
    page
      .locator('body')
      .evaluate((body) => String(body.ownerDocument.defaultView!.getComputedStyle(body).backgroundColor));
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await waitForRows(page);
  const light = await background();

  await page.getByText('Display', { exact: true }).click();
  const theme = page.getByRole('group', { name: 'Theme' });
  await expect(theme.getByRole('radio', { name: 'System' })).toBeChecked();
  await theme.getByRole('radio', { name: 'Dark' }).check();
  await expect.poll(background).not.toBe(light);
  const dark = await background();
  await page.reload();
  await waitForRows(page);
  expect(await background()).toBe(dark);
  await page.getByText('Display', { exact: true }).click();
  await page.getByRole('group', { name: 'Theme' }).getByRole('radio', { name: 'System' }).check();
  await expect.poll(background).toBe(light);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(background).toBe(dark);
});

test('trends hold still: the same five lines while the top of the moment churns, each unbroken', async ({
  page,
  startDemo,
}) => {
  // A recording of its own, where which five tags lead over time is known (the shared demo's leaders
  // really do change now and then).
  const dir = await tempDir('trend');
  const file = path.join(dir, 'trend.jsonl');
  await writeFile(file, trendRecording());
  const stack = await startDemo({ file, recordings: dir });
  await page.goto(stack.url);
  await waitForRows(page);
  const trend = page.getByTestId('trend-chart');
  const legend = () => trend.getByRole('list', { name: 'Lines' }).locator('li').allTextContents();
  // The first results follow whoever led them; within a few results the lines settle on the leaders.
  await expect.poll(async () => [...(await legend())].sort(), { timeout: 30_000 }).toEqual(STEADY_TAGS);
  const lines = new Set<string>();
  const moments = new Set<string>();
  for (let i = 0; i < 12; i++) {
    lines.add((await legend()).join('|'));
    moments.add(
      (await readShown(page)).rows
        .slice(0, 5)
        .map((row) => row.display)
        .join('|'),
    );
    // Sampling the page once per half second for 6 s: results arrive every second.
    await page.waitForTimeout(500);
  }
  // The top five of the moment changed with nearly every result; the trend's five did not move.
  expect(moments.size, [...moments].join('\n')).toBeGreaterThanOrEqual(4);
  expect([...lines], [...lines].join('\n')).toHaveLength(1);
  // No gaps where a tag dipped out of the top (#Steady5, one window in three): every line is one stroke.
  const strokes = await trend
    .locator('.recharts-line-curve')
    .evaluateAll((paths) => paths.map((path) => (path.getAttribute('d')?.match(/M/g) ?? []).length));
  expect(strokes).toEqual([1, 1, 1, 1, 1]);
});

test('freeze view: the display holds still with a badge while results keep coming, then catches up', async ({
  page,
}) => {
  await page.goto('/');
  await waitForRows(page);
  await page.getByRole('button', { name: 'Freeze view' }).click();
  await expect(page.getByRole('button', { name: 'Freeze view' })).toHaveAttribute('aria-pressed', 'true');
  const held = fingerprint(await readShown(page));
  const badge = page.getByTestId('frozen-badge');
  await expect(badge).toHaveText(/^Frozen · [1-9]\d* new results?$/, { timeout: 10_000 });
  await expect(badge).toHaveText(/^Frozen · ([3-9]|\d\d+) new results$/, { timeout: 10_000 });
  expect(fingerprint(await readShown(page))).toBe(held);
  await reviewScreenshot(page, 'frozen');

  await page.getByRole('button', { name: 'Freeze view' }).click();
  await expect(badge).toBeHidden();
  await expect.poll(async () => fingerprint(await readShown(page)), { timeout: 10_000 }).not.toBe(held);
});

test('keyboard focus stays on the tag the reader chose, as its row moves and after it leaves the top', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await waitForRows(page);
  const focused = () =>
    page
      .locator('body')
      .evaluate((body) => body.ownerDocument.activeElement?.getAttribute('data-key') ?? null);
  const rowOf = (k: string) =>
    topTable(page).locator('tbody tr', { has: page.locator(`button[data-key="${k}"]`) });
  // The last row of the top is the likeliest to move and to leave; but a tag can hold tenth place
  // for a while in the demo, so when one does, the reader moves on to the row now last.
  const buttons = topTable(page).locator('tbody tr:not(.left-top) button[data-key]');
  let key: string | null = null;
  for (let attempt = 0; attempt < 4 && key === null; attempt++) {
    // Read and focused in one step in the page: between two steps the row may already be gone.
    const candidate = await buttons.last().evaluate((b) => {
      b.focus();
      return b.getAttribute('data-key')!;
    });
    if ((await focused()) !== candidate) continue;
    await expect(rowOf(candidate))
      .toHaveClass('left-top', { timeout: 20_000 })
      .then(
        () => (key = candidate),
        () => undefined,
      );
  }
  expect(key, 'one of four focused tags left the top within 20 s').not.toBeNull();
  const row = rowOf(key!);
  await expect(row).toContainText('left the top');
  expect(await focused()).toBe(key);
  // Once focus moves on, the held row goes with the next result.
  await page.getByRole('button', { name: 'Freeze view' }).focus();
  await expect(row).toHaveCount(0, { timeout: 10_000 });
});

test('only a new leader is announced, and the switch silences it', async ({ page }) => {
  await page.goto('/');
  await waitForRows(page);
  // The status line changes every second and is not a live region; the one live region is the announcer.
  await expect(page.getByTestId('status-line')).not.toHaveAttribute('role', 'status');
  await expect(page.locator('[aria-live="polite"], [role="status"]')).toHaveCount(1);
  const announcer = page.getByTestId('announcer');
  await expect(announcer).toHaveText(/^#\S+ now leads with [\d,]+\.$/, { timeout: 45_000 });

  await page.getByText('Display', { exact: true }).click();
  await page.getByRole('switch', { name: 'Announce new leaders' }).uncheck();
  await expect(announcer).toHaveText('');
});

test('fonts: CJK, Arabic, Hebrew, Devanagari and emoji draw real glyphs in the page font, not boxes', async ({
  page,
}) => {
  await page.goto('/');
  await waitForRows(page);
  const boxes = await page.locator('body').evaluate((body) => {
    const doc = body.ownerDocument;
    const font = doc.defaultView!.getComputedStyle(body).fontFamily;
    const canvas = doc.createElement('canvas');
    canvas.width = 64;
    canvas.height = 64;
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    const picture = (text: string) => {
      context.clearRect(0, 0, 64, 64);
      context.font = `40px ${font}`;
      context.fillStyle = '#000';
      context.fillText(text, 4, 48);
      return Array.from(context.getImageData(0, 0, 64, 64).data).join(',');
    };
    // A code point no font has: what a missing glyph looks like here.
    const missing = picture('\u{10FFFD}');
    return ['中', 'ゲ', '한', 'م', 'ש', 'न', '🔥'].filter((text) => picture(text) === missing);
  });
  expect(boxes).toEqual([]);
});

test('the dashboard’s JavaScript crosses the wire compressed, under 250 KiB', async ({ page }) => {
  const scripts: Array<{ url: string; encoding: string | undefined; bytes: number }> = [];
  page.on('response', (response) => {
    if (!response.url().endsWith('.js')) return;
    void response
      .request()
      .sizes()
      .then((sizes) =>
        scripts.push({
          url: response.url(),
          encoding: response.headers()['content-encoding'],
          bytes: sizes.responseBodySize,
        }),
      );
  });
  await page.goto('/');
  await waitForRows(page);
  await expect.poll(() => scripts.length).toBeGreaterThanOrEqual(4);
  const total = scripts.reduce((sum, script) => sum + script.bytes, 0);
  console.log(
    `dashboard JavaScript on the wire: ${(total / 1024).toFixed(1)} KiB in ${scripts.length} files`,
  );
  expect(total).toBeLessThan(250 * 1024);
  // Every file big enough to gain is compressed (the tiny runtime chunk is not worth it).
  for (const script of scripts.filter((s) => s.bytes > 1024)) expect(script.encoding, script.url).toBe('br');
});
