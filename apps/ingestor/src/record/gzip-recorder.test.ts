import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ManualClock } from '@tagstream/time';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GzipRecorder, partPath } from './gzip-recorder.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tagstream-rec-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('GzipRecorder', () => {
  it('writes every line to a gzip JSON Lines file', async () => {
    const file = path.join(dir, 'live.jsonl.gz');
    const rec = new GzipRecorder({ path: file });
    rec.write('{"data":{"id":"1","text":"#a"}}');
    rec.write('{"data":{"id":"2","text":"#b"}}');
    await rec.close();
    expect(gunzipSync(await readFile(file)).toString()).toBe(
      '{"data":{"id":"1","text":"#a"}}\n{"data":{"id":"2","text":"#b"}}\n',
    );
  });

  it('rotates by size into complete gzip parts', async () => {
    const file = path.join(dir, 'live.jsonl.gz');
    const rec = new GzipRecorder({ path: file, rotateBytes: 10 });
    for (let i = 0; i < 3; i++) rec.write(`{"n":${i},"pad":"xxxxxxxx"}`);
    await rec.close();
    expect(rec.parts).toEqual([
      file,
      path.join(dir, 'live-0002.jsonl.gz'),
      path.join(dir, 'live-0003.jsonl.gz'),
    ]);
    const all = await Promise.all(rec.parts.map(async (p) => gunzipSync(await readFile(p)).toString()));
    expect(all.join('')).toBe(
      '{"n":0,"pad":"xxxxxxxx"}\n{"n":1,"pad":"xxxxxxxx"}\n{"n":2,"pad":"xxxxxxxx"}\n',
    );
  });

  it('rotates by time on an injected clock', async () => {
    const clock = new ManualClock(0);
    const rec = new GzipRecorder({ path: path.join(dir, 'r.jsonl.gz'), rotateMs: 1000, clock });
    rec.write('a');
    clock.set(999);
    rec.write('b');
    clock.set(1000);
    rec.write('c');
    await rec.close();
    expect(rec.parts).toHaveLength(2);
  });

  it('names parts before the extension', () => {
    expect(partPath('/x/live.jsonl.gz', 1)).toBe('/x/live-0002.jsonl.gz');
    expect(partPath('/x/live', 2)).toBe('/x/live-0003');
  });
});
