import { expect, test } from './support/fixtures.ts';
import { shownWindowMs, waitForRows } from './support/dashboard.ts';

const PRESETS = [
  {
    name: 'Demo',
    batchMs: 2_000,
    windowMs: 10_000,
    slideMs: 2_000,
    subtitle: 'batch 2 s · window 10 s · slide 2 s',
  },
  {
    name: 'Last 5 minutes',
    batchMs: 10_000,
    windowMs: 300_000,
    slideMs: 10_000,
    subtitle: 'batch 10 s · window 5 min · slide 10 s',
  },
  {
    name: 'Spark tutorial: 10 s / 20 s',
    batchMs: 10_000,
    windowMs: 20_000,
    slideMs: 10_000,
    subtitle: 'batch 10 s · window 20 s · slide 10 s',
  },
];

test('settings presets: each one changes the window the counts are over, and the server agrees', async ({
  page,
  request,
  scratchDemo: stack,
}) => {
  await page.goto(stack.url);
  await waitForRows(page);
  const presets = page.getByRole('group', { name: 'Presets' });
  await expect(presets.getByRole('button', { name: 'Spark tutorial: 10 s / 20 s' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect.poll(() => shownWindowMs(page)).toBe(20_000);

  for (const preset of PRESETS) {
    await presets.getByRole('button', { name: preset.name, exact: true }).click();
    await expect(presets.getByRole('button', { name: preset.name, exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(presets.locator('[aria-pressed="true"]')).toHaveCount(1);
    await expect(page.locator('#settings .card-subtitle')).toContainText(preset.subtitle);
    await expect(page.getByLabel('Window (s)')).toHaveValue(String(preset.windowMs / 1000));
    // The next results are counted over the new window: the status line says so in tweet time.
    await expect.poll(() => shownWindowMs(page), { timeout: 30_000 }).toBe(preset.windowMs);
    expect(await (await request.get(`${stack.url}/api/settings`)).json()).toMatchObject({
      batchMs: preset.batchMs,
      windowMs: preset.windowMs,
      slideMs: preset.slideMs,
      topK: 10,
      retweets: true,
    });
    await waitForRows(page);
  }
});
