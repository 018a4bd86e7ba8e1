import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { precompress } from '../scripts/precompress-web.mjs';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('precompress', () => {
  it('writes a .br and a .gz that give back each text file of the build, and leaves small files and images alone', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tagstream-precompress-'));
    await mkdir(path.join(dir, 'assets'));
    const script = 'const bars = "labels and counts";\n'.repeat(200);
    await writeFile(path.join(dir, 'assets', 'index-abc.js'), script);
    await writeFile(path.join(dir, 'index.html'), '<!doctype html>');
    await writeFile(path.join(dir, 'assets', 'picture.png'), Buffer.alloc(4096, 7));

    const done = await precompress(dir);

    expect(done.map((entry) => entry.file)).toEqual([path.join('assets', 'index-abc.js')]);
    const base = path.join(dir, 'assets', 'index-abc.js');
    expect(brotliDecompressSync(await readFile(`${base}.br`)).toString()).toBe(script);
    expect(gunzipSync(await readFile(`${base}.gz`)).toString()).toBe(script);
    expect(done[0]!.br).toBeLessThan(done[0]!.gz);
    expect(done[0]!.gz).toBeLessThan(script.length / 10);
    await expect(readFile(path.join(dir, 'index.html.br'))).rejects.toThrow();
    await expect(readFile(path.join(dir, 'assets', 'picture.png.gz'))).rejects.toThrow();
  });
});
