import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { emptyLineTally, feedLine, ManualClock, WindowedCounter } from '@tagstream/stream';
import { normalizedLines } from './workloads.ts';

/**
 * `tsx bench/profile-core.ts [lines] [distinct] [out-dir]`: profiles the core loop of the core
 * benchmark alone. The profiler is started through the inspector after the workload is built, so
 * the profile holds the loop only (not line generation, and not tsx's loader worker, which
 * `node --cpu-prof` would profile as a second thread). Summarize with bench/profile-summary.ts.
 */
const n = Number(process.argv[2] ?? 1_000_000);
const distinct = Number(process.argv[3] ?? 10_000);
const outDir = process.argv[4] ?? 'bench/profiles';
const text = normalizedLines(n, distinct).join('\n') + '\n';

function once(): number {
  let results = 0;
  const counter = new WindowedCounter({}, new ManualClock(0), () => results++);
  const tally = emptyLineTally();
  for (const line of text.split('\n')) if (line.length > 0) feedLine(counter, line, 'auto', tally);
  counter.end();
  return results;
}

once(); // warm-up: the profile should show optimized code, not the first tier
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
for (let run = 0; run < 3; run++) {
  const t0 = performance.now();
  const results = once();
  const s = (performance.now() - t0) / 1000;
  console.log(`run ${run}: ${Math.round(n / s)} tweets/s, ${results} results`);
}
const { profile } = await session.post('Profiler.stop');
mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `core-${n}-${distinct}.cpuprofile`);
writeFileSync(file, JSON.stringify(profile));
console.log(`profile: ${file}`);
