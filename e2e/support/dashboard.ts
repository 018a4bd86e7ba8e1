import { expect, type Locator, type Page } from '@playwright/test';

/** One row of the "Top hashtags" table as a reader sees it. */
export interface TopRow {
  rank: number;
  display: string;
  count: number;
  /** The visible marker: `▲2`, `▼1`, `NEW` or `–`. */
  change: string;
}

/** What the page shows at one instant: the table, the tweets in the window and the window's text. */
export interface Shown {
  rows: TopRow[];
  windowText: string;
  /** Tweets in the window, from the status line; null before the first result. */
  tweets: number | null;
}

export function topTable(page: Page): Locator {
  return page.getByRole('table', { name: 'Top hashtags' });
}

export function statusLine(page: Page): Locator {
  return page.getByTestId('status-line');
}

/** Waits until the table has rows of hashtags (the first result has arrived and been drawn). */
export async function waitForRows(page: Page, timeout = 20_000): Promise<void> {
  await expect(topTable(page).locator('tbody tr td.column-tag').first()).toBeVisible({ timeout });
}

/**
 * Reads the table, the window and the window's tweet count in one go inside the page, so all three
 * come from the same render (results arrive every second; separate reads could straddle two).
 */
export async function readShown(page: Page): Promise<Shown> {
  return page.evaluate(() => {
    const table = document.querySelector('table[aria-label="Top hashtags"]');
    const rows = Array.from(table?.querySelectorAll('tbody tr') ?? [])
      .filter((tr) => tr.querySelector('td.column-tag'))
      .map((tr) => ({
        rank: Number(tr.querySelector('td.column-rank')?.textContent),
        display: tr.querySelector('.tag-name')?.textContent ?? '',
        count: Number(tr.querySelector('td.column-count')?.getAttribute('data-value')),
        change: tr.querySelector('.rank-change [aria-hidden="true"]')?.textContent ?? '',
      }));
    const status = document.querySelector('[data-testid="status-line"]')?.textContent ?? '';
    const tweets = /([\d,]+) tweets/.exec(status)?.[1];
    return {
      rows,
      windowText: document.querySelector('[data-testid="window-range"]')?.textContent ?? '',
      tweets: tweets === undefined ? null : Number(tweets.replaceAll(',', '')),
    };
  });
}

/**
 * The window the status line shows, in epoch ms: `2026-11-01 18:05:50–18:06:10 UTC`,
 * `18:05:50–18:06:10 UTC` (today) or `2026-11-01 23:59:50 – 2026-11-02 00:00:10 UTC`.
 */
export function parseWindowText(text: string, today = new Date()): { start: number; end: number } | null {
  const time = String.raw`(\d\d:\d\d:\d\d(?:\.\d{3})?)`;
  const date = String.raw`(\d{4}-\d\d-\d\d)`;
  const oneDay = new RegExp(String.raw`^(?:${date} )?${time}–${time} UTC$`).exec(text.trim());
  if (oneDay) {
    const day = oneDay[1] ?? today.toISOString().slice(0, 10);
    return { start: Date.parse(`${day}T${oneDay[2]}Z`), end: Date.parse(`${day}T${oneDay[3]}Z`) };
  }
  const twoDays = new RegExp(String.raw`^${date} ${time} – ${date} ${time} UTC$`).exec(text.trim());
  if (twoDays) {
    return {
      start: Date.parse(`${twoDays[1]}T${twoDays[2]}Z`),
      end: Date.parse(`${twoDays[3]}T${twoDays[4]}Z`),
    };
  }
  return null;
}

/** The length of the window shown in the status line, in ms, or null when there is none. */
export async function shownWindowMs(page: Page): Promise<number | null> {
  const text = (await page.getByTestId('window-range').textContent()) ?? '';
  const range = parseWindowText(text);
  return range ? range.end - range.start : null;
}

/** The tag key a display form counts under: without the sign, NFC, lower case (DESIGN §2). */
export function tagKeyOf(display: string): string {
  return display.replace(/^[#＃]/, '').normalize('NFC').toLowerCase();
}

/** The keys of the rows, in order: a fingerprint of what the table shows. */
export function fingerprint(shown: Shown): string {
  return `${shown.windowText}|${shown.rows.map((row) => `${row.display}:${row.count}`).join(',')}`;
}
