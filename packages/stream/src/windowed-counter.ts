import type { BatchResult, TopEntry } from '@tagstream/protocol';
import { extractHashtags, type Tweet } from '@tagstream/tweets';
import { BatchCounts, emptyStats, type BatchStats, type KeyTally } from './batch-counts.ts';
import type { Clock } from './clock.ts';
import { CompactBatch } from './compact-batch.ts';
import {
  assertCheckpoint,
  batchFromJson,
  batchToJson,
  CHECKPOINT_VERSION,
  finiteOrNull,
  orMinusInfinity,
  tallyFromJson,
  tallyToJson,
  type CounterCheckpoint,
} from './checkpoint.ts';
import { displayForm } from './display-form.ts';
import { resolveOptions, type CounterOptions } from './options.ts';
import { RecentIds } from './recent-ids.ts';
import { countIn, forEachKeyIn, primaryFormIn, tallyIn, type RetainedBatch } from './retained-batch.ts';
import { RunningTotals } from './running-totals.ts';
import { StringDictionary } from './string-dictionary.ts';
import { topK } from './top-k.ts';
import { addStats, WindowCounts } from './window-counts.ts';

/** Receives each emission. */
export type ResultSink = (result: BatchResult) => void;

/** Lifetime counters, for metrics (the results carry the per-window ones). */
export interface CounterTotals {
  tweets: number;
  late: number;
  duplicates: number;
  malformed: number;
  overflow: number;
  filtered: number;
  emitted: number;
}

/** All lifetime counters at zero. */
export function emptyCounterTotals(): CounterTotals {
  return { tweets: 0, late: 0, duplicates: 0, malformed: 0, overflow: 0, filtered: 0, emitted: 0 };
}

/**
 * The windowed streaming core (DESIGN.md §4): places tweets in event-time
 * micro-batches, closes batches as the watermark passes them, and emits the
 * top K of each sliding window plus running totals. Pure: time comes from the
 * injected clock and from the tweets themselves; results go to the sink.
 *
 * Batch and window positions are kept in batch-index units (`k` covers
 * `[k·B, (k+1)·B)`); a window ending at index `e` covers batches `[e−w, e)`.
 */
export class WindowedCounter {
  options: CounterOptions;
  readonly lifetime: CounterTotals = emptyCounterTotals();
  private readonly b: number;
  private w: number;
  private s: number;

  /**
   * Open and unfolded batches are maps; folded ones are compacted (CompactBatch). Their
   * strings and the running totals' live in `strings`, each distinct one once.
   */
  private readonly batches = new Map<number, RetainedBatch>();
  private readonly strings = new StringDictionary();
  /** Indices of `batches`, ascending. */
  private readonly indices: number[] = [];
  private readonly window = new WindowCounts();
  /** The window currently held in `window` ends at this batch index. */
  private windowEnd = -Infinity;
  /** Batches below this index are closed; tweets for them are late. */
  private closedIdx = -Infinity;
  /** The next window end to consider, or null before the first batch closes. */
  private nextEnd: number | null = null;
  private prevNonEmpty = false;
  /** Batches below this index have been folded into the running totals. */
  private totalsUpTo = -Infinity;
  private totals: RunningTotals;
  private ids: RecentIds;
  private firstIdx: number | null = null;

  private sourceWatermark: number | null = null;
  private maxEventTime: number | null = null;
  private sawArrivalTime = false;
  /** Stats that arrived before any batch existed, folded into the first one. */
  private unplaced: BatchStats = emptyStats();
  private formSeq = 0;
  private seq = 0;
  private prevRanks = new Map<string, number>();
  private lastResult: BatchResult | null = null;

  constructor(
    options: Partial<CounterOptions>,
    private readonly clock: Clock,
    private readonly sink: ResultSink,
    private readonly measure: () => number = () => performance.now(),
    /** Tweets failing this predicate are not counted at all (track keywords, retweet setting). */
    private readonly filter: ((t: Tweet) => boolean) | null = null,
    /** Sees every counted tweet with its hashtags (sample tweets for drill-down). */
    private readonly onCounted: ((t: Tweet, tags: readonly string[]) => void) | null = null,
  ) {
    this.options = resolveOptions(options);
    this.b = this.options.batchMs;
    this.w = this.options.windowMs / this.b;
    this.s = this.options.slideMs / this.b;
    this.totals = new RunningTotals(this.options.maxTotalKeys, this.strings);
    this.ids = new RecentIds(this.options.dedupHorizonMs, this.options.maxIds);
  }

  /** The state as plain JSON, for a checkpoint file (DESIGN.md §8). */
  toCheckpoint(source?: unknown): CounterCheckpoint {
    return {
      kind: 'tagstream-counter',
      version: CHECKPOINT_VERSION,
      options: { ...this.options },
      batches: this.indices.map((k) => batchToJson(this.batches.get(k)!)),
      windowEnd: finiteOrNull(this.windowEnd),
      closedIdx: finiteOrNull(this.closedIdx),
      nextEnd: this.nextEnd,
      prevNonEmpty: this.prevNonEmpty,
      totalsUpTo: finiteOrNull(this.totalsUpTo),
      totals: {
        tweets: this.totals.tweets,
        maxError: this.totals.maxError,
        entries: [...this.totals.dump()].map((e) => [e.key, e.count, e.error, tallyToJson(e.key, e.forms)]),
      },
      ids: [...this.ids.entries()],
      sourceWatermark: this.sourceWatermark,
      maxEventTime: this.maxEventTime,
      sawArrivalTime: this.sawArrivalTime,
      unplaced: { ...this.unplaced },
      formSeq: this.formSeq,
      seq: this.seq,
      prevRanks: [...this.prevRanks],
      lastResult: this.lastResult,
      lifetime: { ...this.lifetime },
      firstBatchIndex: this.firstIdx,
      ...(source !== undefined ? { source } : {}),
    };
  }

  /**
   * Rebuilds a counter from a checkpoint (its own options win, since batches cannot
   * be re-cut). Throws CheckpointError for anything that is not a readable checkpoint.
   */
  static fromCheckpoint(
    value: unknown,
    clock: Clock,
    sink: ResultSink,
    measure?: () => number,
    filter: ((t: Tweet) => boolean) | null = null,
    onCounted: ((t: Tweet, tags: readonly string[]) => void) | null = null,
  ): WindowedCounter {
    assertCheckpoint(value);
    const c = new WindowedCounter(value.options, clock, sink, measure, filter, onCounted);
    for (const bj of value.batches) {
      c.batches.set(bj.index, batchFromJson(bj, c.options.maxKeysPerBatch));
      c.indices.push(bj.index);
    }
    c.indices.sort((a, b) => a - b);
    c.firstIdx =
      value.firstBatchIndex !== undefined
        ? value.firstBatchIndex
        : (c.indices.find((k) => c.batches.get(k)!.stats.tweets > 0) ?? null);
    c.windowEnd = orMinusInfinity(value.windowEnd);
    c.closedIdx = orMinusInfinity(value.closedIdx);
    c.nextEnd = value.nextEnd;
    c.prevNonEmpty = value.prevNonEmpty;
    c.totalsUpTo = orMinusInfinity(value.totalsUpTo);
    c.totals = new RunningTotals(c.options.maxTotalKeys, c.strings);
    c.totals.tweets = value.totals.tweets;
    for (const [, count, error, formsJson] of value.totals.entries) {
      const { key, tally } = tallyFromJson(formsJson);
      c.totals.add(key, { ...tally, count: count - error }, error);
    }
    c.totals.maxError = value.totals.maxError;
    c.ids = new RecentIds(c.options.dedupHorizonMs, c.options.maxIds);
    for (const [id, time] of value.ids) c.ids.add(id, time);
    c.sourceWatermark = value.sourceWatermark;
    c.maxEventTime = value.maxEventTime;
    c.sawArrivalTime = value.sawArrivalTime;
    c.unplaced = { ...value.unplaced };
    c.formSeq = value.formSeq;
    c.seq = value.seq;
    c.prevRanks = new Map(value.prevRanks);
    c.lastResult = value.lastResult;
    Object.assign(c.lifetime, value.lifetime);
    c.compactUpTo(Math.min(c.totalsUpTo, c.closedIdx));
    if (Number.isFinite(c.windowEnd)) c.eachBatch(c.windowEnd - c.w, c.windowEnd, (b) => c.window.add(b));
    return c;
  }

  /**
   * Changes window, slide, top K, the retweet setting or the retention live. The window is
   * rebuilt from the retained batches at once, so the next result already uses the new
   * settings; the retweet setting applies to tweets arriving from now on. Retention stays at
   * least the window; lowering it lets the next batch close forget more, raising it cannot
   * bring back batches already forgotten. The batch interval cannot change here: batches
   * cannot be re-cut.
   */
  reconfigure(
    patch: Partial<Pick<CounterOptions, 'windowMs' | 'slideMs' | 'topK' | 'retweets' | 'retentionMs'>>,
  ): void {
    const next = resolveOptions({ ...this.options, ...patch });
    this.options = next;
    this.w = next.windowMs / this.b;
    this.s = next.slideMs / this.b;
    if (Number.isFinite(this.windowEnd)) {
      this.window.clear();
      this.eachBatch(this.windowEnd - this.w, this.windowEnd, (b) => this.window.add(b));
      // The first end on the new slide's grid after the last end already considered.
      this.nextEnd = (Math.floor(this.windowEnd / this.s) + 1) * this.s;
    } else if (this.nextEnd !== null) {
      this.nextEnd = null;
    }
  }

  /** The first batch index that ever held a counted tweet (kept in the checkpoint), or null before any. */
  get firstBatchIndex(): number | null {
    return this.firstIdx;
  }

  /** Index of the oldest batch still retained, or null when none is. */
  get oldestRetainedBatchIndex(): number | null {
    return this.indices.length > 0 ? this.indices[0]! : null;
  }

  /** `key`'s count in each retained batch of [from, to) summed (batch indices; unretained batches count 0). */
  keyCount(key: string, from: number, to: number): number {
    let n = 0;
    for (let i = this.lowerBound(from); i < this.indices.length && this.indices[i]! < to; i++) {
      n += countIn(this.batches.get(this.indices[i]!)!, key);
    }
    return n;
  }

  /**
   * Every key counted in the retained batches of [from, to) with its summed count and its
   * primary (first-seen) surface form, without `#`, in the NEWEST batch of the range that
   * holds it. Order unspecified.
   */
  keyCounts(from: number, to: number): Map<string, { count: number; form: string }> {
    const out = new Map<string, { count: number; form: string }>();
    const add = (key: string, count: number, form: string): void => {
      const s = out.get(key);
      if (s === undefined) out.set(key, { count, form });
      else s.count += count;
    };
    // Newest first, so the form kept for a key is its newest batch's.
    for (let i = this.lowerBound(to) - 1; i >= 0 && this.indices[i]! >= from; i--) {
      forEachKeyIn(this.batches.get(this.indices[i]!)!, add);
    }
    return out;
  }

  /** The primary (first-seen) surface form, without `#`, of `key` in the newest retained batch holding it; null if none. */
  latestForm(key: string): string | null {
    for (let i = this.indices.length - 1; i >= 0; i--) {
      const form = primaryFormIn(this.batches.get(this.indices[i]!)!, key);
      if (form !== undefined) return form;
    }
    return null;
  }

  /** The latest emission, if any. */
  get latest(): BatchResult | null {
    return this.lastResult;
  }

  /** The current watermark in epoch ms, or null before the stream has said anything about time. */
  get watermark(): number | null {
    if (this.sourceWatermark !== null) return this.sourceWatermark;
    if (this.maxEventTime !== null) return this.maxEventTime - this.options.latenessMs;
    if (this.sawArrivalTime) return this.clock.now();
    return null;
  }

  /** Counts one tweet (or drops it as filtered, duplicate or late), then closes whatever its time closed. */
  add(tweet: Tweet): void {
    if ((!this.options.retweets && tweet.retweet) || (this.filter !== null && !this.filter(tweet))) {
      this.lifetime.filtered++;
      return;
    }
    let time = tweet.time;
    if (time === null) time = this.arrivalTime();
    else if (this.maxEventTime === null || time > this.maxEventTime) this.maxEventTime = time;

    const k = Math.floor(time / this.b);
    if (tweet.id !== null && !this.ids.add(tweet.id, time)) {
      this.lifetime.duplicates++;
      this.openStats().duplicates++;
    } else if (k < this.closedIdx) {
      this.lifetime.late++;
      this.openStats().late++;
    } else {
      this.lifetime.tweets++;
      if (this.firstIdx === null || k < this.firstIdx) this.firstIdx = k;
      const batch = this.batch(k);
      const overflowBefore = batch.stats.overflow;
      const tags = tweet.hashtags ?? extractHashtags(tweet.text);
      batch.addTweet(tags, this.formSeq++);
      if (this.onCounted !== null && tags.length > 0) this.onCounted(tweet, tags);
      this.lifetime.overflow += batch.stats.overflow - overflowBefore;
    }
    if (this.sourceWatermark === null && tweet.time !== null) this.advance();
  }

  /** A line that could not be parsed: counted in the window it arrived in. */
  malformed(): void {
    this.lifetime.malformed++;
    this.openStats().malformed++;
  }

  /** A watermark line from the source (DESIGN.md §3): from now on the source's word sets the watermark. */
  watermarkAt(time: number): void {
    if (!Number.isFinite(time)) return;
    if (this.sourceWatermark === null || time > this.sourceWatermark) this.sourceWatermark = time;
    this.advance();
  }

  /** Lets wall time close batches when the stream's time is the wall clock (plain text lines). */
  tick(): void {
    if (this.sourceWatermark === null && this.maxEventTime === null && this.sawArrivalTime) this.advance();
  }

  /** The input is finished: closes every batch and emits the trailing windows by the usual rule. */
  end(): void {
    const last = this.indices.length > 0 ? this.indices[this.indices.length - 1]! : null;
    if (last === null) return;
    // The last window holding `last` ends by last+w; the first empty one after it by last+w+s.
    this.closeUpTo(last + this.w + this.s + 1);
  }

  private arrivalTime(): number {
    // A line without a time belongs to "now" in the stream's own time: the wall clock for
    // plain text, the current watermark when the source keeps event time.
    if (this.sourceWatermark !== null) return this.sourceWatermark;
    if (this.maxEventTime !== null) return this.maxEventTime;
    this.sawArrivalTime = true;
    return this.clock.now();
  }

  private advance(): void {
    const wm = this.watermark;
    if (wm === null) return;
    const idx = Math.floor(wm / this.b);
    if (idx > this.closedIdx) this.closeUpTo(idx);
  }

  private closeUpTo(idx: number): void {
    // Never reopen: end() after a far-ahead watermark must not make closed batches count again.
    if (idx <= this.closedIdx) return;
    this.closedIdx = idx;
    this.nextEnd ??= this.firstCandidateEnd(-Infinity);
    while (this.nextEnd !== null && this.nextEnd <= idx) {
      const e: number = this.nextEnd;
      this.moveWindowTo(e);
      const nonEmpty = this.window.stats.tweets > 0;
      const due = nonEmpty || this.prevNonEmpty;
      // State moves on before the sink sees the result, so a checkpoint taken from inside the sink resumes after it.
      this.prevNonEmpty = nonEmpty;
      this.nextEnd = nonEmpty ? e + this.s : Math.max(e + this.s, this.firstCandidateEnd(e));
      if (due) this.emit(e);
    }
    this.forgetOld();
  }

  /**
   * The first window end worth looking at after an empty window ending at `after`:
   * the first end whose window reaches the next batch holding tweets, or, if none is
   * known, the first end that a batch still open could reach. Skipping the rest is
   * what lets a recording that spans years emit only the windows that hold tweets.
   */
  private firstCandidateEnd(after: number): number {
    const s = this.s;
    const reachOpen = (Math.floor(this.closedIdx / s) + 1) * s;
    for (let i = this.lowerBound(after); i < this.indices.length; i++) {
      const k = this.indices[i]!;
      if (this.batches.get(k)!.stats.tweets === 0) continue;
      return Math.min((Math.floor(k / s) + 1) * s, reachOpen);
    }
    return reachOpen;
  }

  private moveWindowTo(e: number): void {
    const start = e - this.w;
    const oldStart = this.windowEnd - this.w;
    if (start >= this.windowEnd) {
      this.window.clear();
      this.eachBatch(start, e, (b) => this.window.add(b));
    } else {
      this.eachBatch(this.windowEnd, e, (b) => this.window.add(b));
      this.eachBatch(oldStart, start, (b) => this.window.subtract(b));
    }
    this.windowEnd = e;
    if (e > this.totalsUpTo) {
      // Batches below e are closed: each is folded into the totals as it is compacted.
      for (let i = this.lowerBound(this.totalsUpTo); i < this.indices.length && this.indices[i]! < e; i++) {
        const k = this.indices[i]!;
        const b = asOpen(this.batches.get(k)!);
        this.totals.tweets += b.stats.tweets;
        this.batches.set(k, new CompactBatch(b, this.strings, this.foldIntoTotals));
      }
      this.totalsUpTo = e;
    }
  }

  private emit(e: number): void {
    const started = this.measure();
    const { topK: k } = this.options;
    const ranked = topK(this.window.counts, k);
    const ranks = new Map<string, number>();
    const top: TopEntry[] = ranked.map((r, i) => {
      ranks.set(r.key, i + 1);
      return {
        tag: r.key,
        display: displayForm(this.tallies(r.key, e - this.w, e)),
        count: r.count,
        rank: i + 1,
        prevRank: this.prevRanks.get(r.key) ?? null,
      };
    });
    this.prevRanks = ranks;
    const st = this.window.stats;
    const totalsTop = this.totals
      .top(k)
      .map((t, i) => ({ tag: t.key, display: t.display, count: t.count, rank: i + 1 }));
    const result: BatchResult = {
      seq: this.seq++,
      batch: { start: iso((e - 1) * this.b), end: iso(e * this.b) },
      window: { start: iso((e - this.w) * this.b), end: iso(e * this.b) },
      top,
      stats: {
        tweets: st.tweets,
        tweetsWithTags: st.tweetsWithTags,
        distinctTags: this.window.counts.size,
        late: st.late,
        duplicates: st.duplicates,
        malformed: st.malformed,
        overflow: st.overflow,
        processingMs: 0,
      },
      totals: {
        tweets: this.totals.tweets,
        top: totalsTop,
        ...(this.totals.maxError > 0 ? { maxError: this.totals.maxError } : {}),
      },
    };
    result.stats.processingMs = round3(Math.max(0, this.measure() - started));
    this.lastResult = result;
    this.lifetime.emitted++;
    this.sink(result);
  }

  /** The tallies of one key in the batches `[from, to)`. */
  private tallies(key: string, from: number, to: number): KeyTally[] {
    const out: KeyTally[] = [];
    this.eachBatch(from, to, (b) => {
      const t = tallyIn(b, key);
      if (t) out.push(t);
    });
    return out;
  }

  /** Drops batches that no window, total or retention still needs, and ids past the horizon. */
  private forgetOld(): void {
    const retain = Math.ceil(this.options.retentionMs / this.b);
    const keepFrom = Math.min(this.windowEnd - this.w, this.totalsUpTo, this.closedIdx - retain);
    let drop = 0;
    while (drop < this.indices.length && this.indices[drop]! < keepFrom) {
      const b = this.batches.get(this.indices[drop]!)!;
      if (b instanceof CompactBatch) b.release();
      this.batches.delete(this.indices[drop]!);
      drop++;
    }
    if (drop > 0) this.indices.splice(0, drop);
    const wm = this.watermark;
    // Ids of tweets in batches still open must stay, or a re-delivery into an open batch would count twice.
    if (wm !== null) this.ids.expire(Math.min(wm, this.closedIdx * this.b));
  }

  private readonly foldIntoTotals = (keyId: number, formId: number, tally: KeyTally): void =>
    this.totals.addInterned(keyId, formId, tally);

  /** Compacts the batches of a restored checkpoint that are closed and already folded into the totals. */
  private compactUpTo(end: number): void {
    for (let i = 0; i < this.indices.length && this.indices[i]! < end; i++) {
      const k = this.indices[i]!;
      const b = this.batches.get(k)!;
      if (!(b instanceof CompactBatch)) this.batches.set(k, new CompactBatch(b, this.strings));
    }
  }

  private batch(k: number): BatchCounts {
    const existing = this.batches.get(k);
    if (existing !== undefined) return asOpen(existing);
    const b = new BatchCounts(k, this.options.maxKeysPerBatch);
    if (this.batches.size === 0) {
      addStats(b.stats, this.unplaced, 1);
      this.unplaced = emptyStats();
    }
    this.batches.set(k, b);
    const at = this.lowerBound(k);
    this.indices.splice(at, 0, k);
    return b;
  }

  /** The stats of the batch now filling: where late, duplicate and malformed lines are counted. */
  private openStats(): BatchStats {
    const wm = this.watermark;
    if (wm === null) return this.unplaced;
    return this.batch(Math.max(this.closedIdx, Math.floor(wm / this.b))).stats;
  }

  private eachBatch(from: number, to: number, fn: (b: RetainedBatch) => void): void {
    for (let i = this.lowerBound(from); i < this.indices.length; i++) {
      const k = this.indices[i]!;
      if (k >= to) break;
      fn(this.batches.get(k)!);
    }
  }

  /** Position of the first index ≥ k. */
  private lowerBound(k: number): number {
    const a = this.indices;
    // Most lookups are at the end (new batches, recent windows).
    if (a.length === 0 || a[a.length - 1]! < k) return a.length;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Batches are compacted only once closed and folded, so a batch still written to or folded is a map. */
function asOpen(b: RetainedBatch): BatchCounts {
  if (b instanceof CompactBatch) throw new Error(`batch ${b.index} is compacted but still in use`);
  return b;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
