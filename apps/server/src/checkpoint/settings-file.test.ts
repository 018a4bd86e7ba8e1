import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup, tempDir } from '../testing/harness.ts';
import { SettingsFile } from './settings-file.ts';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());
const silent = pino({ level: 'silent' });

describe('SettingsFile', () => {
  it('reads back what it wrote', async () => {
    const file = new SettingsFile(path.join(await tempDir(cleanup), 'settings.json'));
    const settings = {
      batchMs: 5_000,
      windowMs: 10_000,
      slideMs: 5_000,
      topK: 3,
      retweets: false,
      related: 7,
    };
    await file.write(settings);
    expect(await file.read(silent)).toEqual(settings);
  });

  it('reads a file saved before related tags existed, with the default for them', async () => {
    const dir = await tempDir(cleanup);
    const saved = { batchMs: 5_000, windowMs: 10_000, slideMs: 5_000, topK: 3, retweets: false };
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify(saved));
    expect(await new SettingsFile(path.join(dir, 'settings.json')).read(silent)).toEqual({
      ...saved,
      related: 5,
    });
  });

  it('ignores a file that is not settings', async () => {
    const dir = await tempDir(cleanup);
    for (const body of ['{"batchMs":"soon"}', '[1,2]', 'null', '{"related": 500, "batchMs": 1000}']) {
      await writeFile(path.join(dir, 'settings.json'), body);
      expect(await new SettingsFile(path.join(dir, 'settings.json')).read(silent), body).toEqual({});
    }
    expect(await readFile(path.join(dir, 'settings.json'), 'utf8')).toContain('500');
  });
});
