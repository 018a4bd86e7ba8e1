import type { BatchResult } from '@tagstream/protocol';
import { ManualClock } from '@tagstream/time';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SMALL_SETTINGS, T0, watermarkLine } from './testing/line-streams.ts';
import type { CounterCheckpoint } from './checkpoint.ts';
import { CounterSession } from './counter-session.ts';
import { digestLine } from './line-digest.ts';
import { emptyLineTally, feedLine } from './line-input.ts';
import { MergeFeeder, type MergeEntry } from './merge-feeder.ts';
import type { CounterBase } from './settings-options.ts';
import { runParts, type FactRecord } from './run-parts.ts';

const SETTINGS = SMALL_SETTINGS;

function session(results: BatchResult[], base: CounterBase): CounterSession {
  return new CounterSession({
    settings: SETTINGS,
    base: { tagProfiles: true, ...base },
    clock: new ManualClock(T0),
    sink: { result: (r) => results.push({ ...r, stats: { ...r.stats, processingMs: 0 } }) },
  });
}

/** Lines as they come in: tweets (duplicates, retweets, late ones, display-form ties), watermarks with marks, junk. */
const line = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .record({
        id: fc.integer({ min: 1, max: 60 }),
        at: fc.integer({ min: 0, max: 12_000 }),
        tags: fc.array(
          fc.constantFrom('#Eth', '#eth', '#ETH', '#BTC', '#btc', '#ÉtÉ', '＃sol', 'plain', '#a_b'),
          {
            maxLength: 4,
          },
        ),
        rt: fc.boolean(),
        who: fc.constantFrom(undefined, 'ann', 'bob'),
      })
      .map(({ id, at, tags, rt, who }) =>
        JSON.stringify({
          id: String(id),
          created_at: new Date(T0 + at).toISOString(),
          text: tags.join(' '),
          ...(rt ? { rt: true } : {}),
          ...(who ? { author: who, lang: 'en' } : {}),
        }),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        at: fc.integer({ min: 0, max: 30_000 }),
        mark: fc.constantFrom(undefined, undefined, 'begin', 'end'),
      })
      .map(({ at, mark }) => watermarkLine(at, mark)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('{not json', 'plain text #Here #Eth', '', '{"limit":{"track":3}}', '[1,2]'),
  },
);

/** How the workers read the stream: runs of consecutive entries, some digested one by one (a claim), some with parts cut by another batch interval. */
const cutting = fc.array(
  fc.record({
    length: fc.integer({ min: 1, max: 12 }),
    kind: fc.constantFrom('merged', 'merged', 'merged', 'serial', 'other-interval'),
  }),
  { minLength: 1, maxLength: 40, size: 'max' },
);

interface Store {
  entries: MergeEntry[];
  parts: Map<string, string>;
  digests: Map<string, string>;
}

/** What the workers write for the lines, run by run. */
function written(lines: string[], runs: { length: number; kind: string }[]): Store {
  const store: Store = { entries: [], parts: new Map(), digests: new Map() };
  const ids = lines.map((_, i) => `${1_000 + i}-0`);
  const digests = lines.map(digestLine);
  ids.forEach((id, i) => store.digests.set(id, digests[i]!));
  let at = 0;
  for (let r = 0; at < lines.length; r++) {
    const run = runs[r % runs.length]!;
    const end = Math.min(lines.length, at + run.length);
    if (run.kind === 'serial') {
      for (let i = at; i < end; i++) store.entries.push({ id: ids[i]!, digest: digests[i]! });
    } else {
      const b = run.kind === 'merged' ? SETTINGS.batchMs : 3_000;
      const out = runParts(ids.slice(at, end), digests.slice(at, end), b);
      out.facts.forEach((facts: FactRecord, i) => store.entries.push({ id: ids[at + i]!, facts }));
      for (const [f, p] of out.parts) store.parts.set(f, p);
    }
    at = end;
  }
  return store;
}

function supplyAll(feeder: MergeFeeder, entry: MergeEntry | null, store: Store): void {
  for (let need = feeder.missing(entry); need !== null; need = feeder.missing(entry)) {
    feeder.supply(
      new Map(need.parts.map((f) => [f, store.parts.get(f) ?? null])),
      new Map(need.digests.map((id) => [id, store.digests.get(id) ?? null])),
    );
  }
}

/** Feeds the store through a MergeFeeder, checkpointing (and resuming from it) where `restartAt` says. */
function merged(
  store: Store,
  base: CounterBase,
  restarts: Set<number>,
): { results: BatchResult[]; s: CounterSession; fills: { merged: number; serial: number } } {
  const results: BatchResult[] = [];
  let s = session(results, base);
  let feeder = new MergeFeeder(s, { watermarkFromSource: false });
  const fills = { merged: 0, serial: 0 };
  for (const [i, entry] of store.entries.entries()) {
    supplyAll(feeder, entry, store);
    feeder.feed(entry);
    if (restarts.has(i) && feeder.atBoundary) {
      supplyAll(feeder, null, store);
      feeder.fillAll();
      fills.merged += feeder.fills.merged;
      fills.serial += feeder.fills.serial;
      const saved = JSON.parse(JSON.stringify(s.checkpoint())) as CounterCheckpoint;
      s = session(results, base);
      s.restore(saved);
      feeder = new MergeFeeder(s, { watermarkFromSource: saved.sourceWatermark !== null });
    }
  }
  supplyAll(feeder, null, store);
  feeder.fillAll();
  s.end();
  fills.merged += feeder.fills.merged;
  fills.serial += feeder.fills.serial;
  return { results, s, fills };
}

describe('counts merged from the workers’ parts', () => {
  it('give, emission by emission, the results of feeding the lines in order', () => {
    const totals = { merged: 0, serial: 0 };
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 20, maxLength: 200, size: 'max' }),
        cutting,
        fc.constantFrom<CounterBase>({}, { maxKeysPerBatch: 3 }, { maxPairsPerBatch: 2 }),
        fc.array(fc.integer({ min: 0, max: 150 }), { maxLength: 4 }),
        (lines, runs, base, restarts) => {
          lines.unshift(JSON.stringify({ watermark: new Date(T0).toISOString() }));
          const direct: BatchResult[] = [];
          const a = session(direct, base);
          for (const l of lines) feedLine(a, l, 'auto', emptyLineTally());
          a.end();
          const { results, s, fills } = merged(written(lines, runs), base, new Set(restarts));
          totals.merged += fills.merged;
          totals.serial += fills.serial;
          expect(results).toEqual(direct);
          expect(s.lifetime()).toEqual(a.lifetime());
        },
      ),
      // No shrinking: a counterexample of 200 lines takes minutes to shrink; its seed replays it.
      { numRuns: 150, endOnFailure: true },
    );
    // Both ways of filling a batch were taken, many times each.
    expect(totals.merged).toBeGreaterThan(100);
    expect(totals.serial).toBeGreaterThan(20);
  }, 60_000);

  it('take a display form’s first sighting from the tweets counted, not from one filtered out', () => {
    const at = (ms: number): string => new Date(T0 + ms).toISOString();
    const lines = [
      JSON.stringify({ watermark: at(0) }),
      JSON.stringify({ id: '1', created_at: at(100), text: '#ETH', rt: true }),
      JSON.stringify({ id: '2', created_at: at(200), text: '#eth' }),
      JSON.stringify({ id: '3', created_at: at(300), text: '#ETH' }),
      JSON.stringify({ watermark: at(4_000) }),
    ];
    const direct: BatchResult[] = [];
    const a = session(direct, {});
    for (const l of lines) feedLine(a, l, 'auto', emptyLineTally());
    a.end();
    const { results, fills } = merged(written(lines, [{ length: 5, kind: 'merged' }]), {}, new Set());
    expect(direct[0]!.top[0]!.display).toBe('#eth');
    expect(results).toEqual(direct);
    // The form whose first sighting was filtered out makes the sum inexact: counted one by one.
    expect(fills).toEqual({ merged: 0, serial: 1 });
  });

  it('give the samples the newest counted tweets of a batch filled from parts', () => {
    const at = (ms: number): string => new Date(T0 + ms).toISOString();
    const lines = [
      JSON.stringify({ watermark: at(0) }),
      JSON.stringify({ id: '1', created_at: at(100), text: 'one #a' }),
      JSON.stringify({ id: '1', created_at: at(150), text: 'one again #a' }),
      JSON.stringify({ id: '3', created_at: at(200), text: 'three #b' }),
      JSON.stringify({ id: '2', created_at: at(300), text: 'two #b', rt: true }),
      JSON.stringify({ watermark: at(4_000) }),
    ];
    const store = written(lines, [{ length: lines.length, kind: 'merged' }]);
    const samples: string[] = [];
    const feeder = new MergeFeeder(session([], {}), {
      watermarkFromSource: false,
      counted: (t) => samples.push(t.text),
    });
    for (const entry of store.entries) {
      supplyAll(feeder, entry, store);
      feeder.feed(entry);
      const ids = feeder.samplesWanted;
      feeder.supplySamples(new Map(ids.map((id) => [id, store.digests.get(id) ?? null])));
    }
    expect(feeder.fills).toEqual({ merged: 1, serial: 0 });
    // The duplicate and the filtered retweet are no samples.
    expect(samples).toEqual(['one #a', 'three #b']);
  });
});
