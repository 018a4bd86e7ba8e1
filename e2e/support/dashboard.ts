import { expect, type Locator, type Page } from '@playwright/test';
import { screenshotPath } from './paths.ts';

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

/**
 * The little of the DOM that page-side code here uses. The e2e sources compile without the DOM library
 * (they share the Node project's settings), so elements handed to `evaluate` are untyped; this names them.
 */
export interface PageNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<PageNode>;
  querySelector(selector: string): PageNode | null;
  querySelectorAll(selector: string): ArrayLike<PageNode>;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { x: number; y: number; width: number; height: number; right: number };
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
  // Page-side code reaches the document through an element: the e2e sources compile without DOM types.
  return page.locator('body').evaluate((body) => {
    const doc = body.ownerDocument;
    const table = doc.querySelector('table[aria-label="Top hashtags"]');
    const rows = Array.from((table?.querySelectorAll('tbody tr') ?? []) as ArrayLike<PageNode>)
      // Rows of the top only: not one held for keyboard focus after its tag left the top.
      .filter((tr) => tr.querySelector('td.column-tag') && tr.getAttribute('class') !== 'left-top')
      .map((tr) => ({
        rank: Number(tr.querySelector('td.column-rank')?.textContent),
        display: String(tr.querySelector('.tag-name')?.textContent ?? ''),
        count: Number(tr.querySelector('td.column-count')?.getAttribute('data-value')),
        change: String(tr.querySelector('.rank-change [aria-hidden="true"]')?.textContent ?? ''),
      }));
    const status = String(doc.querySelector('[data-testid="status-line"]')?.textContent ?? '');
    const tweets = /([\d,]+) tweets/.exec(status)?.[1];
    return {
      rows,
      windowText: String(doc.querySelector('[data-testid="window-range"]')?.textContent ?? ''),
      tweets: tweets === undefined ? null : Number(tweets.replaceAll(',', '')),
    };
  });
}

/** Horizontal overflow of the page, in CSS pixels: 0 when nothing scrolls sideways. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page
    .locator('body')
    .evaluate((body) =>
      Number(body.ownerDocument.documentElement.scrollWidth - body.ownerDocument.documentElement.clientWidth),
    );
}

/**
 * A full-page screenshot for review, taken once the bar chart has stopped moving: reduced motion makes
 * the chart draw each result at once (no bars caught half-way), then motion is given back.
 */
export async function reviewScreenshot(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.locator('body').evaluate(
    (body) =>
      new Promise<void>((resolve) => {
        const win = body.ownerDocument.defaultView;
        const geometry = () =>
          Array.from(
            body.ownerDocument.querySelectorAll('[data-testid="leaderboard-chart"] [data-role]'),
            (element: PageNode) => {
              const box = element.getBoundingClientRect();
              return `${box.x},${box.y},${box.width}`;
            },
          ).join(';');
        let previous = geometry();
        let still = 0;
        let frames = 0;
        const check = () => {
          const current = geometry();
          still = current === previous ? still + 1 : 0;
          previous = current;
          if (still >= 3 || ++frames > 120) resolve();
          else win.requestAnimationFrame(check);
        };
        win.requestAnimationFrame(check);
      }),
  );
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
  await page.emulateMedia({ reducedMotion: null });
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
  return display
    .replace(/^[#＃]/, '')
    .normalize('NFC')
    .toLowerCase();
}

/** The keys of the rows, in order: a fingerprint of what the table shows. */
export function fingerprint(shown: Shown): string {
  return `${shown.windowText}|${shown.rows.map((row) => `${row.display}:${row.count}`).join(',')}`;
}
