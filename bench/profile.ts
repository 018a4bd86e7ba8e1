import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '@tagstream/protocol';
import { CounterSession, emptyLineTally, feedBytes, feedLine } from '@tagstream/stream';
import { ManualClock } from '@tagstream/time';
import { captureChunks, consumers, replayOnce } from './tcp.bench.ts';
import { normalizedLines, workload, type WorkloadKind } from './workloads.ts';

/**
 * `tsx bench/profile.ts <core|strings|tcp|tcp-lines|tcp-floor|tcp-consumer> [lines] [distinct] [out-dir] [workload]`: a CPU
 * profile of the core loop of the core benchmark (the lines as bytes, `feedBytes`, as `tagstream
 * count` reads them), of the same core fed split strings (`feedLine`), or of one TCP replay, alone. The profiler is started
 * through the inspector once the workload is built, so the profile holds the measured work only
 * (not line generation, and not tsx's loader worker, which `node --cpu-prof` profiles as a second
 * thread). Summarize it with `tsx bench/profile-summary.ts <out-dir>`.
 */
const [mode = 'core', linesArg, distinctArg, outArg, kindArg] = process.argv.slice(2);
const outDir = outArg ?? path.join(os.tmpdir(), 'tagstream-profiles');
const n = Number(linesArg ?? 500_000);
const distinct = Number(distinctArg ?? 10_000);
const kind = (kindArg ?? 'normalized') as WorkloadKind;

let work: () => Promise<void>;
let cleanup = (): void => undefined;
if (mode === 'tcp' || mode === 'tcp-lines' || mode === 'tcp-floor') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tagstream-profile-'));
  const file = path.join(dir, 'replay.jsonl');
  writeFileSync(file, normalizedLines(n, distinct).join('\n') + '\n');
  work = async () => {
    await replayOnce(file, n, mode === 'tcp' ? 'bytes' : mode === 'tcp-lines' ? 'lines' : 'floor');
  };
  cleanup = () => rmSync(dir, { recursive: true, force: true });
} else if (mode === 'tcp-consumer') {
  // The consumer's side alone, as the server reads: one replay's chunks, kept, fed again as bytes.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tagstream-profile-'));
  const file = path.join(dir, 'replay.jsonl');
  writeFileSync(file, normalizedLines(n, distinct).join('\n') + '\n');
  const feed = consumers(await captureChunks(file, n)).bytes;
  rmSync(dir, { recursive: true, force: true });
  work = async () => feed();
} else if (mode === 'core') {
  const bytes = Buffer.from(workload(kind, n, distinct).join('\n') + '\n');
  work = async () => {
    const session = new CounterSession({
      settings: DEFAULT_SETTINGS,
      clock: new ManualClock(0),
      sink: { result: () => undefined },
    });
    feedBytes(session, bytes, 0, bytes.length, emptyLineTally());
    session.end();
  };
} else {
  const text = workload(kind, n, distinct).join('\n') + '\n';
  work = async () => {
    const session = new CounterSession({
      settings: { ...DEFAULT_SETTINGS, related: 0 },
      clock: new ManualClock(0),
      sink: { result: () => undefined },
    });
    const tally = emptyLineTally();
    for (const line of text.split('\n')) if (line.length > 0) feedLine(session, line, 'auto', tally);
    session.end();
  };
}

await work(); // warm-up: the profile should show optimized code, not the first tiers
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
for (let run = 0; run < 3; run++) {
  const t0 = performance.now();
  await work();
  console.log(`run ${run}: ${Math.round(n / ((performance.now() - t0) / 1000))} tweets/s (wall, profiled)`);
}
const { profile } = await session.post('Profiler.stop');
mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `${mode}-${kind}-${n}-${distinct}.cpuprofile`);
writeFileSync(file, JSON.stringify(profile));
console.log(`profile: ${file}`);
cleanup();
