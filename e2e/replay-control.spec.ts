import type { APIRequestContext, Page } from '@playwright/test';
import type { RecordingList, SourceReplay, SourceStatus } from '@tagstream/protocol';
import { expect, test } from './support/fixtures.ts';
import { readShown, reviewScreenshot, waitForRows } from './support/dashboard.ts';
import { demoSlice, uploadRecording } from './support/recordings.ts';

async function replayStatus(request: APIRequestContext, url: string): Promise<SourceReplay> {
  const body = (await (await request.get(`${url}/api/source`)).json()) as SourceStatus;
  if (!body.replay) throw new Error('no replay running');
  return body.replay;
}

function progressValue(page: Page): Promise<number> {
  return page
    .getByRole('progressbar', { name: 'Replay progress' })
    .getAttribute('value')
    .then((value) => Number(value));
}

test('replay control: pause, resume, change speed, upload a recording and replay it', async ({
  page,
  request,
  startDemo,
}) => {
  const stack = await startDemo({ file: await demoSlice(16, 19) });
  await page.goto(stack.url);
  await waitForRows(page);
  const progress = page.getByRole('progressbar', { name: 'Replay progress' });
  await expect(progress).toBeVisible();
  const progressText = page.locator('.replay-progress-text');
  await expect(progressText).toContainText(/tweet time 2026-11-01 \d\d:\d\d:\d\d UTC/);

  // The bar follows the replay while it plays: it moves, and moves again.
  let playing = await progressValue(page);
  for (let step = 0; step < 2; step++) {
    await expect.poll(() => progressValue(page), { timeout: 15_000 }).not.toBe(playing);
    playing = await progressValue(page);
  }

  // Pause: the button turns into Resume, the server says paused, and the position stops.
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeVisible();
  await expect(progressText).toContainText('paused');
  const paused = await replayStatus(request, stack.url);
  expect(paused.paused).toBe(true);
  await expect.poll(() => progressValue(page)).toBe(paused.position);
  const pausedText = await progressText.textContent();
  // No tweet arrives any more: the tweets per second fall to 0 over the server's 5 s meter, and
  // all that while the position and the tweet time stay where they were.
  const rate = page.locator('#source dt', { hasText: 'Tweets/s' }).locator('xpath=following-sibling::dd');
  await expect(rate).toHaveText('0', { timeout: 20_000 });
  expect(await progressValue(page)).toBe(paused.position);
  await expect(progressText).toHaveText(pausedText ?? '');
  expect((await replayStatus(request, stack.url)).position).toBe(paused.position);
  await reviewScreenshot(page, 'paused-replay');

  // Resume: it moves again.
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect(progressText).not.toContainText('paused');
  await expect.poll(() => progressValue(page), { timeout: 15_000 }).not.toBe(paused.position);
  expect((await replayStatus(request, stack.url)).paused).toBe(false);

  // Speed: applies to the running replay at once.
  const speed = page.getByRole('combobox', { name: 'Speed' });
  await expect(speed).toHaveValue('10');
  await speed.selectOption({ label: '60×' });
  await expect.poll(async () => (await replayStatus(request, stack.url)).speed).toBe(60);
  await expect(speed).toHaveValue('60');

  // Upload: a few lines with a tag of their own, from a week before what has been replayed. A new
  // replay is a stream of its own: counted afresh, not late.
  const weekBefore = Date.parse((await replayStatus(request, stack.url)).tweetTime!) - 7 * 86_400_000;
  const name = 'e2e-upload.jsonl';
  await page.getByLabel('Upload a recording').setInputFiles({
    name,
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(uploadRecording('#e2eUploadTag', weekBefore)),
  });
  await expect(page.getByRole('status').filter({ hasText: `Uploaded ${name}.` })).toBeVisible();
  const picker = page.getByRole('combobox', { name: 'Recording' });
  await expect(picker).toHaveValue(name);
  const listed = (await (await request.get(`${stack.url}/api/recordings`)).json()) as RecordingList;
  expect(listed.recordings.map((recording) => recording.name)).toContain(name);

  await page.getByRole('button', { name: 'Start replay' }).click();
  await expect.poll(async () => (await replayStatus(request, stack.url)).files).toEqual([name]);
  await expect(page.locator('.replay-files')).toHaveText(name);
  // Every tweet of the upload has the tag: it leads the table.
  await expect
    .poll(async () => (await readShown(page)).rows[0]?.display, { timeout: 30_000 })
    .toBe('#e2eUploadTag');
  await expect(page.getByRole('table', { name: 'Top hashtags' })).toContainText('#e2eCompanion');
  // Nothing of the demo is left on the board: the upload's two tags are all there is.
  expect((await readShown(page)).rows.map((row) => row.display).sort()).toEqual([
    '#e2eCompanion',
    '#e2eUploadTag',
  ]);
  const replay = await replayStatus(request, stack.url);
  expect(replay).toMatchObject({ speed: 60, loop: true, total: 80 });
});
