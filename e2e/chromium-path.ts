import { existsSync } from 'node:fs';

/**
 * The Chromium to drive: `CHROMIUM_PATH` (or `PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH`)
 * when set, then Debian's `/usr/bin/chromium`, else undefined so Playwright uses
 * its own download where one exists.
 */
export function chromiumPath(): string | undefined {
  for (const candidate of [
    process.env.CHROMIUM_PATH,
    process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH,
    '/usr/bin/chromium',
  ]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Flags for a root, sandboxless, offline machine: no GPU, no calls home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
