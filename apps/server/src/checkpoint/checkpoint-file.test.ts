import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckpointFile } from './checkpoint-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tagstream-ckpt-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const accept = (): void => undefined;

describe('CheckpointFile', () => {
  it('round-trips a value and leaves no temp file behind', async () => {
    const f = new CheckpointFile(path.join(dir, 'sub', 'core.ckpt.gz'));
    await f.write({ kind: 'x', n: [1, 2, 3] });
    expect(await f.read(accept)).toEqual({ kind: 'ok', value: { kind: 'x', n: [1, 2, 3] } });
    expect(await readdir(path.join(dir, 'sub'))).toEqual(['core.ckpt.gz']);
  });

  it('round-trips a state written in many slices, views included', async () => {
    const f = new CheckpointFile(path.join(dir, 'core.ckpt.gz'));
    const ids = Array.from({ length: 50_000 }, (_, i) => [String(1e18 + i * 7919), i]);
    const view = {
      *[Symbol.iterator]() {
        for (let i = 0; i < 30_000; i++) yield ['k' + i.toString(36), i];
      },
    };
    await f.write({ ids, totals: { entries: view }, name: 'é'.repeat(200_000) });
    expect(await f.read(accept)).toEqual({
      kind: 'ok',
      value: { ids, totals: { entries: [...view] }, name: 'é'.repeat(200_000) },
    });
  });

  it('reports none when there is no checkpoint', async () => {
    expect(await new CheckpointFile(path.join(dir, 'missing.gz')).read(accept)).toEqual({ kind: 'none' });
  });

  it('moves a damaged checkpoint aside with the reason', async () => {
    const file = path.join(dir, 'core.ckpt.gz');
    await writeFile(file, gzipSync('{"kind":"tagstream-counter", "trunc'));
    const r = await new CheckpointFile(file).read(accept);
    expect(r.kind).toBe('set-aside');
    if (r.kind === 'set-aside') expect(r.reason).toMatch(/JSON/);
    expect((await readdir(dir)).some((n) => n.startsWith('core.ckpt.gz.unreadable-'))).toBe(true);
  });

  it('moves aside a checkpoint the validator refuses', async () => {
    const file = path.join(dir, 'core.ckpt.gz');
    await new CheckpointFile(file).write({ kind: 'someone-else' });
    const r = await new CheckpointFile(file).read(() => {
      throw new Error('not a tagstream checkpoint');
    });
    expect(r).toMatchObject({ kind: 'set-aside', reason: 'not a tagstream checkpoint' });
  });

  it("removes temp files a killed writer left behind, and never someone else's", async () => {
    const file = path.join(dir, 'core.ckpt.gz');
    await new CheckpointFile(file).write({ n: 1 });
    await writeFile(`${file}.4242-7.tmp`, 'half a checkpoint');
    await writeFile(path.join(dir, 'other.tmp'), 'not ours');
    expect(await new CheckpointFile(file).read(accept)).toEqual({ kind: 'ok', value: { n: 1 } });
    expect((await readdir(dir)).sort()).toEqual(['core.ckpt.gz', 'other.tmp']);
  });
});
