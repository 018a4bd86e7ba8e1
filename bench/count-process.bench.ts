import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, round } from './measure.ts';
import { normalizedLines } from './workloads.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, '..');

export interface ProcessFigures {
  tweets: number;
  rounds: number;
  /** Tweets per CPU second of the whole process (start-up included), per contender. */
  countPerSec: number;
  floorPerSec: number;
  /** CPU seconds of each (medians), and of a node process that does nothing. */
  countCpu: number;
  floorCpu: number;
  startupCpu: number;
  /** `tagstream count` started on an empty file: its start-up alone. */
  countStartupCpu: number;
  countVsFloor: number;
  /** Wall seconds of `tagstream count FILE --json` (median), for reference. */
  countWall: number;
}

/** CPU seconds of one child process (all its threads), measured by the preloaded cpu-report.mjs; `wall` gets its wall seconds. */
export function cpuOf(args: string[], dir: string, wall?: number[]): number {
  const report = path.join(dir, 'cpu.json');
  const started = performance.now();
  execFileSync(
    process.execPath,
    ['--import', pathToFileURL(path.join(HERE, 'cpu-report.mjs')).href, ...args],
    {
      stdio: 'ignore',
      env: { ...process.env, TAGSTREAM_CPU_REPORT: report },
    },
  );
  wall?.push((performance.now() - started) / 1000);
  const u = JSON.parse(readFileSync(report, 'utf8')) as { user: number; system: number };
  return (u.user + u.system) / 1e6;
}

/**
 * Whole processes on one file of normalized lines (issue 19's headline figure, DESIGN.md §10):
 * `tagstream count FILE --json` (the bundled command, as `npm start` runs the product) and the
 * split + JSON.parse floor (bench/split-parse-floor.mjs), in alternating rounds; plus `node -e 0`
 * and `count` on an empty file, to show what start-up costs before the first line.
 */
export function benchCountProcess(opts: { tweets: number; rounds: number }): ProcessFigures {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/bundle-cli-if-stale.mjs')], { stdio: 'ignore' });
  const cli = path.join(ROOT, 'apps/cli/dist/tagstream.mjs');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tagstream-bench-count-'));
  try {
    const file = path.join(dir, 'lines.jsonl');
    writeFileSync(file, normalizedLines(opts.tweets, 10_000).join('\n') + '\n');
    const empty = path.join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    const runs: Record<'count' | 'floor' | 'startup' | 'countStartup', number[]> = {
      count: [],
      floor: [],
      startup: [],
      countStartup: [],
    };
    const countWall: number[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      runs.floor.push(cpuOf([path.join(HERE, 'split-parse-floor.mjs'), file], dir));
      runs.count.push(cpuOf([cli, 'count', file, '--json'], dir, countWall));
      runs.startup.push(cpuOf(['-e', '0'], dir));
      runs.countStartup.push(cpuOf([cli, 'count', empty, '--json'], dir));
    }
    const cpu = (k: keyof typeof runs): number => round(median(runs[k]), 3);
    const perSec = (k: keyof typeof runs): number => Math.round(opts.tweets / median(runs[k]));
    return {
      tweets: opts.tweets,
      rounds: opts.rounds,
      countPerSec: perSec('count'),
      floorPerSec: perSec('floor'),
      countCpu: cpu('count'),
      floorCpu: cpu('floor'),
      startupCpu: cpu('startup'),
      countStartupCpu: cpu('countStartup'),
      countVsFloor: round(median(runs.floor) / median(runs.count)),
      countWall: round(median(countWall), 3),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
