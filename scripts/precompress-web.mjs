#!/usr/bin/env node
// Writes a brotli (.br) and a gzip (.gz) copy beside each file of the built dashboard that is worth
// compressing, so the server sends them as they are (@fastify/static's `preCompressed`) instead of
// compressing the same bytes on every request. Run by the dashboard's `npm run build`, after vite.
// node:zlib does both at their best settings; a bundler plugin would add a dependency for these lines.
// Plain JavaScript on purpose, like the other build scripts: it runs with bare node.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Text formats the page loads; images like PNG are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/;
/** Below this, the headers weigh more than what compression saves. */
const MIN_BYTES = 1024;

/**
 * Compresses every compressible file under `dir` of at least `MIN_BYTES`.
 * @param {string} dir
 * @returns {Promise<Array<{ file: string, bytes: number, br: number, gz: number }>>}
 */
export async function precompress(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && COMPRESSIBLE.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
  const done = [];
  for (const file of files) {
    const body = await readFile(file);
    if (body.length < MIN_BYTES) continue;
    const [br, gzipped] = await Promise.all([
      brotli(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      }),
      gz(body, { level: constants.Z_BEST_COMPRESSION }),
    ]);
    await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gzipped)]);
    done.push({ file: path.relative(dir, file), bytes: body.length, br: br.length, gz: gzipped.length });
  }
  return done;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(process.argv[2] ?? 'dist');
  const done = await precompress(dir);
  const js = done.filter((entry) => entry.file.endsWith('.js'));
  const sum = (key) => js.reduce((total, entry) => total + entry[key], 0);
  const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  process.stderr.write(
    `precompressed ${done.length} files; JavaScript ${kib(sum('bytes'))}: br ${kib(sum('br'))}, gzip ${kib(sum('gz'))}\n`,
  );
}
