import v8 from 'node:v8';
import vm from 'node:vm';
import { DEFAULT_SETTINGS, type Tracker } from '@tagstream/protocol';
import { emptyLineTally, feedLine } from '@tagstream/stream';
import { ManualClock } from '@tagstream/time';
import type { Logger } from 'pino';
import { DEFAULT_RISING_OPTIONS } from '../apps/server/src/pipeline/rising-tags.ts';
import { TrackedCount } from '../apps/server/src/pipeline/trackers/tracked-count.ts';
import { TrackerSet } from '../apps/server/src/pipeline/trackers/tracker-set.ts';
import { prng } from './workloads.ts';

/**
 * A child process of the trackers benchmark (a fresh process, so that its RSS is the pipeline's
 * and nothing else's): the server's trackers (TrackerSet: the default tracker plus `count` named
 * ones, each a TrackedCount with its history, samples and rising tags) fed `minutes` of tweet
 * time at `perSec` tweets/s as wire lines, with the server's default settings, so each counter
 * retains what the server's does. Every tweet carries one of five topic tags; a `topic` tracker
 * follows one topic (a fifth of the stream), an `all` tracker matches every tweet (the most one
 * tracker can cost). Prints one JSON object.
 */
const count = Number(process.argv[2] ?? 0);
const kind = process.argv[3] ?? 'topic';
const minutes = Number(process.argv[4] ?? 12);
const perSec = Number(process.argv[5] ?? 5000);

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const mib = (x: number): number => Math.round((x / 1048576) * 10) / 10;

const clock = new ManualClock(0);
// Silent, and not pino itself: bundled as ESM, pino's CommonJS requires of node: modules do not load.
const quiet = (): void => undefined;
const logger = { error: quiet, warn: quiet, info: quiet, debug: quiet } as unknown as Logger;
const trackers: Tracker[] = Array.from({ length: count }, (_, i) => ({
  name: `t${i}`,
  rule: kind === 'all' ? 'tweet' : `#topic${i % 5}`,
}));
const set = new TrackerSet(
  (tracker) =>
    new TrackedCount({
      name: tracker?.name ?? 'everything',
      rule: tracker?.rule ?? null,
      settings: DEFAULT_SETTINGS,
      counter: {},
      clock,
      logger,
      historyLimit: 360,
      sampleSize: 5_000,
      rising: DEFAULT_RISING_OPTIONS,
      published: () => undefined,
    }),
  logger,
  trackers,
);
const tally = emptyLineTally();
const start = Date.parse('2026-11-22T10:00:00.000Z');
const rand = prng(7);
let id = 2_000_000_000_000_000_000n;
let unique = 0;
gc();
const c0 = process.cpuUsage();
for (let m = 0; m < minutes; m++) {
  for (let i = 0; i < perSec * 60; i++) {
    const time = start + m * 60_000 + Math.floor(i / (perSec / 1000));
    // The memory benchmark's vocabulary (Zipf-like, 7% one-off tags), plus a topic tag.
    const tags = Math.floor(rand() * 4);
    let text = `a tweet about #topic${i % 5}`;
    for (let t = 0; t < tags; t++)
      text += rand() < 0.07 ? ` #once${unique++}` : ` #Tag${Math.floor(50_000 ** rand())}`;
    feedLine(
      set,
      `{"id":"${id++}","created_at":"${new Date(time).toISOString()}","text":"${text}","lang":"en"}`,
      'auto',
      tally,
    );
    // Watermarks as the ingestor sends them: five a second of tweet time.
    if (i % (perSec / 5) === 0)
      feedLine(set, `{"watermark":"${new Date(time - 1_000).toISOString()}"}`, 'auto', tally);
  }
}
const cpu = process.cpuUsage(c0);
gc();
const m = process.memoryUsage();
console.log(
  JSON.stringify({
    count,
    kind,
    minutes,
    perSec,
    tweets: tally.tweets,
    cpuSeconds: Math.round(((cpu.user + cpu.system) / 1e6) * 100) / 100,
    rssMiB: mib(m.rss),
    heapMiB: mib(m.heapUsed),
    arrayBuffersMiB: mib(m.arrayBuffers),
    counted: set.all().map((t) => t.session.lifetime().tweets),
    results: set.everything.history.size,
  }),
);
