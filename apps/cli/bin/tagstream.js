#!/usr/bin/env node
// The workspace bin (`npx tagstream`). It runs the bundle `npm ci` and `npm start` make
// (apps/cli/dist/tagstream.mjs) when that is newer than every source it is made from: Node loads
// it in a third of the time the TypeScript sources take through tsx. Otherwise (no bundle yet, or
// a source changed since) it runs the sources through tsx, so working on the code never needs a
// build step and never runs stale code.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The bundle, when it is there and fresh; null otherwise (or when freshness cannot be told). */
async function freshBundle() {
  if (process.env.TAGSTREAM_FROM_SOURCES === '1') return null;
  const bundleScript = path.join(root, 'scripts/bundle-cli-if-stale.mjs');
  if (!existsSync(bundleScript)) return null;
  try {
    const { CLI_BUNDLE, CLI_INPUTS } = await import(pathToFileURL(bundleScript).href);
    const { staleReason } = await import(pathToFileURL(path.join(root, 'scripts/stale-output.mjs')).href);
    return staleReason(root, CLI_BUNDLE, CLI_INPUTS, 'bundle') === null ? path.join(root, CLI_BUNDLE) : null;
  } catch {
    return null;
  }
}

const bundle = await freshBundle();
if (bundle !== null) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
