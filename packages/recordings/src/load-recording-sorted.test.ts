import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonl, twarcPage, v2Plain } from '../../tweets/src/normalize/test-fixtures.ts';
import { loadRecordingSorted } from './load-recording-sorted.ts';
import { RecordingError } from './recording-error.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tagstream-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadRecordingSorted', () => {
  it('reads files in sequence and returns all tweets in stable event-time order with totals', async () => {
    // twarc2 search pages are newest first; the second file holds an older tweet, two equal times, a bad line and a notice.
    const a = join(dir, 'search.jsonl.gz');
    await writeFile(a, gzipSync(jsonl([twarcPage])));
    const b = join(dir, 'more.jsonl');
    await writeFile(
      b,
      [
        '{"id":"2","created_at":"2022-06-01T09:00:00.000Z","text":"same time, first"}',
        '{"id":"3","created_at":"2022-06-01T09:00:00.000Z","text":"same time, second"}',
        '{"id":"4","created_at":"2022-06-01T08:00:00.000Z","text":"oldest"}',
        '{not json',
        '{"limit":{"track":5}}',
        JSON.stringify(v2Plain),
      ].join('\n'),
    );
    const { tweets, stats } = await loadRecordingSorted([a, b]);
    expect(tweets.map((t) => t.text.slice(0, 20))).toEqual([
      'oldest',
      'Rust 1.61 is out! #r',
      'Trying the new relea',
      'same time, first',
      'same time, second',
      'Rust 1.61 is out! #r',
      'Shipping the new #Et',
    ]);
    expect(stats).toEqual({ lines: 7, malformed: 1, skipped: 1, oversized: 0 });
  });

  it('throws the RecordingError of a bad file', async () => {
    await expect(loadRecordingSorted([join(dir, 'missing.csv')])).rejects.toBeInstanceOf(RecordingError);
  });
});
