import { expect, test } from './support/fixtures.ts';
import { reviewScreenshot, waitForRows } from './support/dashboard.ts';
import { demoSlice } from './support/recordings.ts';

test('the header says paused, then replay finished, where people look; the connection alone did not', async ({
  page,
  request,
  startDemo,
}) => {
  const file = await demoSlice(16, 17);
  const stack = await startDemo({ file });
  await page.goto(stack.url);
  await waitForRows(page);
  const state = page.getByTestId('view-state');
  await expect(state).toHaveText('Live');

  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(state).toHaveText('Paused');
  await expect(page.locator('[data-testid="status-line"] .connection')).toHaveText('Connected');
  await reviewScreenshot(page, 'paused');
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(state).toHaveText('Live');

  // A replay that runs to its end, not looping: the figures will not change any more.
  const name = file.split('/').pop()!;
  const replay = await request.post(`${stack.url}/api/replay`, {
    data: { file: name, speed: 'max', loop: false },
  });
  expect(replay.ok()).toBe(true);
  await expect(state).toHaveText('Replay finished', { timeout: 20_000 });
});

test('settings: a preset fills the form, and asks before it discards typed edits', async ({
  page,
  request,
  scratchDemo: stack,
}) => {
  await page.goto(stack.url);
  await waitForRows(page);
  const windowField = page.getByLabel('Window (s)');
  await expect(windowField).toHaveValue('20');
  await windowField.fill('40');
  await expect(page.getByText('Unsaved edits')).toBeVisible();

  const presets = page.getByRole('group', { name: 'Presets' });
  await presets.getByRole('button', { name: 'Demo', exact: true }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('Your edits to the form are not saved. Discard them and apply “Demo”?');
  await confirm.getByRole('button', { name: 'Keep my edits' }).click();
  await expect(confirm).toBeHidden();
  await expect(windowField).toHaveValue('40');
  expect(await (await request.get(`${stack.url}/api/settings`)).json()).toMatchObject({ windowMs: 20_000 });

  await presets.getByRole('button', { name: 'Demo', exact: true }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Discard edits and apply' }).click();
  await expect(windowField).toHaveValue('10');
  await expect
    .poll(
      async () =>
        ((await (await request.get(`${stack.url}/api/settings`)).json()) as { windowMs: number }).windowMs,
    )
    .toBe(10_000);
  await expect(presets.getByRole('button', { name: 'Demo', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByText('Unsaved edits')).toBeHidden();
  // The trend marks where the window changed, instead of mixing 20 s and 10 s windows unmarked.
  await expect(
    page.locator('#trends .settings-mark-label').filter({ hasText: 'window 20 s → 10 s' }),
  ).toBeVisible({
    timeout: 20_000,
  });
  await page.locator('#trends').scrollIntoViewIfNeeded();
  await reviewScreenshot(page, 'trends-after-preset');
});
