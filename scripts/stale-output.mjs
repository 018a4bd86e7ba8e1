// Shared by the "rebuild only when stale" scripts that `npm start` runs before the demo: is an
// output older than anything it is made from?
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

/**
 * Why `output` must be made again, or null when it is newer than every input.
 * @param {string} root the repository root
 * @param {string} output the output, relative to `root`
 * @param {string[]} inputs what it is made from, relative to `root`: folders are walked whole
 * @param {string} noun what making it is called in the message ("build", "bundle")
 * @returns {string | null}
 */
export function staleReason(root, output, inputs, noun) {
  const built = newestFile(path.join(root, output));
  if (built === null) return `no ${noun} yet`;
  let latest = null;
  for (const input of inputs) {
    const found = newestFile(path.join(root, input));
    if (found !== null && (latest === null || found.mtimeMs > latest.mtimeMs)) latest = found;
  }
  // Equal times count as stale: a file saved within the same clock tick as the build may be missing from it.
  if (latest !== null && latest.mtimeMs >= built.mtimeMs)
    return `${path.relative(root, latest.file)} changed since the last ${noun}`;
  return null;
}
