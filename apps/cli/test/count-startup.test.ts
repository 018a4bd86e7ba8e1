import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { finished, ROOT } from './run-tagstream.ts';

/**
 * What `tagstream count` loads before it reads a line, in the bundle `npm start` runs: every
 * module its entry imports statically, chunk by chunk. Issue 19 measures count as a whole process
 * against a loop that only parses JSON, and loading the server's libraries at start cost it more
 * than counting a hundred thousand tweets (ioredis 0.1 s of CPU, TypeBox 0.07 s).
 */

const folder = path.join(ROOT, 'apps/cli/dist', `test-startup-${process.pid}`);
afterAll(() => rm(folder, { recursive: true, force: true }));

/** The npm packages a bundle file imports statically, following its imports of other chunks. */
async function staticPackages(file: string, seen = new Set<string>()): Promise<Set<string>> {
  const packages = new Set<string>();
  if (seen.has(file)) return packages;
  seen.add(file);
  const source = await readFile(file, 'utf8');
  // Static imports only: `import … from "x"` and `import "x"`, not `import("x")`.
  for (const [, spec] of source.matchAll(/^\s*(?:import|export)\s[^;(]*?["']([^"']+)["'];?\s*$/gm)) {
    if (spec!.startsWith('./')) {
      for (const p of await staticPackages(path.join(path.dirname(file), spec!), seen)) packages.add(p);
    } else if (!spec!.startsWith('node:')) {
      packages.add(spec!);
    }
  }
  return packages;
}

describe('tagstream count at start', () => {
  it('loads none of the libraries only the server, the ingestor and scale-out use', async () => {
    const out = path.join(folder, 'tagstream.mjs');
    const r = await finished(
      spawn(process.execPath, [path.join(ROOT, 'scripts/bundle-cli-if-stale.mjs'), '--out', out], {
        cwd: ROOT,
      }),
    );
    expect(r.code, r.stderr).toBe(0);
    const loaded = [...(await staticPackages(out))];
    expect(loaded).toContain('commander');
    const heavy =
      /^(ioredis|@sinclair\/typebox|fastify|@fastify\/|socket\.io|pino|lmdb|twitter-api-v2|close-with-grace|cli-progress)/;
    expect(loaded.filter((p) => heavy.test(p))).toEqual([]);
  });
});
