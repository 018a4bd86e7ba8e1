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

test('export PNG: the chart downloads as a PNG picture of its size', async ({ page }) => {
  await page.goto('/');
  await waitForRows(page);
  const chartBox = await page.locator('.top-chart svg').first().boundingBox();
  expect(chartBox).not.toBeNull();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export PNG' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^tagstream-top-2026-11-01T\d\d-\d\d-\d\dZ\.png$/);
  const png = await readFile(await download.path());
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  // Painted at twice the on-screen size, so it is sharp on high-density screens and in slides.
  expect(png.readUInt32BE(16)).toBe(Math.ceil(chartBox!.width * 2));
  expect(png.readUInt32BE(20)).toBe(Math.ceil(chartBox!.height * 2));
  // Not an empty canvas: bars and labels compress to more than a blank picture does.
  expect(png.length).toBeGreaterThan(5_000);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
