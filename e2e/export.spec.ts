import { readFile } from 'node:fs/promises';
import { expect, test } from './support/fixtures.ts';
import { fingerprint, parseWindowText, readShown, waitForRows } from './support/dashboard.ts';

/** RFC 4180 cells: quotes around cells with commas, quotes or line ends; `""` for a quote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

test('export CSV: the file holds the rows of the table and its window', async ({ page }) => {
  await page.goto('/');
  await waitForRows(page);

  // Results arrive every second: export right after one arrived, and again if another one came in
  // while the file was being made.
  await expect(async () => {
    const previous = fingerprint(await readShown(page));
    await expect.poll(async () => fingerprint(await readShown(page)), { timeout: 5_000 }).not.toBe(previous);
    const before = await readShown(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const after = await readShown(page);
    if (fingerprint(before) !== fingerprint(after)) throw new Error('a new result arrived during the export');

    expect(download.suggestedFilename()).toMatch(/^tagstream-top-2026-11-01T\d\d-\d\d-\d\dZ\.csv$/);
    const text = await readFile(await download.path(), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual(['rank', 'hashtag', 'tag', 'count', 'prev_rank', 'window_start', 'window_end']);
    expect(rows.map(([rank, hashtag, , count]) => ({ rank, hashtag, count }))).toEqual(
      before.rows.map((row) => ({ rank: String(row.rank), hashtag: row.display, count: String(row.count) })),
    );
    const window = parseWindowText(before.windowText)!;
    for (const row of rows) {
      expect(Date.parse(row[5]!)).toBe(window.start);
      expect(Date.parse(row[6]!)).toBe(window.end);
    }
  }).toPass({ timeout: 30_000 });
});

test('export PNG: a picture drawn from the data, with every bar of the top in its tag colour', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await waitForRows(page);
  // The view frozen and its chart settled (no row still fading in or out), so that the bars read
  // below are those of the result exported, not of one that arrived meanwhile on a loaded machine.
  await page.getByRole('button', { name: 'Freeze view' }).click();
  const shown = await readShown(page);
  await expect(page.getByTestId('leaderboard-chart').locator('[data-role="bar"]')).toHaveCount(
    shown.rows.length,
  );

  const before = await readShown(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export PNG' }).click(),
  ]);
  const after = await readShown(page);
  expect(download.suggestedFilename()).toMatch(/^tagstream-top-2026-11-01T\d\d-\d\d-\d\dZ\.png$/);
  const png = await readFile(await download.path());
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  // A fixed layout at 2×, not a copy of the on-screen boxes: 1200 px wide, a title, a row per entry,
  // a legend (see top-png-layout.ts), whatever the window's size.
  expect(png.readUInt32BE(16)).toBe(2400);
  const rows = [before.rows.length, after.rows.length];
  expect(rows.map((n) => 2 * (80 + 96 + n * 36 + 84))).toContain(png.readUInt32BE(20));

  // Every tag of the top has a bar in its own colour, as the page's chart shows it.
  const colours = await page
    .getByTestId('leaderboard-chart')
    .locator('[data-role="bar"]')
    .evaluateAll((bars) =>
      bars.map((bar) => String(bar.ownerDocument.defaultView!.getComputedStyle(bar).backgroundColor)),
    );
  const pixels = await page.locator('body').evaluate(async (body, base64) => {
    const doc = body.ownerDocument;
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await doc.defaultView!.createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = doc.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const counts: Record<string, number> = {};
    for (let i = 0; i < data.length; i += 4) {
      const key = `rgb(${data[i]}, ${data[i + 1]}, ${data[i + 2]})`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return { counts, corner: `rgb(${data[0]}, ${data[1]}, ${data[2]})` };
  }, png.toString('base64'));
  // The light theme's card colour behind everything.
  expect(pixels.corner).toBe('rgb(255, 255, 255)');
  // A bar is at least a 2 px sliver 48 px high at 2×: ~100 pixels of exactly its colour.
  for (const colour of colours) expect(pixels.counts[colour] ?? 0, colour).toBeGreaterThan(80);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('copy link: the address of this view, with the tag open, goes to the clipboard', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await waitForRows(page);
  await page.getByTestId('leaderboard-chart').locator('[data-role="bar"]').first().click();
  await expect.poll(() => new URL(page.url()).searchParams.get('tag')).not.toBeNull();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Link copied.' })).toBeVisible();
  const copied = await page
    .locator('body')
    .evaluate(async (body) => String(await body.ownerDocument.defaultView!.navigator.clipboard.readText()));
  expect(copied).toBe(page.url());
  expect(new URL(copied).searchParams.get('tag')).toBe(new URL(page.url()).searchParams.get('tag'));
});
