import { performance, PerformanceObserver } from 'node:perf_hooks';
import { DEFAULT_SETTINGS } from '@tagstream/protocol';
import { emptyLineTally } from '@tagstream/stream';
import { systemClock } from '@tagstream/time';
import { toWatermarkLine } from '@tagstream/tweets';
import pino from 'pino';
import { PacedInput } from '../apps/server/src/pipeline/paced-input.ts';
import { DEFAULT_RISING_OPTIONS } from '../apps/server/src/pipeline/rising-tags.ts';
import { TrackedCount } from '../apps/server/src/pipeline/trackers/tracked-count.ts';

/**
 * `npx tsx bench/flood-steps.ts [tweets]`: the flood chaos test's input (600,000 tweets of
 * unique tags over 600 s of tweet time, a watermark every 2,000; batch 2 s, window 6 s, related
 * tags 5) fed to the server's default tracker (its counting session with rising tags, history
 * and samples) a 64 KiB chunk at a time, as the server reads its socket, each chunk one turn of
 * the event loop. Prints the CPU time of those steps (process CPU: on this shared machine wall
 * time mostly measures the others): what `/api/health` waits behind during a flood, without the
 * rest of the processes, and which tweet each of the longest came at. Garbage collections are
 * listed too (they run between and within the steps).
 */
const tweets = Number(process.argv[2] ?? 600_000);
const seconds = 600;
const start = Date.parse('2026-11-22T10:00:00.000Z');
/** The i-th input line, made when it is fed (held all at once, the lines would be most of the heap the collector traces). */
const linesPerWatermark = Number(process.argv[3] ?? 20_001);
const count = tweets + Math.floor(tweets / (linesPerWatermark - 1)) + 1;
function lineAt(n: number): string {
  if (n === count - 1) return toWatermarkLine(start + seconds * 1000 + 60_000, 'end');
  const w = Math.floor(n / linesPerWatermark);
  const i = n - w;
  const t = start + Math.floor((i * seconds * 1000) / tweets);
  if (n % linesPerWatermark === linesPerWatermark - 1) return toWatermarkLine(t);
  const text = `flood #u${i.toString(36)}x #v${(i * 7919).toString(36)}y #common${i % 7}`;
  return JSON.stringify({ id: String(1_000_000_000 + i), created_at: new Date(t).toISOString(), text });
}

const gcs: number[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push(e.duration);
}).observe({ entryTypes: ['gc'] });

const tracked = new TrackedCount({
  name: 'everything',
  rule: null,
  settings: { ...DEFAULT_SETTINGS, batchMs: 2_000, windowMs: 6_000, slideMs: 2_000 },
  counter: {},
  clock: systemClock,
  logger: pino({ level: 'silent' }),
  historyLimit: 360,
  sampleSize: 5_000,
  rising: DEFAULT_RISING_OPTIONS,
  published: () => undefined,
});
const tally = emptyLineTally();
const perChunk = Math.floor(65_536 / 150);
const steps: { ms: number; at: number }[] = [];
const input = new PacedInput({
  target: tracked.session,
  tally,
  counter: () => tracked.session.counter,
  // The loop below reads the next chunk only once nothing waits, as the held socket does.
  hold: () => () => undefined,
  clock: { monotonic: () => performance.now() },
  ...(process.env.PACED === '0' ? { budgetMs: Infinity } : {}),
});
// Every turn of the event loop, timed in CPU: a chunk's lines, or a paced step.
let at = 0;
let last = process.cpuUsage();
let ticking = true;
const tick = (): void => {
  const c = process.cpuUsage(last);
  steps.push({ ms: (c.user + c.system) / 1000, at });
  last = process.cpuUsage();
  if (ticking) setImmediate(tick);
};
setImmediate(tick);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < count; i += perChunk) {
  // The socket is read again only once the input is no longer held, and only in a later turn.
  await new Promise((resolve) => setImmediate(resolve));
  while (input.busy) await input.settled();
  at = i;
  const end = Math.min(count, i + perChunk);
  for (let j = i; j < end; j++) input.line(lineAt(j));
}
while (input.busy) await input.settled();
ticking = false;
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const sorted = steps.map((s) => s.ms).sort((a, b) => a - b);
const q = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const top = [...steps].sort((a, b) => b.ms - a.ms).slice(0, 12);
console.log(
  JSON.stringify({
    tweets: tally.tweets,
    chunks: steps.length,
    wallS: +(wall / 1000).toFixed(2),
    cpuS: +((cpu.user + cpu.system) / 1e6).toFixed(2),
    p50: +q(0.5).toFixed(2),
    p99: +q(0.99).toFixed(2),
    p999: +q(0.999).toFixed(2),
    max: +q(1).toFixed(1),
    over20: sorted.filter((x) => x > 20).length,
    over50: sorted.filter((x) => x > 50).length,
    over100: sorted.filter((x) => x > 100).length,
    top: top.map((s) => `${s.ms.toFixed(0)}@${s.at}`).join(' '),
    gcMax: +Math.max(0, ...gcs).toFixed(1),
    gcOver20: gcs.filter((x) => x > 20).length,
  }),
);
