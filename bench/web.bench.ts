import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { round } from './measure.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ASSETS = path.join(ROOT, 'apps/web/dist/assets');

export interface WebFigures {
  /** gzip (level 6, as `gzip` and most servers) of every apps/web/dist/assets/*.js, in KiB (DESIGN §10: under 250). */
  jsGzipKiB: number;
  jsRawKiB: number;
  /** Each chunk's gzip size: the vendor chunks (react, charts, socket) are the baseline our own code sits on. */
  chunks: Record<string, number>;
  /** Our own code's share: the chunks that are not vendor libraries. */
  ownGzipKiB: number;
  /** Seconds `npm run build:web` took (null when an existing build was measured). */
  buildSeconds: number | null;
}

/** Builds the dashboard unless asked to reuse an existing build, then measures its JavaScript. */
export function benchWeb(opts: { build: boolean }): WebFigures {
  let buildSeconds: number | null = null;
  if (opts.build || !existsSync(ASSETS)) {
    const t0 = performance.now();
    const r = spawnSync('npm', ['run', 'build:web'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm run build:web failed:\n${r.stdout}\n${r.stderr}`);
    buildSeconds = round((performance.now() - t0) / 1000, 1);
  }
  const chunks: Record<string, number> = {};
  let gz = 0;
  let raw = 0;
  let own = 0;
  for (const f of readdirSync(ASSETS)
    .filter((f) => f.endsWith('.js'))
    .sort()) {
    const buf = readFileSync(path.join(ASSETS, f));
    const size = zlib.gzipSync(buf, { level: 6 }).length;
    // Vite names chunks `<name>-<hash>.js`; the hash is not part of the chunk's identity.
    const name = f.replace(/-[A-Za-z0-9_-]{8}\.js$/, '');
    chunks[name] = round(size / 1024, 1);
    gz += size;
    raw += buf.length;
    if (!['react', 'charts', 'socket', 'rolldown-runtime'].includes(name)) own += size;
  }
  return {
    jsGzipKiB: round(gz / 1024, 1),
    jsRawKiB: round(raw / 1024, 1),
    chunks,
    ownGzipKiB: round(own / 1024, 1),
    buildSeconds,
  };
}
