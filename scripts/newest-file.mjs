// Shared by the "rebuild only when stale" scripts that `npm start` runs before the demo.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Build outputs and installed packages are never inputs. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.vite']);

/**
 * The most recently modified file at or under `p` (folders are walked whole), or null when
 * there is none.
 * @param {string} p
 * @returns {{ file: string, mtimeMs: number } | null}
 */
export function newestFile(p) {
  let st;
  try {
    st = statSync(p);
  } catch {
    return null;
  }
  if (!st.isDirectory()) return { file: p, mtimeMs: st.mtimeMs };
  let best = null;
  for (const entry of readdirSync(p, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIPPED_DIRS.has(entry.name)) continue;
    const found = newestFile(path.join(p, entry.name));
    if (found !== null && (best === null || found.mtimeMs > best.mtimeMs)) best = found;
  }
  return best;
}
