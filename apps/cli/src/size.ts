import { UsageError } from './usage-error.ts';

const UNITS: Record<string, number> = {
  b: 1,
  k: 1024,
  kib: 1024,
  kb: 1000,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  mb: 1000 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  gb: 1000 ** 3,
  t: 1024 ** 4,
  tib: 1024 ** 4,
  tb: 1000 ** 4,
};

/** Parses a size flag: `2GiB`, `500M`, `1.5g`, `4096` (bytes). K, M, G, T are binary, like KiB; KB, MB, GB decimal. */
export function parseSize(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)?\s*$/i.exec(text);
  const unit = UNITS[(m?.[2] ?? 'b').toLowerCase()];
  if (!m || unit === undefined)
    throw new UsageError(`${flag}: "${text}" is not a size (use e.g. 500MiB, 2GiB, or a number of bytes)`);
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes < 1 || !Number.isSafeInteger(bytes)) throw new UsageError(`${flag}: "${text}" is out of range`);
  return bytes;
}
