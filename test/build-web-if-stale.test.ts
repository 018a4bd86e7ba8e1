import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = new URL('../scripts/build-web-if-stale.mjs', import.meta.url);

// A miniature repository: the real script, and a build:web that records each run and writes dist.
let root: string;
const at = (rel: string): string => path.join(root, rel);

async function put(rel: string, text: string): Promise<void> {
  await mkdir(path.dirname(at(rel)), { recursive: true });
  await writeFile(at(rel), text);
}

/** Runs the script as `npm start` (or, with --install, `npm ci`) would: plain node; its exit code and stderr. */
async function prestart(...args: string[]): Promise<{ code: number; stderr: string }> {
  const env = { ...process.env };
  delete env.npm_execpath;
  try {
    const script = at('scripts/build-web-if-stale.mjs');
    const { stderr } = await promisify(execFile)(process.execPath, [script, ...args], { cwd: root, env });
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

const builds = async (): Promise<number> =>
  (await readFile(at('builds.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

/** Moves a file's modification time past the build's, as an edit after the build would. */
async function touchAfterBuild(rel: string): Promise<void> {
  const built = (await stat(at('apps/web/dist/index.html'))).mtime;
  const later = new Date(built.getTime() + 2_000);
  await utimes(at(rel), later, later);
}

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tagstream-prestart-'));
  await mkdir(at('scripts'));
  await copyFile(SCRIPT, at('scripts/build-web-if-stale.mjs'));
  await copyFile(new URL('stale-output.mjs', SCRIPT), at('scripts/stale-output.mjs'));
  await put(
    'package.json',
    JSON.stringify({ name: 'mini', private: true, scripts: { 'build:web': 'node build.mjs' } }),
  );
  await put(
    'build.mjs',
    [
      "import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';",
      "if (process.env.FAIL_BUILD) { console.error('vite: broken'); process.exit(3); }",
      "mkdirSync('apps/web/dist', { recursive: true });",
      "writeFileSync('apps/web/dist/index.html', '<!doctype html>');",
      "appendFileSync('builds.log', 'built\\n');",
    ].join('\n'),
  );
  await put('package-lock.json', '{}');
  await put('tsconfig.base.json', '{}');
  await put('apps/web/index.html', '<div id="root"></div>');
  await put('apps/web/vite.config.ts', 'export default {};');
  await put('apps/web/src/main.tsx', 'export {};');
  await put('apps/web/node_modules/some-lib/index.js', '');
  await put('packages/protocol/src/index.ts', 'export {};');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('scripts/build-web-if-stale.mjs (npm prestart)', () => {
  it('builds when there is no build, then skips while nothing changed', async () => {
    const first = await prestart();
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('building (no build yet)');
    expect(await builds()).toBe(1);
    await stat(at('apps/web/dist/index.html'));

    const second = await prestart();
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('up to date, not rebuilding');
    expect(await builds()).toBe(1);
  });

  it.each([
    'apps/web/src/main.tsx',
    'apps/web/index.html',
    'apps/web/vite.config.ts',
    'packages/protocol/src/index.ts',
    'package-lock.json',
  ])('rebuilds after %s changed', async (file) => {
    await prestart();
    await touchAfterBuild(file);
    const again = await prestart();
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`building (${file} changed since the last build)`);
    expect(await builds()).toBe(2);
  });

  it('rebuilds a new source file', async () => {
    await prestart();
    await put('apps/web/src/extra.ts', 'export const x = 1;');
    await touchAfterBuild('apps/web/src/extra.ts');
    expect((await prestart()).stderr).toContain('apps/web/src/extra.ts changed');
    expect(await builds()).toBe(2);
  });

  it('ignores installed packages and the build output themselves', async () => {
    await prestart();
    await touchAfterBuild('apps/web/node_modules/some-lib/index.js');
    expect((await prestart()).stderr).toContain('up to date');
    expect(await builds()).toBe(1);
  });

  it('at install, builds, and a later start skips', async () => {
    const install = await prestart('--install');
    expect(install.code).toBe(0);
    expect(install.stderr).toContain('building (no build yet)');
    expect((await prestart()).stderr).toContain('up to date');
    expect(await builds()).toBe(1);
  });

  it('at install, a failed build warns and lets the install finish; the next start tries again', async () => {
    process.env.FAIL_BUILD = '1';
    try {
      const install = await prestart('--install');
      expect(install.code).toBe(0);
      expect(install.stderr).toContain('vite: broken');
      expect(install.stderr).toContain(
        'not built (npm run build:web exited with 3); the install is complete',
      );
    } finally {
      delete process.env.FAIL_BUILD;
    }
    expect((await prestart()).stderr).toContain('building (no build yet)');
    expect(await builds()).toBe(1);
  });

  it('fails, so npm start stops, when the build fails', async () => {
    process.env.FAIL_BUILD = '1';
    try {
      const r = await prestart();
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('vite: broken');
    } finally {
      delete process.env.FAIL_BUILD;
    }
    expect(await builds()).toBe(0);
  });
});
