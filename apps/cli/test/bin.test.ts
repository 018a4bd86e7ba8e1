import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from './run-tagstream.ts';

const run = promisify(execFile);

// A miniature checkout: the real bin and staleness scripts, a bundle and sources that say which ran.
let root: string;
const at = (rel: string): string => path.join(root, rel);

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tagstream-bin-'));
  for (const dir of ['apps/cli/bin', 'apps/cli/src', 'apps/cli/dist', 'scripts'])
    await mkdir(at(dir), { recursive: true });
  for (const file of [
    'apps/cli/bin/tagstream.js',
    'scripts/stale-output.mjs',
    'scripts/bundle-cli-if-stale.mjs',
  ]) {
    await copyFile(path.join(ROOT, file), at(file));
  }
  await symlink(path.join(ROOT, 'node_modules'), at('node_modules'), 'dir');
  await writeFile(at('apps/cli/package.json'), '{ "type": "module" }\n');
  await writeFile(at('apps/cli/src/main.ts'), "const from: string = 'the sources';\nconsole.log(from);\n");
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function bundleAt(secondsFromNow: number): Promise<void> {
  await writeFile(at('apps/cli/dist/tagstream.mjs'), "console.log('the bundle');\n");
  const time = new Date(Date.now() + secondsFromNow * 1000);
  await utimes(at('apps/cli/dist/tagstream.mjs'), time, time);
}

async function ran(): Promise<string> {
  const { stdout } = await run(process.execPath, [at('apps/cli/bin/tagstream.js'), '--help'], { cwd: root });
  return stdout.trim();
}

describe('the tagstream bin (npx tagstream)', () => {
  it('runs the bundle when it is newer than every source', async () => {
    await bundleAt(60);
    expect(await ran()).toBe('the bundle');
  });

  it('runs the sources when a source changed since the bundle, or there is no bundle', async () => {
    await bundleAt(-60);
    expect(await ran()).toBe('the sources');
    await rm(at('apps/cli/dist/tagstream.mjs'));
    expect(await ran()).toBe('the sources');
  });
});
