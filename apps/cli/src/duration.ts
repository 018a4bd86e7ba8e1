import type { ReplaySpeed } from '@tagstream/protocol';
import { UsageError } from './usage-error.ts';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a duration flag: `500ms`, `10s`, `2m`, `1h`, or a bare number of
 * seconds (as Spark's batch interval is given). Returns milliseconds.
 */
export function parseDuration(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text);
  if (!m) throw new UsageError(`${flag}: "${text}" is not a duration (use e.g. 500ms, 10s, 2m, 1h)`);
  const ms = Number(m[1]) * UNITS[(m[2] ?? 's').toLowerCase()]!;
  if (!Number.isFinite(ms) || !Number.isInteger(ms)) {
    throw new UsageError(`${flag}: "${text}" must be a whole number of milliseconds`);
  }
  return ms;
}

/** Parses a positive integer flag such as `--top 10` or `--port 5554`. */
export function parseIntFlag(text: string, flag: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${flag}: "${text}" is not a whole number`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`${flag}: ${n} is out of range (${min}–${max})`);
  return n;
}

/** `--speed 10`, `--speed 0.5` or `--speed max`. */
export function parseSpeed(text: string): ReplaySpeed {
  if (text.trim().toLowerCase() === 'max') return 'max';
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > 100_000) {
    throw new UsageError(`--speed: "${text}" must be a number above 0 (up to 100000) or "max"`);
  }
  return n;
}

const BYTE_UNITS: Record<string, number> = {
  b: 1,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
};

/** Parses a size flag: `512MiB`, `1GiB`, `100MB`, or a bare number of bytes. */
export function parseBytes(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kib|mib|gib|kb|mb|gb)?\s*$/i.exec(text);
  if (!m) throw new UsageError(`${flag}: "${text}" is not a size (use e.g. 512MiB, 1GiB)`);
  const bytes = Math.round(Number(m[1]) * BYTE_UNITS[(m[2] ?? 'b').toLowerCase()]!);
  if (bytes < 1) throw new UsageError(`${flag}: "${text}" must be at least one byte`);
  return bytes;
}
