import { pathToFileURL } from 'node:url';
import { replayOnce } from './tcp.bench.ts';
import { median } from './measure.ts';
import { normalizedLines } from './workloads.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `tsx bench/ab-tcp.ts <other-checkout> [tweets] [rounds]`: the TCP benchmark's replay (ingestor →
 * TCP → core) of this checkout against another one, alternating, in one process. The other checkout
 * needs this bench/tcp.bench.ts, measure.ts and workloads.ts copied into its bench/ folder.
 */
const [otherRoot = '', tweetsArg, roundsArg] = process.argv.slice(2);
const n = Number(tweetsArg ?? 100_000);
const rounds = Number(roundsArg ?? 5);
const other = (await import(pathToFileURL(`${otherRoot}/bench/tcp.bench.ts`).href)) as {
  replayOnce: typeof replayOnce;
};
const dir = mkdtempSync(path.join(os.tmpdir(), 'tagstream-ab-tcp-'));
const file = path.join(dir, 'replay.jsonl');
writeFileSync(file, normalizedLines(n, 10_000).join('\n') + '\n');
const cpu: Record<'this' | 'other', number[]> = { this: [], other: [] };
for (let r = 0; r < rounds; r++) {
  cpu.this.push((await replayOnce(file, n, 'bytes'))[0]);
  cpu.other.push((await other.replayOnce(file, n, 'bytes'))[0]);
}
rmSync(dir, { recursive: true, force: true });
for (const k of ['this', 'other'] as const)
  console.log(`${k.padEnd(6)} ${Math.round(n / median(cpu[k]))} tweets per CPU second`);
console.log(`this/other ${(median(cpu.other) / median(cpu.this)).toFixed(3)}`);
