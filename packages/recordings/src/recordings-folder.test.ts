import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRecordings, resolveRecording } from './recordings-folder.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tagstream-folder-'));
  await writeFile(path.join(dir, 'b.jsonl.gz'), 'x');
  await writeFile(path.join(dir, 'a.csv'), 'text\nhi\n');
  await writeFile(path.join(dir, '.hidden.jsonl'), '{}');
  await writeFile(path.join(dir, 'notes.md'), '# not a recording');
  await mkdir(path.join(dir, 'folder.jsonl'));
  await symlink(path.join(dir, 'a.csv'), path.join(dir, 'link.txt'));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the recordings folder', () => {
  it('lists regular files with a recording extension, by name, with size and time', async () => {
    const list = await listRecordings(dir);
    expect(list.map((r) => r.name)).toEqual(['a.csv', 'b.jsonl.gz', 'link.txt']);
    expect(list[0]).toMatchObject({ name: 'a.csv', bytes: 8 });
    expect(Number.isNaN(Date.parse(list[0]!.modified))).toBe(false);
  });

  it('lists a missing folder as empty', async () => {
    expect(await listRecordings(path.join(dir, 'nowhere'))).toEqual([]);
  });

  it('resolves bare recording names only: no separators, no dot files, no other extensions', () => {
    expect(resolveRecording(dir, 'a.csv')).toBe(path.join(dir, 'a.csv'));
    for (const name of ['../a.csv', 'sub/a.csv', '.hidden.jsonl', 'notes.md', 'a.csv\0.txt', '']) {
      expect(resolveRecording(dir, name)).toBeNull();
    }
  });
});
