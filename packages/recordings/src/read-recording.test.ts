import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  csvSample,
  jsonl,
  textSample,
  twarcFlattenedPlain,
  twarcFlattenedRetweet,
  twarcPage,
  v1Delete,
  v1Extended,
  v1Json,
  v1Limit,
  v1Retweet,
  v1Search,
  v1Short,
  v2ErrorsOnly,
  v2Long,
  v2Plain,
  v2RetweetOfLong,
} from '../../tweets/src/normalize/test-fixtures.ts';
import { readRecording, type ReadRecordingOptions } from './read-recording.ts';
import type { RecordingEvent } from './recording-event.ts';
import { RecordingError } from './recording-error.ts';
import type { Tweet } from './tweets-api.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tagstream-recording-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function read(path: string, options?: ReadRecordingOptions): Promise<RecordingEvent[]> {
  const events: RecordingEvent[] = [];
  for await (const event of readRecording(path, options)) events.push(event);
  return events;
}

const tweetsOf = (events: RecordingEvent[]): Tweet[] =>
  events.flatMap((e) => (e.kind === 'tweet' ? [e.tweet] : []));
const kinds = (events: RecordingEvent[]) =>
  events.filter((e) => e.kind !== 'tweet').map((e) => `${e.kind}@${'line' in e ? e.line : ''}`);

/** Reads the error a read fails with. */
async function failure(
  path: string,
  options?: ReadRecordingOptions,
): Promise<{ error: RecordingError; events: RecordingEvent[] }> {
  const events: RecordingEvent[] = [];
  try {
    for await (const event of readRecording(path, options)) events.push(event);
  } catch (error) {
    expect(error).toBeInstanceOf(RecordingError);
    return { error: error as RecordingError, events };
  }
  throw new Error(`expected ${path} to fail`);
}

const v2Capture = jsonl([v2Plain, v2ErrorsOnly, v2Long, v2RetweetOfLong]);
const v1Capture = [v1Extended, v1Limit, v1Retweet, v1Delete, v1Short].map(v1Json).join('\n') + '\n';

describe('readRecording: every format, plain and gzipped', () => {
  const cases: Array<{ name: string; content: string; texts: string[]; other: string[] }> = [
    {
      name: 'v2-stream.jsonl',
      content: v2Capture,
      texts: [
        v2Plain.data.text.replace('&amp;', '&'),
        v2Long.data.note_tweet.text,
        v2Long.data.note_tweet.text,
      ],
      other: ['skipped@2', 'end@'],
    },
    {
      name: 'twarc2.jsonl',
      content: jsonl([twarcPage, twarcFlattenedRetweet, twarcFlattenedPlain]),
      texts: [
        'Rust 1.61 is out! #rustlang',
        'Trying the new release on a Raspberry Pi #RustLang #embedded',
        'Rust 1.61 is out! #rustlang',
        v2Long.data.note_tweet.text,
        'Trying the new release on a Raspberry Pi #RustLang #embedded',
      ],
      other: ['end@'],
    },
    {
      name: 'v1-stream.ndjson',
      content: v1Capture,
      texts: [
        v1Extended.extended_tweet.full_text,
        v1Extended.extended_tweet.full_text,
        'Fish & chips <3 #FridayFeeling',
      ],
      other: ['skipped@2', 'skipped@4', 'end@'],
    },
    {
      name: 'v1-search.json',
      content: JSON.stringify(JSON.parse(v1Json(v1Search)), null, 2),
      texts: [v1Extended.extended_tweet.full_text, 'Fish & chips <3 #FridayFeeling'],
      other: ['end@'],
    },
    {
      name: 'tweets.csv',
      content: csvSample,
      texts: [
        'Trying the new release on a Raspberry Pi #RustLang #embedded',
        'He said "#throwback"\r\nand then left, #tbt',
        'no time column here #rustlang',
      ],
      other: ['end@'],
    },
    {
      name: 'typed.txt',
      content: textSample,
      texts: ['first tweet #hello', 'second one #Hello #world', 'third, no tags'],
      other: ['end@'],
    },
  ];

  for (const { name, content, texts, other } of cases) {
    for (const variant of ['plain', 'gzip', 'crlf'] as const) {
      it(`${name} (${variant})`, async () => {
        // CSV and text already use CRLF in places; the crlf variant turns every LF into CRLF.
        const body = variant === 'crlf' ? content.replace(/\r?\n/g, '\r\n') : content;
        const path = await write(
          variant === 'gzip' ? `${variant}-${name}.gz` : `${variant}-${name}`,
          variant === 'gzip' ? gzipSync(body) : body,
        );
        const events = await read(path);
        const expectedTexts = variant === 'crlf' ? texts.map((t) => t.replace(/\r?\n/g, '\r\n')) : texts;
        expect(tweetsOf(events).map((t) => t.text)).toEqual(expectedTexts);
        expect(kinds(events)).toEqual(other);
        expect(events.at(-1)).toMatchObject({ kind: 'end', gzip: variant === 'gzip' });
      });
    }
  }

  it('normalizes every field of a v2 retweet of a long post read from a gzip capture', async () => {
    const path = await write('fields.jsonl.gz', gzipSync(v2Capture));
    const retweet = tweetsOf(await read(path))[2];
    expect(retweet).toEqual({
      id: '1613521971335995148',
      time: Date.parse('2023-01-12T13:03:10.412Z'),
      text: v2Long.data.note_tweet.text,
      retweet: true,
      author: 'rt_fan',
      lang: 'en',
      hashtags: ['DataEngineering', 'Streaming', 'ApacheSpark'],
    });
  });

  it('normalizes the v1.1 ids exactly despite the rounded numeric ids in the file', async () => {
    const path = await write('ids.jsonl', v1Capture);
    expect(tweetsOf(await read(path)).map((t) => [t.id, t.author, t.retweet, t.time])).toEqual([
      ['1050118620314816129', 'football_fan', false, Date.parse('2018-10-10T20:19:24Z')],
      ['1050118624507852322', 'sofa_critic', true, Date.parse('2018-10-10T20:19:25Z')],
      ['1050116263117020458', 'chippy', false, Date.parse('2018-10-10T20:10:02Z')],
    ]);
  });
});

describe('readRecording: format detection', () => {
  it('detects gzip by magic bytes, not by name', async () => {
    const path = await write('capture.jsonl', gzipSync(v2Capture));
    expect(tweetsOf(await read(path))).toHaveLength(3);
  });

  it('sniffs JSON, CSV and text for unknown extensions', async () => {
    expect((await read(await write('dump.log', v2Capture))).at(-1)).toMatchObject({ format: 'json' });
    expect((await read(await write('sheet.export', csvSample))).at(-1)).toMatchObject({ format: 'csv' });
    expect((await read(await write('notes', textSample))).at(-1)).toMatchObject({ format: 'text' });
    expect(
      tweetsOf(await read(await write('pretty.data.gz', gzipSync(JSON.stringify(twarcPage, null, 2))))),
    ).toHaveLength(3);
  });

  it('reads a compact one-line .json document and a .json array of tweets', async () => {
    expect(tweetsOf(await read(await write('page.json', JSON.stringify(twarcPage))))).toHaveLength(3);
    const array = JSON.stringify([v2Plain, twarcFlattenedPlain, 5, 'x'], null, 1);
    expect(tweetsOf(await read(await write('array.json', array)))).toHaveLength(2);
  });

  it('reads a .json whose first line is broken as JSON Lines', async () => {
    const events = await read(await write('broken-first.json', '{"cut off\n' + jsonl([v2Plain, v2Long])));
    expect(tweetsOf(events)).toHaveLength(2);
    expect(kinds(events)).toEqual(['malformed@1', 'end@']);
  });

  it('refuses a .json that is neither a document nor lines, and a document over the cap', async () => {
    const { error } = await failure(await write('bad.json', '[\n  {"text": "a"},\n  {"text": '));
    expect(error.code).toBe('INVALID_JSON');
    expect(error.message).toMatch(/bad\.json: is neither a JSON document \(.*\) nor JSON Lines/);
    const big = JSON.stringify(twarcPage, null, 2);
    const tooBig = await failure(await write('big.json', big), { maxDocumentBytes: 1000 });
    expect(tooBig.error.code).toBe('DOCUMENT_TOO_LARGE');
    expect(tooBig.error.message).toContain('big.json: ');
  });
});

describe('readRecording: damaged input', () => {
  it('reports a capture whose last line is cut off as one malformed line', async () => {
    const path = await write('cut.jsonl', v2Capture + JSON.stringify(v2Plain).slice(0, 120));
    const events = await read(path);
    expect(tweetsOf(events)).toHaveLength(3);
    expect(kinds(events)).toEqual(['skipped@2', 'malformed@5', 'end@']);
  });

  it('yields everything before the cut of a truncated gzip, then throws TRUNCATED_GZIP naming the file and the count', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) =>
      JSON.stringify({ id: String(i + 1), text: `tweet ${i} #n${i % 7}` }),
    );
    const gz = gzipSync(lines.join('\n') + '\n');
    const cut = gz.subarray(0, Math.floor(gz.length * 0.6));
    const path = await write('truncated.jsonl.gz', cut);
    const { error, events } = await failure(path);
    expect(error.code).toBe('TRUNCATED_GZIP');
    // Everything decompressible: as many complete lines as a flush-mode gunzip of the cut file shows.
    const { gunzipSync, constants } = await import('node:zlib');
    const readable = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
    const complete = readable.split('\n').length - 1;
    expect(complete).toBeGreaterThan(1000);
    expect(tweetsOf(events)).toHaveLength(complete);
    expect(tweetsOf(events).at(-1)?.id).toBe(String(complete));
    expect(error.linesRead).toBe(complete);
    expect(error.message).toBe(
      `${path}: gzip data ends early (the file is truncated) after ${complete} lines; those were read, the incomplete last line was dropped`,
    );
  });

  it('throws CORRUPT_GZIP for damaged gzip data', async () => {
    const gz = Buffer.from(gzipSync(v2Capture.repeat(50)));
    for (let i = 200; i < 260; i++) gz[i] = (gz[i] ?? 0) ^ 0x5a;
    const { error } = await failure(await write('corrupt.jsonl.gz', gz));
    expect(error.code).toBe('CORRUPT_GZIP');
    expect(error.message).toMatch(/corrupt\.jsonl\.gz: gzip data is corrupt after \d+ lines/);
  });

  it('drops a 10 MiB line as oversized and reads on', async () => {
    const huge = JSON.stringify({ text: `#big ${'x'.repeat(10 * 1024 * 1024)}` });
    const path = await write(
      'huge.jsonl.gz',
      gzipSync(`${JSON.stringify(v2Plain)}\n${huge}\n${JSON.stringify(v2Long)}\n`),
    );
    const events = await read(path);
    expect(tweetsOf(events)).toHaveLength(2);
    expect(events.find((e) => e.kind === 'oversized')).toEqual({
      kind: 'oversized',
      line: 2,
      bytes: huge.length,
    });
  });

  it('drops an over-long CSV record (an unbalanced quote) without running out of memory', async () => {
    const csv = `text\n"open quote ${'y'.repeat(3000)}\n`;
    const events = await read(await write('unbalanced.csv', csv + 'more\n'.repeat(2000)), {
      maxLineBytes: 1000,
    });
    // The quote never closes: the rest of the file is one record, never held, reported once.
    expect(events).toEqual([
      { kind: 'malformed', line: 2, reason: 'quoted field never closed before the end of the file' },
      { kind: 'end', lines: 2, format: 'csv', gzip: false },
    ]);
  });

  it('refuses binary garbage with UNKNOWN_FORMAT', async () => {
    const garbage = Buffer.alloc(20_000);
    let seed = 42;
    for (let i = 0; i < garbage.length; i++)
      garbage[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16;
    for (const name of ['garbage.jsonl', 'garbage.txt', 'garbage.bin']) {
      const { error } = await failure(await write(name, garbage));
      expect(error.code).toBe('UNKNOWN_FORMAT');
      expect(error.message).toContain(`${name}: is not a tweet recording: binary data`);
    }
    const zstd = await failure(await write('x.jsonl.zst', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3])));
    expect(zstd.error.message).toContain('zstd-compressed data (only gzip is supported');
    const utf16 = await failure(await write('x.csv', Buffer.from('\ufefftext\n', 'utf16le')));
    expect(utf16.error.message).toContain('UTF-16 text');
  });

  it('reads invalid UTF-8 with replacement characters; a garbage line in a JSON file is malformed', async () => {
    const bad = Buffer.concat([
      Buffer.from(JSON.stringify({ text: 'caf' }).slice(0, -2)),
      Buffer.from([0xe9, 0x20, 0x23, 0x74, 0x61, 0x67]), // Latin-1 "é #tag"
      Buffer.from('"}\n{\xff\xfe\n'),
      Buffer.from([0xc3, 0x28, 0x0a]),
      Buffer.from(`${JSON.stringify(v2Plain)}\n`),
    ]);
    const events = await read(await write('latin1.jsonl', bad));
    expect(tweetsOf(events).map((t) => t.text)).toEqual([
      'caf\ufffd #tag',
      v2Plain.data.text.replace('&amp;', '&'),
    ]);
    expect(kinds(events)).toEqual(['malformed@2', 'malformed@3', 'end@']);
    const text = await read(await write('latin1.txt', Buffer.from([0x61, 0xe9, 0x0a, 0x7b, 0xff, 0x0a])));
    expect(tweetsOf(text).map((t) => t.text)).toEqual(['a\ufffd']);
    expect(kinds(text)).toEqual(['malformed@2', 'end@']);
  });

  it('reads an empty file and an empty gzip as no tweets', async () => {
    expect(await read(await write('empty.jsonl', ''))).toEqual([
      { kind: 'end', lines: 0, format: 'jsonl', gzip: false },
    ]);
    expect(await read(await write('empty.json.gz', gzipSync('')))).toEqual([
      { kind: 'end', lines: 0, format: 'json', gzip: true },
    ]);
  });
});

describe('readRecording: file errors', () => {
  it('names a missing file', async () => {
    const path = join(dir, 'nope.jsonl');
    const { error } = await failure(path);
    expect(error.code).toBe('ENOENT_RECORDING');
    expect(error.message).toBe(`${path}: no such recording file`);
  });

  it('names a directory', async () => {
    const path = join(dir, 'a-dir.jsonl');
    await mkdir(path);
    const { error } = await failure(path);
    expect(error.code).toBe('NOT_A_FILE');
    expect(error.message).toBe(`${path}: is a directory, not a recording file`);
  });

  it.skipIf(process.getuid?.() === 0)('names an unreadable file', async () => {
    const path = await write('secret.jsonl', v2Capture);
    await chmod(path, 0o000);
    const { error } = await failure(path);
    expect(error.code).toBe('PERMISSION_DENIED');
    expect(error.message).toBe(`${path}: permission denied (the file is not readable)`);
  });

  it('names a CSV without a text column and lists its columns', async () => {
    const { error } = await failure(await write('no-text.csv', 'id,body\n1,hi\n'));
    expect(error.code).toBe('CSV_NO_TEXT_COLUMN');
    expect(error.message).toMatch(/no-text\.csv: CSV has no "text" column \(columns found: "id", "body"\)$/);
  });

  it('stops when aborted, with the signal reason', async () => {
    const path = await write('abort.jsonl', v2Capture.repeat(2000));
    const controller = new AbortController();
    const events: RecordingEvent[] = [];
    await expect(
      (async () => {
        for await (const event of readRecording(path, { signal: controller.signal })) {
          events.push(event);
          if (events.length === 10) controller.abort(new Error('stop'));
        }
      })(),
    ).rejects.toThrow('stop');
    expect(events.length).toBeLessThan(8000);
  });
});

describe('readRecording: resources', () => {
  it.skipIf(process.platform !== 'linux')(
    'closes the file when the reader stops early or fails',
    async () => {
      const { readdir } = await import('node:fs/promises');
      const openFds = async () => (await readdir('/proc/self/fd')).length;
      const plain = await write('fd.jsonl', v2Capture.repeat(100));
      const gz = await write('fd.jsonl.gz', gzipSync(v2Capture.repeat(100)));
      const bad = await write('fd-bad.csv', 'id\n1\n');
      const before = await openFds();
      for (let i = 0; i < 20; i++) {
        for (const path of [plain, gz]) {
          for await (const event of readRecording(path)) if (event.kind === 'tweet') break;
        }
        await failure(bad);
      }
      // Closing is asynchronous; give it a moment.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await openFds()).toBeLessThanOrEqual(before);
    },
  );
});
