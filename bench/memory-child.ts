import v8 from 'node:v8';
import vm from 'node:vm';
import { DEFAULT_SETTINGS } from '@tagstream/protocol';
import { CounterSession, emptyLineTally, feedBytes, type CounterBase } from '@tagstream/stream';
import { ManualClock } from '@tagstream/time';
import { prng } from './workloads.ts';

/**
 * A child process of the memory benchmark (a fresh process, so that its RSS is the core's and
 * nothing else's). `retention`: an hour of tweet time at 5,000 tweets/s through the core with
 * `retentionMs: 3_600_000`, counting as the server does (related tags, authors and languages), or,
 * with a fifth argument `count`, as `tagstream count` does (neither): the cost of those two.
 * `flood`: every tag unique, at a rate that overruns the per-batch key cap, so that only the caps
 * bound memory. `idle`: nothing, the baseline. Tweets go in as wire lines through feedBytes (the
 * byte path, as `tagstream count` reads them; with tag profiles on, the counter decodes each line),
 * a second's lines at a time, generated on the fly (an hour of lines would not fit in memory).
 * Prints one JSON object.
 */
interface Sample {
  minute: number;
  rssMiB: number;
  heapMiB: number;
}

const mode = process.argv[2] ?? 'retention';
const minutes = Number(process.argv[3] ?? 60);
const perSec = Number(process.argv[4] ?? 5000);
const asServer = (process.argv[5] ?? 'server') !== 'count';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const mib = (x: number): number => Math.round((x / 1048576) * 10) / 10;
function sample(minute: number): Sample {
  gc();
  const m = process.memoryUsage();
  return { minute, rssMiB: mib(m.rss), heapMiB: mib(m.heapUsed) };
}

const samples: Sample[] = [];
let peakRss = 0;
// The flood runs with caps a tenth of the defaults, so that a few minutes overrun them many times over.
const options: CounterBase =
  mode === 'retention'
    ? // As the server counts: related tags (5, the default setting) and tag profiles on.
      { retentionMs: 3_600_000, tagProfiles: asServer }
    : {
        tagProfiles: true,
        maxKeysPerBatch: Number(process.argv[5] ?? 20_000),
        maxTotalKeys: Number(process.argv[6] ?? 100_000),
      };
const session = new CounterSession({
  settings: {
    ...DEFAULT_SETTINGS,
    related: mode === 'retention' && !asServer ? 0 : DEFAULT_SETTINGS.related,
  },
  base: options,
  clock: new ManualClock(0),
  sink: { result: () => undefined },
});
const counter = session.counter;
const tally = emptyLineTally();
const start = Date.parse('2026-11-22T10:00:00.000Z');
const rand = prng(7);
const t0 = performance.now();
let id = 2_000_000_000_000_000_000n;
let unique = 0;
if (mode !== 'idle') {
  for (let m = 0; m < minutes; m++) {
    let lines = '';
    for (let i = 0; i < perSec * 60; i++) {
      const time = start + m * 60_000 + Math.floor(i / (perSec / 1000));
      let text: string;
      if (mode === 'flood') {
        text = `flood #u${unique++} #u${unique++} of unique tags`;
      } else {
        // A Zipf-like vocabulary of 50,000 tags, plus one-off tags in 7% of draws (like the demo recording).
        const tags = Math.floor(rand() * 4);
        text = 'a tweet about';
        for (let t = 0; t < tags; t++)
          text += rand() < 0.07 ? ` #once${unique++}` : ` #Tag${Math.floor(50_000 ** rand())}`;
      }
      lines += `{"id":"${id++}","created_at":"${new Date(time).toISOString()}","text":"${text}","lang":"en"}\n`;
      if ((i + 1) % perSec === 0 || i === perSec * 60 - 1) {
        const buf = Buffer.from(lines);
        feedBytes(session, buf, 0, buf.length, tally);
        lines = '';
      }
    }
    if ((m + 1) % Math.max(1, Math.floor(minutes / 12)) === 0 || m === minutes - 1) {
      const s = sample(m + 1);
      samples.push(s);
      peakRss = Math.max(peakRss, s.rssMiB);
    }
  }
}
const end = sample(minutes);
const endUsage = process.memoryUsage();
// What the heap holds, for the per-entry cost in the report (private fields, read for the measure only).
const internals = counter as unknown as {
  batches: { size: number; all(): { size: number }[] };
  ids: { size: number };
  emission: { totals: { size: number } };
  strings: { size: number };
  tags: { size: number };
};
let batchKeys = 0;
for (const b of internals.batches.all()) batchKeys += b.size;
console.log(
  JSON.stringify({
    mode,
    minutes,
    perSec,
    tweets: tally.tweets,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    rssMiB: end.rssMiB,
    heapMiB: end.heapMiB,
    peakRssMiB: Math.max(peakRss, end.rssMiB),
    // Where the RSS goes besides the heap in use: heap reserved but free, and typed arrays (outside the heap).
    heapTotalMiB: mib(endUsage.heapTotal),
    arrayBuffersMiB: mib(endUsage.arrayBuffers),
    overflow: counter.lifetime.overflow,
    batches: internals.batches.size,
    batchKeys,
    ids: internals.ids.size,
    totalKeys: internals.emission.totals.size,
    dictionaryStrings: internals.strings.size,
    tagForms: internals.tags.size,
    options: {
      maxKeysPerBatch: counter.options.maxKeysPerBatch,
      maxTotalKeys: counter.options.maxTotalKeys,
      retentionMs: counter.options.retentionMs,
    },
    samples,
  }),
);
