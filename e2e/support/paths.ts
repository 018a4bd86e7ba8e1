import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The e2e folder, wherever Playwright is started from. */
export const E2E_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** The repository root: where `apps/cli/bin/tagstream.js` and `samples/` are. */
export const REPO_ROOT = path.dirname(E2E_DIR);
/** Everything the suite writes for people to look at (git-ignored). */
export const OUTPUT_DIR = path.join(E2E_DIR, 'output');
/** Screenshots of the main states, for review. */
export const SCREENSHOT_DIR = path.join(OUTPUT_DIR, 'screenshots');
export const TAGSTREAM_BIN = path.join(REPO_ROOT, 'apps', 'cli', 'bin', 'tagstream.js');
export const DEMO_RECORDING = path.join(REPO_ROOT, 'samples', 'demo.jsonl.gz');

export function screenshotPath(name: string): string {
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}
