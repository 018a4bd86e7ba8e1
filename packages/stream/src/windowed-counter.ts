import type { BatchResult } from '@tagstream/protocol';
import type { Clock } from '@tagstream/time';
import { extractHashtags, LONG_ID, type ScannedTweet, type Tweet } from '@tagstream/tweets';
import { BatchCounts, emptyStats, type BatchStats } from './batch-counts.ts';
import { restoreDetail, savedBatch } from './batch-detail-json.ts';
import type { TweetOrigin } from './batch-profiles.ts';
import { CompactBatch } from './compact-batch.ts';
import { emptyCounterTotals, type CounterTotals } from './counter-totals.ts';
import type { CounterState } from './counter-state.ts';
import type { WindowedCounterOptions } from './counter-wiring.ts';
import { resolveOptions, type CounterOptions, type LiveOption } from './options.ts';
import { RecentIds } from './recent-ids.ts';
import { RetainedBatches } from './retained-batches.ts';
import { longIdOf, tweetOfLine } from './scanned-line.ts';
import { StringDictionary } from './string-dictionary.ts';
import { TagForms } from './tag-forms.ts';
import { addStats } from './window-counts.ts';
import { WindowDetail } from './window-detail.ts';
import { asOpen, WindowEmission } from './window-emission.ts';

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

  /** Every string the counter keeps, once: batches, windows and totals hold ids in it; `tags` maps hashtags to them. */
  private readonly strings = new StringDictionary();
  private readonly tags: TagForms;
  /** Open and unfolded batches are `BatchCounts`; folded ones are compacted (`CompactBatch`). */
  private readonly batches = new RetainedBatches();
  /** The open batch the last tweet went to (most go to the same one; one compacted since is never asked for). */
  private lastOpen: BatchCounts | null = null;
  /** Windows, results and running totals, from the batches as they close. */
  private readonly emission: WindowEmission;
  /** Key pairs and profiles, kept per batch for the window only: related tags and who wrote a tag's tweets. */
  readonly detail: WindowDetail;
  /** Batches below this index are closed; tweets for them are late. */
  private closedIdx = -Infinity;
  private readonly ids: RecentIds;
  private firstIdx: number | null = null;

  private sourceWatermark: number | null = null;
  private maxEventTime: number | null = null;
  private sawArrivalTime = false;
  /** Stats that arrived before any batch existed, folded into the first one. */
  private unplaced: BatchStats = emptyStats();
  private formSeq = 0;

  private readonly clock: Clock;
  private readonly filter: ((t: Tweet) => boolean) | null;
  private readonly onCounted: ((t: Tweet, tags: readonly string[]) => void) | null;

  constructor(o: WindowedCounterOptions) {
    this.options = resolveOptions(o.counting);
    this.clock = o.clock;
    this.filter = o.filter ?? null;
    this.onCounted = o.onCounted ?? null;
    this.b = this.options.batchMs;
    this.detail = new WindowDetail({ options: this.options, batches: this.batches, dict: this.strings });
    this.emission = new WindowEmission({
      detail: this.detail,
      batches: this.batches,
      strings: this.strings,
      clock: o.clock,
      sink: o.sink,
      lifetime: this.lifetime,
      batchMs: this.b,
      maxTotalKeys: this.options.maxTotalKeys,
    });
    this.shapeWindows();
    this.tags = new TagForms(this.strings, this.options.maxTagForms);
    this.ids = new RecentIds(this.options.dedupHorizonMs, this.options.maxIds);
    if (o.state) this.load(o.state);
  }

  /** Everything besides the options, for a checkpoint (`toCheckpoint`): live views, read them at once. */
  state(): CounterState {
    const em = this.emission;
    return {
      batches: this.batches.all().map(savedBatch),
      windowEnd: em.windowEnd,
      closedIdx: this.closedIdx,
      nextEnd: em.nextEnd,
      prevNonEmpty: em.prevNonEmpty,
      totalsUpTo: em.totalsUpTo,
      totals: { tweets: em.totals.tweets, maxError: em.totals.maxError, entries: em.totals.dump() },
      ids: this.ids.entries(),
      sourceWatermark: this.sourceWatermark,
      maxEventTime: this.maxEventTime,
      sawArrivalTime: this.sawArrivalTime,
      unplaced: this.unplaced,
      formSeq: this.formSeq,
      seq: em.seq,
      prevRanks: em.prevRanks,
      lastResult: em.lastResult,
      lifetime: this.lifetime,
      firstBatchIndex: this.firstIdx,
    };
  }

  /**
   * Changes window, slide, top K, retweets or retention live: the window is rebuilt at once, so
   * the next result uses them; retweets apply to tweets from now on. Retention stays at least the
   * window; raising it cannot bring back batches already forgotten. Not the batch interval:
   * batches cannot be re-cut. Related tags: from the next window whose batches all counted pairs.
   */
  reconfigure(patch: Partial<Pick<CounterOptions, LiveOption>>): void {
    this.options = resolveOptions({ ...this.options, ...patch });
    this.detail.reconfigure(this.options);
    this.shapeWindows();
    this.emission.rebuild();
  }

  /** The first batch index that ever held a counted tweet (kept in the checkpoint), or null before any. */
  get firstBatchIndex(): number | null {
    return this.firstIdx;
  }

  /** Whether each batch of [from, to) holds a tweet: then closing them one by one emits what closing them at once does. */
  batchesHaveTweets(from: number, to: number): boolean {
    for (let k = from; k < to; k++) if (!((this.batches.get(k)?.stats.tweets ?? 0) > 0)) return false;
    return true;
  }

  /** Index of the oldest batch still retained, or null when none is. */
  get oldestRetainedBatchIndex(): number | null {
    return this.batches.oldestIndex;
  }

  /** `key`'s count in each retained batch of [from, to) summed (batch indices; unretained batches count 0). */
  keyCount(key: string, from: number, to: number): number {
    return this.batches.keyCount(key, from, to);
  }

  /** Each key counted in retained batches [from, to): summed count, first-seen form (no `#`) in the NEWEST batch holding it. */
  keyCounts(from: number, to: number): Map<string, { count: number; form: string }> {
    return this.batches.keyCounts(from, to);
  }

  /** The primary (first-seen) surface form, without `#`, of `key` in the newest retained batch holding it; null if none. */
  latestForm(key: string): string | null {
    return this.batches.latestForm(key);
  }

  /** The latest emission, if any. */
  get latest(): BatchResult | null {
    return this.emission.lastResult;
  }

  /** The current watermark in epoch ms, or null before the stream has said anything about time. */
  get watermark(): number | null {
    if (this.sourceWatermark !== null) return this.sourceWatermark;
    if (this.maxEventTime !== null) return this.maxEventTime - this.options.latenessMs;
    if (this.sawArrivalTime) return this.clock.now();
    return null;
  }

  /** Whether `addScanned` is worth calling: not while a filter or the tag profiles need every tweet decoded. */
  get takesScanned(): boolean {
    return this.filter === null && !this.options.tagProfiles;
  }

  /** Counts one tweet (or drops it as filtered, duplicate or late), then closes whatever its time closed. */
  add(tweet: Tweet): void {
    if ((!this.options.retweets && tweet.retweet) || (this.filter !== null && !this.filter(tweet))) {
      this.lifetime.filtered++;
      return;
    }
    this.tags.trim();
    let time = tweet.time;
    if (time === null) time = this.arrivalTime();
    else this.sawEventTime(time);
    const k = Math.floor(time / this.b);
    if (this.admitted(k, tweet.id === null || this.ids.add(tweet.id, time))) {
      const tags = tweet.hashtags ?? extractHashtags(tweet.text);
      this.countTags(k, this.tags.resolveStrings(tags), tweet);
      if (this.onCounted !== null && tags.length > 0) this.onCounted(tweet, tags);
    }
    if (this.sourceWatermark === null && tweet.time !== null) this.advance();
  }

  /**
   * Counts a tweet the byte-level reader read from the line `[lineStart, lineEnd)` of `buf`
   * (`scanLineBytes`): exactly what `add` does with the tweet the exact path makes of that
   * line, without making it. Ids are deduplicated as numbers and hashtags counted by the ids
   * their bytes have; a tweet is decoded only for a filter or for `onCounted`.
   */
  addScanned(t: ScannedTweet, buf: Uint8Array, lineStart: number, lineEnd: number): void {
    if (!this.takesScanned) {
      this.add(tweetOfLine(buf, lineStart, lineEnd));
      return;
    }
    if (!this.options.retweets && t.retweet) {
      this.lifetime.filtered++;
      return;
    }
    this.tags.trim();
    const time = t.time;
    this.sawEventTime(time);
    let fresh = true;
    if (t.idDigits > 0) fresh = this.ids.addDigits(t.idHigh, t.idLow, t.idDigits, time);
    else if (t.idDigits === LONG_ID) fresh = this.ids.add(longIdOf(t, buf), time);
    const k = Math.floor(time / this.b);
    if (this.admitted(k, fresh)) {
      const n = this.tags.resolveScanned(t, buf);
      this.countTags(k, n);
      if (this.onCounted !== null && n > 0) {
        const tweet = tweetOfLine(buf, lineStart, lineEnd);
        this.onCounted(tweet, tweet.hashtags ?? extractHashtags(tweet.text));
      }
    }
    if (this.sourceWatermark === null) this.advance();
  }

  /** Input lines lost before they reached us (a gap in the source's log): counted where the gap was seen. */
  lost(lines: number): void {
    this.lifetime.lost += lines;
    this.openStats().lost += lines;
  }
  /** Batch `k` and the tag table, for hashtags counted elsewhere (batch-fill.ts); null once closed. */
  openBatch(k: number): [BatchCounts, TagForms] | null {
    return k < this.closedIdx ? null : [this.batch(k), this.tags];
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
    this.closeUpTo(this.emission.trailingEnd(last));
  }

  private shapeWindows(): void {
    const o = this.options;
    this.emission.shape(o.windowMs / this.b, o.slideMs / this.b, o.topK, o.related);
  }

  private sawEventTime(time: number): void {
    if (this.maxEventTime === null || time > this.maxEventTime) this.maxEventTime = time;
  }

  /** Whether a tweet for batch `k` is counted; a duplicate (`fresh` false) or late one is counted as such instead. */
  private admitted(k: number, fresh: boolean): boolean {
    if (!fresh) {
      this.lifetime.duplicates++;
      this.openStats().duplicates++;
      return false;
    }
    if (k < this.closedIdx) {
      this.lifetime.late++;
      this.openStats().late++;
      return false;
    }
    return true;
  }

  /** Counts the tweet whose `n` hashtags `tags` holds in batch `k`; `origin` for the batch's profiles. */
  private countTags(k: number, n: number, origin?: TweetOrigin): void {
    this.lifetime.tweets++;
    if (this.firstIdx === null || k < this.firstIdx) this.firstIdx = k;
    const batch = this.batch(k);
    const overflowBefore = batch.stats.overflow;
    batch.addTweet(this.tags.keys, this.tags.forms, n, this.formSeq++, origin);
    this.lifetime.overflow += batch.stats.overflow - overflowBefore;
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
    this.emission.closeTo(idx);
    this.forgetOld();
  }

  /** Drops batches that no window, total or retention still needs, and ids past the horizon. */
  private forgetOld(): void {
    const retain = Math.ceil(this.options.retentionMs / this.b);
    this.batches.dropBelow(Math.min(this.emission.neededFrom, this.closedIdx - retain));
    this.detail.releaseBelow(this.emission.windowEnd - this.emission.windowBatches);
    const wm = this.watermark;
    // Ids of tweets in batches still open must stay, or a re-delivery into an open batch would count twice.
    if (wm !== null) this.ids.expire(Math.min(wm, this.closedIdx * this.b));
  }

  /** Takes over a checkpoint's state (see `state()`); the batches closed and folded are compacted. */
  private load(s: CounterState): void {
    for (const saved of s.batches) {
      const b = new BatchCounts(saved.index, this.options.maxKeysPerBatch, this.strings);
      Object.assign(b.stats, saved.stats);
      for (const [key, tally] of saved.tallies) {
        const keyId = this.strings.acquire(key);
        b.restore(keyId, tally);
        this.strings.release(keyId);
      }
      if (saved.detail !== undefined) restoreDetail(b, saved.detail, this.options);
      this.batches.insert(b);
    }
    const em = this.emission;
    this.firstIdx = s.firstBatchIndex;
    em.windowEnd = s.windowEnd;
    this.closedIdx = s.closedIdx;
    em.nextEnd = s.nextEnd;
    em.prevNonEmpty = s.prevNonEmpty;
    em.totalsUpTo = s.totalsUpTo;
    em.totals.tweets = s.totals.tweets;
    for (const { key, count, error, forms } of s.totals.entries) {
      em.totals.add(key, { ...forms, count: count - error }, error);
    }
    em.totals.maxError = s.totals.maxError;
    for (const [id, time] of s.ids) this.ids.add(id, time);
    this.sourceWatermark = s.sourceWatermark;
    this.maxEventTime = s.maxEventTime;
    this.sawArrivalTime = s.sawArrivalTime;
    this.unplaced = { ...s.unplaced };
    this.formSeq = s.formSeq;
    em.seq = s.seq;
    em.prevRanks = new Map(s.prevRanks);
    em.lastResult = s.lastResult;
    Object.assign(this.lifetime, s.lifetime);
    // Batches closed and already folded into the totals are compacted, as they were when saved.
    this.batches.each(-Infinity, Math.min(em.totalsUpTo, this.closedIdx), (b) => {
      if (b instanceof CompactBatch) return;
      this.batches.replace(new CompactBatch(b, this.strings));
      b.release();
    });
    if (Number.isFinite(em.windowEnd)) {
      const w = this.options.windowMs / this.b;
      this.batches.each(em.windowEnd - w, em.windowEnd, (b) => em.window.add(b));
      this.detail.rebuild(em.windowEnd - w, em.windowEnd);
    }
  }

  private batch(k: number): BatchCounts {
    const last = this.lastOpen;
    if (last !== null && last.index === k) return last;
    const existing = this.batches.get(k);
    if (existing !== undefined) return (this.lastOpen = asOpen(existing));
    const b = new BatchCounts(k, this.options.maxKeysPerBatch, this.strings);
    if (last !== null) b.reserve(last.size, last.otherForms.size); // consecutive batches hold about as many keys
    Object.assign(b, this.detail.forNewBatch());
    if (this.batches.size === 0) {
      addStats(b.stats, this.unplaced, 1);
      this.unplaced = emptyStats();
    }
    this.batches.insert(b);
    return (this.lastOpen = b);
  }

  /** The stats of the batch now filling: where late, duplicate and malformed lines are counted. */
  private openStats(): BatchStats {
    const wm = this.watermark;
    if (wm === null) return this.unplaced;
    return this.batch(Math.max(this.closedIdx, Math.floor(wm / this.b))).stats;
  }
}
