#!/usr/bin/env node
// Runs `npm run build:web` only when apps/web/dist is missing or older than something it is built
// from (vite takes ~2 s of the 5 s that `npm start` may take to show a moving chart). Two callers:
// - `prepare` (npm ci, npm install) with --install: the dashboard is built once, at install time, so
//   the first `npm start` need not. A failed build there only warns: the install itself succeeded,
//   and `npm start` (or `npm run build:web`) builds again and stops on the error where it matters.
// - `prestart`: builds only what the install could not, or what changed since.
// Plain JavaScript on purpose: it runs with bare node, without paying tsx's start-up on every start.
import { spawn } from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { staleReason } from './stale-output.mjs';

/** What the dashboard build reads, relative to the repository root: folders are walked whole. */
export const WEB_INPUTS = [
  'apps/web',
  'packages/protocol',
  'scripts/precompress-web.mjs',
  'package-lock.json',
  'tsconfig.base.json',
];

/** The build's last output: vite empties dist first and writes index.html after the bundles. */
export const WEB_OUTPUT = 'apps/web/dist/index.html';

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const atInstall = process.argv.includes('--install');
  const reason = staleReason(root, WEB_OUTPUT, WEB_INPUTS, 'build');
  if (reason === null) {
    process.stderr.write('dashboard: apps/web/dist is up to date, not rebuilding\n');
  } else {
    process.stderr.write(`dashboard: building (${reason})\n`);
    let reported = false;
    const failed = (why) => {
      // After a spawn error, 'exit' may follow or not: say it once.
      if (reported) return;
      reported = true;
      if (atInstall) {
        process.stderr.write(
          `dashboard: not built (${why}); the install is complete, npm start will build it again\n`,
        );
      } else {
        process.stderr.write(`dashboard: not built (${why})\n`);
        process.exitCode = 1;
      }
    };
    // Under npm, npm_execpath is the npm that runs us: the same one builds, whatever PATH says.
    const npmCli = /npm-cli\.js$/.test(process.env.npm_execpath ?? '') ? process.env.npm_execpath : undefined;
    const [cmd, args] = npmCli
      ? [process.execPath, [npmCli, 'run', 'build:web']]
      : [process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build:web']];
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
    child.on('error', (err) => failed(`could not run npm run build:web: ${err.message}`));
    child.on('exit', (code, signal) => {
      if (code !== 0) failed(`npm run build:web ${signal ? `ended by ${signal}` : `exited with ${code}`}`);
    });
  }
}
