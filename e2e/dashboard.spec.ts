import { expect, test } from './support/fixtures.ts';
import {
  fingerprint,
  horizontalOverflow,
  parseWindowText,
  readShown,
  reviewScreenshot,
  statusLine,
  topTable,
  waitForRows,
} from './support/dashboard.ts';

// These journeys only look, so they share the suite's `tagstream demo` (the bundled recording, 10×).

test('first load: the table fills, the chart draws a bar per row, the status line is live and in tweet time', async ({
  page,
}) => {
  await page.goto('/');
  await waitForRows(page);

  await expect(statusLine(page)).toContainText('Connected');
  // The recording is from 2026-11-01 evening UTC: the window reads in tweet time, with its date.
  await expect(page.getByTestId('window-range')).toHaveText(/^2026-11-01 \d\d:\d\d:\d\d–\d\d:\d\d:\d\d UTC$/);
  await expect(statusLine(page)).toContainText(/updated \d+ s ago/);
  await expect(statusLine(page)).toContainText(/late \d+ · duplicates \d+ · malformed \d+/);

  const shown = await readShown(page);
  expect(shown.rows.length).toBeGreaterThan(0);
  expect(shown.rows.length).toBeLessThanOrEqual(10);
  expect(shown.rows.map((row) => row.rank)).toEqual(shown.rows.map((_, i) => i + 1));
  for (const [i, row] of shown.rows.entries()) {
    expect(row.display).toMatch(/^[#＃]\S/);
    expect(row.count).toBeGreaterThan(0);
    if (i > 0) expect(row.count).toBeLessThanOrEqual(shown.rows[i - 1]!.count);
  }
  expect(shown.tweets).toBeGreaterThan(0);
  // The demo counts in the Spark tutorial's 20 s windows.
  const range = parseWindowText(shown.windowText);
  expect(range && range.end - range.start).toBe(20_000);

  // One labelled bar per row, in the table's order (read together, once a transition has settled).
  await expect
    .poll(() =>
      page.locator('body').evaluate((body) => {
        const texts = (selector: string) =>
          Array.from(body.ownerDocument.querySelectorAll(selector), (element: { textContent: string }) =>
            String(element.textContent),
          );
        const rows = texts('table[aria-label="Top hashtags"] tbody .tag-name');
        const bars = texts('[data-testid="leaderboard-chart"] [data-role="label"]');
        return rows.length > 0 && JSON.stringify(rows) === JSON.stringify(bars);
      }),
    )
    .toBe(true);
  await expect(page.locator('[data-testid="leaderboard-chart"] [data-role="bar"]').first()).toBeVisible();

  await reviewScreenshot(page, 'first-load');
});

test('the push channel: one WebSocket from the start, no long-polling, each result one frame', async ({
  page,
}) => {
  const polling: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/socket.io/')) polling.push(request.url());
  });
  const sockets: string[] = [];
  let batches = 0;
  page.on('websocket', (ws) => {
    sockets.push(ws.url());
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string' && payload.startsWith('42["batch",')) batches++;
    });
  });
  await page.goto('/');
  await waitForRows(page);
  await expect(statusLine(page)).toContainText('Connected');
  await expect.poll(() => batches, { timeout: 20_000 }).toBeGreaterThan(1);

  expect(polling).toEqual([]);
  expect(sockets).toHaveLength(1);
  expect(sockets[0]).toMatch(/\/socket\.io\/\?.*transport=websocket/);
});

test('live updates: new results change the table, and rank changes are marked', async ({ page }) => {
  await page.goto('/');
  await waitForRows(page);
  const first = await readShown(page);

  // Each replayed second closes a 10 s batch: the window moves on and the table changes.
  await expect
    .poll(async () => fingerprint(await readShown(page)), { timeout: 20_000 })
    .not.toBe(fingerprint(first));
  const firstEnd = parseWindowText(first.windowText)!.end;
  await expect
    .poll(async () => parseWindowText((await readShown(page)).windowText)?.end ?? 0, { timeout: 20_000 })
    .toBeGreaterThan(firstEnd);

  // Tags climb, fall and arrive: a marker shows it, with words for screen readers.
  const table = topTable(page);
  const moved = table.locator('.rank-change-up, .rank-change-down, .rank-change-new').first();
  await expect(moved).toBeVisible({ timeout: 20_000 });
  const markers = await table.locator('tbody .rank-change').evaluateAll((spans) =>
    spans.map((span) => ({
      rank: Number(span.closest('tr')?.querySelector('td.column-rank')?.textContent),
      symbol: span.querySelector('[aria-hidden="true"]')?.textContent ?? '',
      spoken: span.querySelector('.visually-hidden')?.textContent ?? '',
    })),
  );
  expect(markers.length).toBeGreaterThan(0);
  for (const { rank, symbol, spoken } of markers) {
    const up = /^▲(\d+)$/.exec(symbol);
    const down = /^▼(\d+)$/.exec(symbol);
    if (up) expect(spoken).toMatch(new RegExp(`^up ${up[1]} places?, was ${rank + Number(up[1])}$`));
    else if (down)
      expect(spoken).toMatch(new RegExp(`^down ${down[1]} places?, was ${rank - Number(down[1])}$`));
    else if (symbol === 'NEW') expect(spoken).toBe('new in the top');
    else expect({ symbol, spoken }).toEqual({ symbol: '–', spoken: 'no change' });
  }
});

test('theme: the page follows the system colour scheme', async ({ page }) => {
  const colours = async () =>
    page.locator('body').evaluate((body) => {
      const style = body.ownerDocument.defaultView.getComputedStyle(body);
      const card = body.ownerDocument.querySelector('.card');
      return {
        background: String(style.backgroundColor),
        text: String(style.color),
        card: card ? String(body.ownerDocument.defaultView.getComputedStyle(card).backgroundColor) : '',
      };
    });
  const luminance = (rgb: string) => {
    const [r = 0, g = 0, b = 0] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };

  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await waitForRows(page);
  const light = await colours();

  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(async () => (await colours()).background).not.toBe(light.background);
  const dark = await colours();
  expect(luminance(dark.background)).toBeLessThan(luminance(light.background));
  expect(luminance(dark.text)).toBeGreaterThan(luminance(light.text));
  expect(dark.card).not.toBe(light.card);
  // Text stays readable on its background in the dark theme.
  expect(luminance(dark.text) - luminance(dark.background)).toBeGreaterThan(128);
  await reviewScreenshot(page, 'dark-theme');

  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(async () => (await colours()).background).toBe(light.background);
});

for (const layout of [
  { name: 'phone', width: 390, height: 844 },
  { name: 'wall', width: 2560, height: 1440 },
]) {
  test.describe(`${layout.name} layout`, () => {
    test.use({ viewport: { width: layout.width, height: layout.height } });

    test(`the table and the chart fit ${layout.width}×${layout.height} without horizontal scrolling`, async ({
      page,
    }) => {
      await page.goto('/');
      await waitForRows(page);
      const table = topTable(page);
      const chart = page.getByTestId('leaderboard-chart');
      await expect(table).toBeVisible();
      await expect(chart).toBeVisible();
      await expect(page.locator('[data-testid="leaderboard-chart"] [data-role="bar"]').first()).toBeVisible();

      expect(await horizontalOverflow(page)).toBe(0);
      for (const element of [table, chart, page.locator('.leaderboard')]) {
        const box = await element.boundingBox();
        expect(box).not.toBeNull();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(layout.width);
      }
      // Every row's count is on screen horizontally (not cut off by a too-wide tag column).
      const counts = await table
        .locator('tbody td.column-count')
        .evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().right));
      for (const right of counts) expect(right).toBeLessThanOrEqual(layout.width);

      await reviewScreenshot(page, layout.name);
    });
  });
}
