import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuOf } from './count-process.bench.ts';
import { median, round } from './measure.ts';
import { normalizedLines } from './workloads.ts';

/**
 * `tsx bench/ab-count.ts <other-checkout> [lines] [rounds] [distinct]`: `tagstream count FILE --json`
 * as a whole process, this checkout's bundle against another checkout's (a copy of another commit
 * with its own node_modules links, bundled there), with the split + JSON.parse floor between them,
 * alternating round by round so that all three see the same load; CPU seconds of each process
 * (medians), tweets per CPU second, and each one's ratio to the floor. Also each checkout's count
 * on an empty file, in the same rounds: its start-up alone.
 */
const [otherRoot = '', linesArg, roundsArg, distinctArg] = process.argv.slice(2);
const lines = Number(linesArg ?? 600_000);
const rounds = Number(roundsArg ?? 7);
const distinct = Number(distinctArg ?? 10_000);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const bundleOf = (root: string): string => {
  execFileSync(process.execPath, [path.join(root, 'scripts/bundle-cli-if-stale.mjs')], { stdio: 'ignore' });
  return path.join(root, 'apps/cli/dist/tagstream.mjs');
};
const contenders: Record<string, string[]> = {
  ours: [bundleOf(path.join(HERE, '..')), 'count'],
  other: [bundleOf(otherRoot), 'count'],
  floor: [path.join(HERE, 'split-parse-floor.mjs')],
};
const dir = mkdtempSync(path.join(os.tmpdir(), 'tagstream-ab-count-'));
try {
  const file = path.join(dir, 'lines.jsonl');
  writeFileSync(file, normalizedLines(lines, distinct).join('\n') + '\n');
  const empty = path.join(dir, 'empty.jsonl');
  writeFileSync(empty, '');
  const cpu: Record<string, number[]> = { ours: [], other: [], floor: [] };
  const startup: Record<string, number[]> = { ours: [], other: [] };
  for (let r = 0; r < rounds; r++) {
    for (const [name, args] of Object.entries(contenders)) {
      cpu[name]!.push(cpuOf(name === 'floor' ? [...args, file] : [...args, file, '--json'], dir));
      if (name !== 'floor') startup[name]!.push(cpuOf([...args, empty, '--json'], dir));
    }
    process.stderr.write(
      `round ${r + 1}: ${Object.entries(cpu)
        .map(([k, v]) => `${k} ${v[v.length - 1]!.toFixed(3)} s`)
        .join(', ')}  (load ${os.loadavg()[0]!.toFixed(1)})\n`,
    );
  }
  const floor = median(cpu.floor!);
  for (const [name, v] of Object.entries(cpu)) {
    const m = median(v);
    console.log(
      `${name.padEnd(6)} ${m.toFixed(3)} CPU s  ${Math.round(lines / m).toLocaleString('en')} tweets/CPU s  ${round(floor / m)} × the floor`,
    );
  }
  console.log(`ours ÷ other (CPU): ${round(median(cpu.ours!) / median(cpu.other!))}`);
  console.log(
    `start-up (count on an empty file): ours ${median(startup.ours!).toFixed(3)} CPU s, other ${median(startup.other!).toFixed(3)} CPU s`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
