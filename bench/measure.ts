import { spawnSync } from 'node:child_process';
import os from 'node:os';

/** CPU seconds of this process (all its threads, the garbage collector's included). */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Timings of one contender: CPU and wall seconds of each run. */
export interface Timings {
  cpu: number[];
  wall: number[];
}

/**
 * Runs the contenders in turn, `rounds` times (a, b, c, a, b, c, …), so that
 * each sees the same share of a shared machine's load, and returns their CPU
 * and wall seconds per run. CPU time is what the figures use: on a machine
 * shared with other people's test runs, wall time also counts the time the
 * process waited for a core, which has nothing to do with our code.
 */
export function interleaved(rounds: number, contenders: Record<string, () => void>): Record<string, Timings> {
  const out: Record<string, Timings> = {};
  for (const name of Object.keys(contenders)) out[name] = { cpu: [], wall: [] };
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(contenders)) {
      const c0 = cpuSeconds();
      const w0 = performance.now();
      fn();
      out[name]!.wall.push((performance.now() - w0) / 1000);
      out[name]!.cpu.push(cpuSeconds() - c0);
    }
  }
  return out;
}

/** Median throughput (items per CPU second and per wall second) of some timings. */
export function rates(items: number, t: Timings): { perCpuSec: number; perWallSec: number } {
  return { perCpuSec: Math.round(items / median(t.cpu)), perWallSec: Math.round(items / median(t.wall)) };
}

/** `python3 --version`, or null when there is no python3 on the PATH. */
export function pythonVersion(): string | null {
  const r = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? (r.stdout || r.stderr).trim() : null;
}

/** Machine facts for the report. */
export function machine(): { cpu: string; cores: number; node: string; loadavg: number[] } {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    node: process.version,
    loadavg: os.loadavg().map((x) => round(x, 2)),
  };
}
