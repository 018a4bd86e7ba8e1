import os from 'node:os';
import { benchCore } from './core.bench.ts';

/**
 * `npm run bench [-- --quick] [-- --json]`: every benchmark, each with its
 * baseline measured in the same run, printed as a table (or one JSON object).
 */
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const json = args.has('--json');

const core = benchCore({ lines: quick ? 200_000 : 1_000_000, distinct: 10_000, runs: quick ? 3 : 5 });
const out = {
  machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version },
  core,
};

if (json) {
  console.log(JSON.stringify(out));
} else {
  console.log(`machine: ${out.machine.cpu}, ${out.machine.cores} cores, node ${out.machine.node}`);
  console.table({
    'core: lines → windowed top-K (ours)': { 'tweets/s': core.tweetsPerSec, 'vs floor': core.ratio },
    'floor: split + JSON.parse': { 'tweets/s': core.parseFloorPerSec, 'vs floor': 1 },
    'PySpark logic ported to TS': {
      'tweets/s': core.pysparkPortPerSec,
      'vs floor': Math.round((core.pysparkPortPerSec / core.parseFloorPerSec) * 1000) / 1000,
    },
  });
  console.log(
    `${core.lines} normalized lines of ~${core.bytesPerLine} bytes, ${core.results} results emitted`,
  );
}
