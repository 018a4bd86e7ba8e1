#!/usr/bin/env node
// Bundles the `tagstream` command into one JavaScript file for `npm start`, only when the bundle
// is missing or older than the sources. Why: on Node 20 every module loaded through a loader hook
// costs far more than the compiling itself (typebox alone, 247 files, takes 0.6–0.9 s through a
// hook that does nothing, 0.12 s without), so running the demo from the TypeScript sources through
// tsx spends ~1.8 s of the 5 s that `npm start` may take to show a moving chart. Bundling takes
// ~0.2 s with esbuild (the compiler tsx itself uses). Only our own workspace packages are inlined;
// everything from npm is loaded from node_modules as usual. Everything else (tests, `npx tagstream`)
// keeps running the sources through tsx, so no build step is ever needed to work on the code.
// Plain JavaScript on purpose: it runs with bare node, without paying tsx's start-up.
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { staleReason } from './stale-output.mjs';

/** What the bundle is made from, relative to the repository root: folders are walked whole. */
export const CLI_INPUTS = ['apps/cli', 'apps/server', 'apps/ingestor', 'packages', 'package-lock.json'];

/** The bundle, a build output (ignored by git like every `dist/`). */
export const CLI_BUNDLE = 'apps/cli/dist/tagstream.mjs';

/**
 * Bundles apps/cli/src/main.ts into `out`. Each of our modules keeps its own `import.meta.url`
 * (the server finds the dashboard and the demo its recording relative to their source files),
 * rewritten relative to the bundle so the checkout can still be moved as a whole.
 * @param {string} root the repository root
 * @param {string} out the bundle's path
 */
export async function bundleCli(root, out) {
  const { build } = await import('esbuild');
  const outDir = path.dirname(out);
  await mkdir(outDir, { recursive: true });
  const result = await build({
    // Split: each command's heavy parts (the web server, the ingestor, pino) are chunks loaded by
    // the dynamic imports that need them, so `tagstream count` starts without loading fastify and
    // friends (0.7 s of CPU at start when they were all in one file; docs/performance.md).
    entryPoints: { [path.basename(out, '.mjs')]: path.join(root, 'apps/cli/src/main.ts') },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    metafile: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // Bundled CommonJS dependencies would call require(); there are none today, but keep it working.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'workspace-only',
        setup(b) {
          // Bare imports other than our own packages stay imports of node_modules.
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@tagstream/') ? undefined : { path: args.path, external: true },
          );
          b.onLoad({ filter: /\.ts$/ }, async (args) => {
            const source = await readFile(args.path, 'utf8');
            if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
            const rel = path.relative(outDir, args.path).split(path.sep).join('/');
            return {
              contents: source.replaceAll(
                'import.meta.url',
                `new URL(${JSON.stringify(rel)}, import.meta.url).href`,
              ),
              loader: 'ts',
            };
          });
        },
      },
    ],
  });
  await removeStaleChunks(outDir, Object.keys(result.metafile.outputs));
}

/**
 * Deletes the chunks an earlier bundle left in `outDir` (their names end in a content hash, so a
 * new bundle writes new ones beside them): every `NAME-HASH.mjs` that this bundle did not write.
 * @param {string} outDir
 * @param {string[]} written the outputs of this bundle, as esbuild names them
 */
async function removeStaleChunks(outDir, written) {
  const keep = new Set(written.map((f) => path.resolve(f)));
  for (const name of await readdir(outDir)) {
    const file = path.join(outDir, name);
    if (/^[\w-]+-[A-Z0-9]{8}\.mjs$/.test(name) && !keep.has(file)) await rm(file, { force: true });
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const atInstall = process.argv.includes('--install');
  // --out FILE: bundle to FILE whatever its age (the tests check a bundle of their own).
  const outFlag = process.argv.indexOf('--out');
  const out = outFlag > 0 ? path.resolve(process.argv[outFlag + 1] ?? '') : path.join(root, CLI_BUNDLE);
  const reason = outFlag > 0 ? 'asked for' : staleReason(root, CLI_BUNDLE, CLI_INPUTS, 'bundle');
  if (reason === null) {
    process.stderr.write(`tagstream: ${CLI_BUNDLE} is up to date, not bundling again\n`);
  } else {
    process.stderr.write(`tagstream: bundling the command (${reason})\n`);
    try {
      await bundleCli(root, out);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      // At install, a failed bundle only warns: the install succeeded, and npm start bundles again.
      process.stderr.write(
        `tagstream: not bundled (${why})${atInstall ? '; the install is complete, npm start will bundle it again' : ''}\n`,
      );
      if (!atInstall) process.exitCode = 1;
    }
  }
}
