/**
 * The flood chaos test's run (600,000 tweets of unique tags at `--speed max` into `tagstream
 * serve`, batch 2 s, window 6 s, checkpoints on), watched for where the server's memory goes:
 * every 500 ms its RSS (`/proc`), V8's heap used and reserved and the memory outside it (typed
 * arrays, buffers: `external` on `/metrics`), with the tweets counted so far and the load
 * average; then one summary line, with what the chaos test also watches (`/api/health` every
 * 100 ms, the checkpoints' age, the ingestor's RSS). Not part of `npm run bench`: it runs two processes for a
 * minute or two, and the figures stretch with the machine's load (print it beside them).
 *
 *   npx tsx bench/flood-memory.ts [--node-flag FLAG]… [--serve-flag FLAG]… [--entry FILE] [--quiet]
 *
 * `--node-flag` goes to the server's `node` (e.g. `--trace-gc`, `--inspect=127.0.0.1:0`),
 * `--serve-flag` to `tagstream serve` (e.g. `--checkpoints none`), `--entry` runs the server
 * from another build of the command (e.g. a bundle of `main` copied beside `apps/cli/dist`, for
 * an A/B in one session); `--quiet` prints the summary only. Set `FLOOD_STDOUT=FILE` to keep
 * the server's stdout (where `--trace-gc` writes).
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { metric } from '../test/chaos/support/compare.ts';
import { killAll, startIngestor, startServer } from '../test/chaos/support/processes.ts';
import { floodRecording } from '../test/chaos/support/recordings.ts';
import { percentile, watch } from '../test/chaos/support/watch.ts';

const args = process.argv.slice(2);
const nodeFlags: string[] = [];
const serveFlags: string[] = [];
let entry: string | undefined;
let quiet = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--node-flag') nodeFlags.push(args[++i]!);
  else if (args[i] === '--serve-flag') serveFlags.push(args[++i]!);
  else if (args[i] === '--entry') entry = path.resolve(args[++i]!);
  else if (args[i] === '--quiet') quiet = true;
  else throw new Error(`unknown argument ${args[i]}`);
}

const MiB = 2 ** 20;
const mib = (b: number): string => (b / MiB).toFixed(0).padStart(4);
const load = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ')[0]!;
function rss(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

const TWEETS = 600_000;
const dir = await mkdtemp(path.join(tmpdir(), 'tagstream-flood-memory-'));
try {
  const recording = path.join(dir, 'flood.jsonl.gz');
  await floodRecording(recording, TWEETS, 600);
  const ingestor = await startIngestor({
    recording,
    logDir: path.join(dir, 'log'),
    speed: 'max',
    extra: ['--linger', '8m'],
  });
  const { proc: server, url } = await startServer({
    ingestor,
    checkpoints: path.join(dir, 'ckpt'),
    dir,
    checkpointEvery: null,
    extra: serveFlags,
    node: { flags: nodeFlags, ...(entry === undefined ? {} : { entry }) },
  });
  const inspector = /Debugger listening on (ws:\S+)/.exec(server.log);
  if (inspector) console.log(`inspector ${inspector[1]}`);
  if (process.env.FLOOD_STDOUT) server.child.stdout!.pipe(createWriteStream(process.env.FLOOD_STDOUT));
  const pid = server.child.pid!;
  // What the chaos test watches besides: /api/health every 100 ms, the checkpoints' age.
  const watching = watch(url, pid, ingestor.proc.child.pid!);
  const loadBefore = load();
  const started = performance.now();
  const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0 };
  if (!quiet) console.log('    s   RSS heapUsed heapTotal external   tweets  load   (MiB)');
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const text = await fetch(`${url}/metrics`).then((r) => r.text());
    const now = {
      rss: rss(pid),
      heapUsed: metric(text, 'tagstream_process_nodejs_heap_size_used_bytes'),
      heapTotal: metric(text, 'tagstream_process_nodejs_heap_size_total_bytes'),
      external: metric(text, 'tagstream_process_nodejs_external_memory_bytes'),
    };
    for (const k of Object.keys(peak) as (keyof typeof peak)[]) peak[k] = Math.max(peak[k], now[k]);
    const tweets = metric(text, 'tagstream_tweets_total');
    if (!quiet)
      console.log(
        `${((performance.now() - started) / 1000).toFixed(1).padStart(5)} ${mib(now.rss)}     ${mib(now.heapUsed)}      ${mib(now.heapTotal)}     ${mib(now.external)}  ${String(tweets).padStart(7)}  ${load()}`,
      );
    if (tweets >= TWEETS) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const w = watching.stop();
  console.log(
    `flood memory: peak RSS ${mib(peak.rss).trim()} MiB, heap used ${mib(peak.heapUsed).trim()} / reserved ${mib(peak.heapTotal).trim()} MiB, external ${mib(peak.external).trim()} MiB (peaks of 500 ms samples); ` +
      `ingestor ${w.maxIngestorRssMiB.toFixed(0)} MiB; /api/health p50 ${percentile(w.healthMs, 0.5).toFixed(1)} ms, p99 ${percentile(w.healthMs, 0.99).toFixed(1)} ms (${w.healthMs.length} calls); ` +
      `checkpoint age max ${w.maxCheckpointAgeS.toFixed(1)} s; ${TWEETS} tweets read in ${seconds.toFixed(1)} s; load ${loadBefore} -> ${load()}`,
  );
  server.child.kill('SIGKILL');
  await ingestor.proc.kill();
} finally {
  killAll();
  await rm(dir, { recursive: true, force: true });
}
