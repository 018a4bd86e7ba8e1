/**
 * A test-only reference model of the counting semantics of DESIGN.md §4–5, written from the
 * design alone and as plainly as possible: every window, ranking, display form and total is
 * recomputed from scratch from the list of counted tweets. No incremental state, no skipping
 * tricks, no batch-index arithmetic beyond "which multiples of S cover this tweet".
 *
 * It models a finite, event-timed input read to the end: every tweet has a `time`; the
 * watermark is (largest event time seen) − lateness, updated after each tweet; the end of the
 * input closes everything.
 */
import type { BatchResult } from '@tagstream/protocol';
import { extractHashtags, type Tweet } from '@tagstream/tweets';
import { ManualClock } from '@tagstream/time';
import type { CounterOptions } from '../options.ts';
import { WindowedCounter } from '../windowed-counter.ts';

export interface ReferenceOptions {
  batchMs: number;
  windowMs: number;
  slideMs: number;
  topK: number;
  latenessMs: number;
  /** Count retweets (default true). */
  retweets?: boolean;
  /** Tweets failing it do not exist for the counter (not counted, no effect on the watermark). */
  filter?: (t: Tweet) => boolean;
  /** Related tags listed with each top entry (DESIGN.md §5); 0 or absent: none. */
  related?: number;
}

export interface ReferenceTopEntry {
  tag: string;
  display: string;
  count: number;
  rank: number;
  prevRank: number | null;
  related?: { tag: string; count: number }[];
}

export interface ReferenceTotalEntry {
  tag: string;
  display: string;
  count: number;
  rank: number;
}

/** The compared fields of a BatchResult (DESIGN.md §5). */
export interface ReferenceResult {
  seq: number;
  batch: { start: string; end: string };
  window: { start: string; end: string };
  top: ReferenceTopEntry[];
  stats: { tweets: number; tweetsWithTags: number; distinctTags: number };
  totals: { tweets: number; top: ReferenceTotalEntry[] };
}

/** How each input tweet was classified. */
export type Fate = 'counted' | 'duplicate' | 'late' | 'filtered';

export interface ReferenceRun {
  results: ReferenceResult[];
  /**
   * For each result, the index of the input tweet whose arrival made the watermark reach the
   * window end (the result must be emitted while that tweet is added), or `tweets.length` when
   * only the end of the input closes it.
   */
  emittedAt: number[];
  fates: Fate[];
  late: number;
  duplicates: number;
  /** The watermark after each tweet (−Infinity before any time is known). */
  watermarks: number[];
}

/** NFC then lower case, with no shortcut (DESIGN.md §4). */
export function referenceKey(tag: string): string {
  return tag.normalize('NFC').toLowerCase();
}

/** Code point order, by materializing the code points. */
export function referenceCompare(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

interface Counted {
  tweet: Tweet;
  time: number;
  /** Arrival order among all input tweets: "first seen" for display-form ties. */
  arrival: number;
  /** Distinct keys of the tweet, each with the surface form of its FIRST occurrence in the tweet. */
  keys: Map<string, string>;
  hasTags: boolean;
}

export function referenceResults(tweets: readonly Tweet[], options: ReferenceOptions): ReferenceRun {
  const { batchMs: B, windowMs: W, slideMs: S, topK: K, latenessMs: L } = options;
  const retweets = options.retweets ?? true;

  // 1. Classify every tweet in arrival order.
  const seenIds = new Set<string>();
  const counted: Counted[] = [];
  const fates: Fate[] = [];
  const watermarks: number[] = [];
  let maxTime = -Infinity;
  let watermark = -Infinity;
  for (let i = 0; i < tweets.length; i++) {
    const t = tweets[i]!;
    if (t.time === null) throw new Error('reference model: every tweet needs an event time');
    if ((!retweets && t.retweet) || (options.filter !== undefined && !options.filter(t))) {
      fates.push('filtered');
      watermarks.push(watermark);
      continue;
    }
    const batchEnd = (Math.floor(t.time / B) + 1) * B;
    const batchClosed = watermark >= batchEnd;
    if (t.id !== null && seenIds.has(t.id)) {
      fates.push('duplicate');
    } else {
      if (t.id !== null) seenIds.add(t.id);
      if (batchClosed) fates.push('late');
      else {
        fates.push('counted');
        const tags = t.hashtags ?? extractHashtags(t.text);
        const keys = new Map<string, string>();
        for (const tag of tags) {
          const key = referenceKey(tag);
          if (!keys.has(key)) keys.set(key, tag);
        }
        counted.push({ tweet: t, time: t.time, arrival: i, keys, hasTags: tags.length > 0 });
      }
    }
    maxTime = Math.max(maxTime, t.time);
    watermark = maxTime - L;
    watermarks.push(watermark);
  }

  // 2. Which window ends to emit: every multiple of S whose window [E−W, E) holds a counted
  //    tweet, plus the first (empty) one after each run of such ends.
  const nonEmpty = new Set<number>();
  for (const c of counted) {
    for (let E = (Math.floor(c.time / S) + 1) * S; E - W <= c.time; E += S) nonEmpty.add(E);
  }
  const ends = new Set(nonEmpty);
  for (const E of nonEmpty) if (!nonEmpty.has(E + S)) ends.add(E + S);
  const sortedEnds = [...ends].sort((a, b) => a - b);

  // 3. Each result, from scratch.
  const results: ReferenceResult[] = [];
  const emittedAt: number[] = [];
  let prevRanks = new Map<string, number>();
  for (const E of sortedEnds) {
    const inWindow = counted.filter((c) => E - W <= c.time && c.time < E);
    const ranked = rank(inWindow, K);
    const ranks = new Map<string, number>();
    const top = ranked.map((r, i): ReferenceTopEntry => {
      ranks.set(r.tag, i + 1);
      const entry: ReferenceTopEntry = { ...r, rank: i + 1, prevRank: prevRanks.get(r.tag) ?? null };
      if ((options.related ?? 0) > 0) entry.related = relatedOf(inWindow, r.tag, options.related!);
      return entry;
    });
    prevRanks = ranks;
    const before = counted.filter((c) => c.time < E);
    const distinct = new Set<string>();
    for (const c of inWindow) for (const k of c.keys.keys()) distinct.add(k);
    results.push({
      seq: results.length,
      batch: { start: iso(E - B), end: iso(E) },
      window: { start: iso(E - W), end: iso(E) },
      top,
      stats: {
        tweets: inWindow.length,
        tweetsWithTags: inWindow.filter((c) => c.hasTags).length,
        distinctTags: distinct.size,
      },
      totals: {
        tweets: before.length,
        top: rank(before, K).map((r, i) => ({ ...r, rank: i + 1 })),
      },
    });
    const at = watermarks.findIndex((wm) => wm >= E);
    emittedAt.push(at === -1 ? tweets.length : at);
  }

  const late = fates.filter((f) => f === 'late').length;
  const duplicates = fates.filter((f) => f === 'duplicate').length;
  return { results, emittedAt, fates, late, duplicates, watermarks };
}

/** Top K of a set of counted tweets: count desc, then key by code point; display = most frequent form, ties first seen. */
function rank(tweets: readonly Counted[], k: number): { tag: string; display: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const c of tweets) for (const key of c.keys.keys()) counts.set(key, (counts.get(key) ?? 0) + 1);
  const keys = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || referenceCompare(a, b));
  return keys
    .slice(0, k)
    .map((key) => ({ tag: key, display: '#' + displayOf(tweets, key), count: counts.get(key)! }));
}

/**
 * The keys most often in the same counted tweets as `key`: for each other key, the number of
 * tweets holding both (each tweet's keys distinct); count desc, then key by code point; at most n.
 */
function relatedOf(tweets: readonly Counted[], key: string, n: number): { tag: string; count: number }[] {
  const together = new Map<string, number>();
  for (const c of tweets) {
    if (!c.keys.has(key)) continue;
    for (const other of c.keys.keys()) if (other !== key) together.set(other, (together.get(other) ?? 0) + 1);
  }
  return [...together]
    .sort((a, b) => b[1] - a[1] || referenceCompare(a[0], b[0]))
    .slice(0, n)
    .map(([tag, count]) => ({ tag, count }));
}

function displayOf(tweets: readonly Counted[], key: string): string {
  const forms = new Map<string, { count: number; first: number }>();
  // `tweets` is in arrival order (a filter of the counted list), so the first sighting comes first.
  for (const c of tweets) {
    const form = c.keys.get(key);
    if (form === undefined) continue;
    const f = forms.get(form);
    if (f === undefined) forms.set(form, { count: 1, first: c.arrival });
    else f.count++;
  }
  let best: string | null = null;
  for (const [form, f] of forms) {
    const b = best === null ? undefined : forms.get(best)!;
    if (b === undefined || f.count > b.count || (f.count === b.count && f.first < b.first)) best = form;
  }
  return best!;
}

// ---------------------------------------------------------------------------------------------
// Test harness (not part of the model): build tweets, drive the real counter, strip its results
// to the fields the model fixes.
// ---------------------------------------------------------------------------------------------

/** A tweet with explicit hashtags, so tests exercise the core and not the extractor. */
export function tweet(
  id: string | null,
  time: number | null,
  hashtags: string[],
  extra: Partial<Tweet> = {},
): Tweet {
  return {
    id,
    time,
    text: hashtags.map((h) => '#' + h).join(' '),
    retweet: false,
    author: null,
    lang: null,
    hashtags,
    ...extra,
  };
}

export interface Run {
  counter: WindowedCounter;
  results: BatchResult[];
  /** For each result, the index of the input step during which it was emitted (`tweets.length` = `end()`). */
  emittedAt: number[];
}

/**
 * Feeds tweets in order, then `end()`. With `explicitWatermarks`, each tweet is followed by
 * `watermarkAt(max event time so far − lateness)`, as a source sending watermark lines would.
 */
export function runCounter(
  tweets: readonly Tweet[],
  options: Partial<CounterOptions>,
  { explicitWatermarks = false, filter = null as ((t: Tweet) => boolean) | null } = {},
): Run {
  const results: BatchResult[] = [];
  const emittedAt: number[] = [];
  let step = 0;
  const counter = new WindowedCounter({
    counting: options,
    clock: new ManualClock(0),
    sink: (r) => {
      results.push(r);
      emittedAt.push(step);
    },
    filter: filter ?? undefined,
  });
  let maxTime = -Infinity;
  for (const t of tweets) {
    counter.add(t);
    const passes =
      (counter.options.retweets || !t.retweet) && (filter === null || filter(t)) && t.time !== null;
    if (passes) maxTime = Math.max(maxTime, t.time!);
    if (explicitWatermarks && maxTime > -Infinity) counter.watermarkAt(maxTime - counter.options.latenessMs);
    step++;
  }
  counter.end();
  return { counter, results, emittedAt };
}

/** The fields DESIGN.md §5 fixes exactly (no processingMs, no late/duplicate/malformed placement). */
export function compared(r: BatchResult): ReferenceResult {
  return {
    seq: r.seq,
    batch: r.batch,
    window: r.window,
    top: r.top.map((e) => ({
      tag: e.tag,
      display: e.display,
      count: e.count,
      rank: e.rank,
      prevRank: e.prevRank,
      ...(e.related !== undefined ? { related: e.related } : {}),
    })),
    stats: {
      tweets: r.stats.tweets,
      tweetsWithTags: r.stats.tweetsWithTags,
      distinctTags: r.stats.distinctTags,
    },
    totals: {
      tweets: r.totals.tweets,
      top: r.totals.top.map((e) => ({ tag: e.tag, display: e.display, count: e.count, rank: e.rank })),
    },
  };
}

/** Epoch ms → ISO, for expected results written by hand. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
