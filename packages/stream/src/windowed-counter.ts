import type { BatchResult } from '@tagstream/protocol';
import type { Clock } from '@tagstream/time';
import { extractHashtags, type Tweet } from '@tagstream/tweets';
import { BatchCounts, emptyStats, type BatchStats, type KeyTally } from './batch-counts.ts';
import { CompactBatch } from './compact-batch.ts';
import { emptyCounterTotals, type CounterTotals } from './counter-totals.ts';
import type { CounterState } from './counter-state.ts';
import type { ResultSink, WindowedCounterOptions } from './counter-wiring.ts';
import { resolveOptions, type CounterOptions, type LiveOption } from './options.ts';
import { RecentIds } from './recent-ids.ts';
import type { RetainedBatch } from './retained-batch.ts';
import { RetainedBatches } from './retained-batches.ts';
import { RunningTotals } from './running-totals.ts';
import { StringDictionary } from './string-dictionary.ts';
import { addStats, WindowCounts } from './window-counts.ts';
import { WindowDetail } from './window-detail.ts';
import { windowResult } from './window-result.ts';

/**
 * The windowed streaming core (DESIGN.md §4): places tweets in event-time micro-batches, closes
 * batches as the watermark passes them, and emits the top K of each sliding window plus running
 * totals. Pure: time comes from the injected clock and from the tweets; results go to the sink.
 * Positions are in batch-index units (`k` covers `[k·B, (k+1)·B)`); a window ending at `e` covers `[e−w, e)`.
 */
export class WindowedCounter {
  options: CounterOptions;
  readonly lifetime: CounterTotals = emptyCounterTotals();
  private readonly b: number;
  private w: number;
  private s: number;

  /** Open and unfolded batches are maps, folded ones compacted; all their strings live in `strings`, once. */
  private readonly batches = new RetainedBatches();
  private readonly strings = new StringDictionary();
  private readonly window = new WindowCounts();
  /** Key pairs and profiles, kept per batch for the window only: related tags and who wrote a tag's tweets. */
  readonly detail: WindowDetail;
  /** The window currently held in `window` ends at this batch index. */
  private windowEnd = -Infinity;
  /** Batches below this index are closed; tweets for them are late. */
  private closedIdx = -Infinity;
  /** The next window end to consider, or null before the first batch closes. */
  private nextEnd: number | null = null;
  private prevNonEmpty = false;
  /** Batches below this index have been folded into the running totals. */
  private totalsUpTo = -Infinity;
  private readonly totals: RunningTotals;
  private readonly ids: RecentIds;
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

  private readonly clock: Clock;
  private readonly sink: ResultSink;
  private readonly filter: ((t: Tweet) => boolean) | null;
  private readonly onCounted: ((t: Tweet, tags: readonly string[]) => void) | null;

  constructor(o: WindowedCounterOptions) {
    this.options = resolveOptions(o.counting);
    this.clock = o.clock;
    this.sink = o.sink;
    this.filter = o.filter ?? null;
    this.onCounted = o.onCounted ?? null;
    this.b = this.options.batchMs;
    this.w = this.options.windowMs / this.b;
    this.s = this.options.slideMs / this.b;
    this.totals = new RunningTotals(this.options.maxTotalKeys, this.strings);
    this.ids = new RecentIds(this.options.dedupHorizonMs, this.options.maxIds);
    this.detail = new WindowDetail({ options: this.options, batches: this.batches, dict: this.strings });
    if (o.state) this.load(o.state);
  }

  /** Everything besides the options, for a checkpoint (`toCheckpoint`): live views, read them at once. */
  state(): CounterState {
    return {
      batches: this.batches.all(),
      windowEnd: this.windowEnd,
      closedIdx: this.closedIdx,
      nextEnd: this.nextEnd,
      prevNonEmpty: this.prevNonEmpty,
      totalsUpTo: this.totalsUpTo,
      totals: { tweets: this.totals.tweets, maxError: this.totals.maxError, entries: this.totals.dump() },
      ids: this.ids.entries(),
      sourceWatermark: this.sourceWatermark,
      maxEventTime: this.maxEventTime,
      sawArrivalTime: this.sawArrivalTime,
      unplaced: this.unplaced,
      formSeq: this.formSeq,
      seq: this.seq,
      prevRanks: this.prevRanks,
      lastResult: this.lastResult,
      lifetime: this.lifetime,
      firstBatchIndex: this.firstIdx,
    };
  }

  /**
   * Changes window, slide, top K, the retweet setting or the retention live. The window is rebuilt
   * from the retained batches at once, so the next result uses the new settings; the retweet setting
   * applies to tweets arriving from now on. Retention stays at least the window; lowering it lets the
   * next batch close forget more, raising it cannot bring back forgotten batches. The batch interval
   * cannot change here (batches cannot be re-cut). Related tags: from the next window whose batches all counted pairs.
   */
  reconfigure(patch: Partial<Pick<CounterOptions, LiveOption>>): void {
    const next = resolveOptions({ ...this.options, ...patch });
    this.options = next;
    this.detail.reconfigure(next);
    this.w = next.windowMs / this.b;
    this.s = next.slideMs / this.b;
    if (Number.isFinite(this.windowEnd)) {
      this.window.clear();
      this.batches.each(this.windowEnd - this.w, this.windowEnd, (b) => this.window.add(b));
      this.detail.rebuild(this.windowEnd - this.w, this.windowEnd);
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
    return this.batches.oldestIndex;
  }

  /** `key`'s count in each retained batch of [from, to) summed (batch indices; unretained batches count 0). */
  keyCount(key: string, from: number, to: number): number {
    return this.batches.keyCount(key, from, to);
  }

  /**
   * Every key counted in the retained batches of [from, to) with its summed count and its
   * primary (first-seen) surface form, without `#`, in the NEWEST batch of the range that
   * holds it. Order unspecified.
   */
  keyCounts(from: number, to: number): Map<string, { count: number; form: string }> {
    return this.batches.keyCounts(from, to);
  }

  /** The primary (first-seen) surface form, without `#`, of `key` in the newest retained batch holding it; null if none. */
  latestForm(key: string): string | null {
    return this.batches.latestForm(key);
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
      batch.addTweet(tags, this.formSeq++, tweet);
      if (this.onCounted !== null && tags.length > 0) this.onCounted(tweet, tags);
      this.lifetime.overflow += batch.stats.overflow - overflowBefore;
    }
    if (this.sourceWatermark === null && tweet.time !== null) this.advance();
  }

  /** Input lines lost before they reached us (a gap in the source's log): counted where the gap was seen. */
  lost(lines: number): void {
    this.lifetime.lost += lines;
    this.openStats().lost += lines;
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
    const last = this.batches.newestIndex;
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
    const k = this.batches.firstWithTweetsFrom(after);
    return k === null ? reachOpen : Math.min((Math.floor(k / s) + 1) * s, reachOpen);
  }

  private moveWindowTo(e: number): void {
    const [start, oldStart, oldEnd] = [e - this.w, this.windowEnd - this.w, this.windowEnd];
    if (start >= this.windowEnd) {
      this.window.clear();
      this.batches.each(start, e, (b) => this.window.add(b));
    } else {
      this.batches.each(this.windowEnd, e, (b) => this.window.add(b));
      this.batches.each(oldStart, start, (b) => this.window.subtract(b));
    }
    this.windowEnd = e;
    if (e > this.totalsUpTo) {
      // Batches below e are closed: each is folded into the totals as it is compacted.
      this.batches.each(this.totalsUpTo, e, (retained) => {
        const b = asOpen(retained);
        this.totals.tweets += b.stats.tweets;
        this.batches.replace(new CompactBatch(b, this.strings, this.foldIntoTotals));
        this.detail.recycle(b);
      });
      this.totalsUpTo = e;
    }
    this.detail.moved(oldStart, oldEnd, start, e);
  }

  private emit(e: number): void {
    const started = this.clock.monotonic();
    const { result, ranks } = windowResult({
      seq: this.seq++,
      end: e,
      batchMs: this.b,
      windowBatches: this.w,
      topK: this.options.topK,
      related: this.detail.forResult(this.options.related),
      window: this.window,
      prevRanks: this.prevRanks,
      tallies: (key) => this.batches.talliesOf(key, e - this.w, e),
      totals: this.totals,
    });
    this.prevRanks = ranks;
    result.stats.processingMs = round3(Math.max(0, this.clock.monotonic() - started));
    this.lastResult = result;
    this.lifetime.emitted++;
    this.sink(result);
  }

  /** Drops batches that no window, total or retention still needs, and ids past the horizon. */
  private forgetOld(): void {
    const retain = Math.ceil(this.options.retentionMs / this.b);
    this.batches.dropBelow(Math.min(this.windowEnd - this.w, this.totalsUpTo, this.closedIdx - retain));
    this.detail.releaseBelow(this.windowEnd - this.w);
    const wm = this.watermark;
    // Ids of tweets in batches still open must stay, or a re-delivery into an open batch would count twice.
    if (wm !== null) this.ids.expire(Math.min(wm, this.closedIdx * this.b));
  }

  private readonly foldIntoTotals = (keyId: number, formId: number, tally: KeyTally): void =>
    this.totals.addInterned(keyId, formId, tally);

  /** Takes over a checkpoint's state (see `state()`); the batches closed and folded are compacted. */
  private load(s: CounterState): void {
    for (const b of s.batches) this.batches.insert(b);
    this.firstIdx = s.firstBatchIndex;
    this.windowEnd = s.windowEnd;
    this.closedIdx = s.closedIdx;
    this.nextEnd = s.nextEnd;
    this.prevNonEmpty = s.prevNonEmpty;
    this.totalsUpTo = s.totalsUpTo;
    this.totals.tweets = s.totals.tweets;
    for (const { key, count, error, forms } of s.totals.entries) {
      this.totals.add(key, { ...forms, count: count - error }, error);
    }
    this.totals.maxError = s.totals.maxError;
    for (const [id, time] of s.ids) this.ids.add(id, time);
    this.sourceWatermark = s.sourceWatermark;
    this.maxEventTime = s.maxEventTime;
    this.sawArrivalTime = s.sawArrivalTime;
    this.unplaced = { ...s.unplaced };
    this.formSeq = s.formSeq;
    this.seq = s.seq;
    this.prevRanks = new Map(s.prevRanks);
    this.lastResult = s.lastResult;
    Object.assign(this.lifetime, s.lifetime);
    // Batches closed and already folded into the totals are compacted, as they were when saved.
    this.batches.each(-Infinity, Math.min(this.totalsUpTo, this.closedIdx), (b) => {
      if (!(b instanceof CompactBatch)) this.batches.replace(new CompactBatch(b, this.strings));
    });
    if (!Number.isFinite(this.windowEnd)) return;
    this.batches.each(this.windowEnd - this.w, this.windowEnd, (b) => this.window.add(b));
    this.detail.rebuild(this.windowEnd - this.w, this.windowEnd);
  }

  private batch(k: number): BatchCounts {
    const existing = this.batches.get(k);
    if (existing !== undefined) return asOpen(existing);
    const b = new BatchCounts(k, this.options.maxKeysPerBatch, this.detail.forNewBatch());
    if (this.batches.size === 0) {
      addStats(b.stats, this.unplaced, 1);
      this.unplaced = emptyStats();
    }
    this.batches.insert(b);
    return b;
  }

  /** The stats of the batch now filling: where late, duplicate and malformed lines are counted. */
  private openStats(): BatchStats {
    const wm = this.watermark;
    if (wm === null) return this.unplaced;
    return this.batch(Math.max(this.closedIdx, Math.floor(wm / this.b))).stats;
  }
}

/** Batches are compacted only once closed and folded, so a batch still written to or folded is a map. */
function asOpen(b: RetainedBatch): BatchCounts {
  if (b instanceof CompactBatch) throw new Error(`batch ${b.index} is compacted but still in use`);
  return b;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
